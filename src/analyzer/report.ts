/**
 * The report the CLI prints and `audit()` returns. Its JSON form is versioned: fields are only
 * added within a version; a rename or removal bumps `version`. Documented in the README.
 */
export const REPORT_VERSION = 1;

export interface Location {
  /** Path relative to the analysed root, with `/` separators. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, as ESLint prints it. */
  readonly column: number;
}

export interface Range extends Location {
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ChainStep extends Location {
  /** The call at this step, e.g. `sendReceipt(order)`. */
  readonly text: string;
}

export type Severity = 'error' | 'warning';

export interface ReportFinding extends Range {
  /** `job-audit/<rule-id>`, as in ESLint and SARIF. */
  readonly ruleId: string;
  readonly rule: string;
  readonly messageId: string;
  readonly message: string;
  readonly severity: Severity;
  readonly job?: string;
  readonly chain?: readonly ChainStep[];
  /** The reported code, whitespace collapsed (at most 200 characters). */
  readonly snippet?: string;
  /** Stable id of the finding: rule + file + job + snippet (survives code moving within the file). */
  readonly fingerprint?: string;
  /** The rule's safe autofix (what `--fix` and ESLint `--fix` apply), as edits of the file's text. */
  readonly fix?: readonly ReportEdit[];
  /** The rule's suggestions (ESLint's editor quick-fixes; `--fix-suggestions <rule>` applies the first). */
  readonly suggestions?: readonly ReportSuggestion[];
}

export interface ReportEdit {
  /** `[start, end)` offsets in the file's text (UTF-16 code units, as in ESLint). */
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface ReportSuggestion {
  readonly messageId: string;
  readonly message: string;
  readonly edits: readonly ReportEdit[];
}

export interface JobEntry extends Location {
  /** Job, queue, task or function name; `null` when it is not a literal. */
  readonly name: string | null;
  /** Catalogue id of the framework (`bullmq`). */
  readonly framework: string;
  readonly frameworkTitle: string;
  /** How messages name the job: "BullMQ job 'emails'". */
  readonly label: string;
  /** What the job does, where it is enqueued and how it retries (the per-job report). */
  readonly detail?: JobDetail;
  /**
   * The job's findings, as indexes into the report's `findings` (ascending): findings inside its
   * handler or helpers (their `job` is this job's `label`, project findings naming it included),
   * findings at its registration (the handler site), and findings at an enqueue site routed to it.
   * A finding may belong to several jobs (two handlers of one queue share a label). Added within
   * report version 1.
   */
  readonly findings?: readonly number[];
}

export interface JobDetail {
  /** Effects, writes, enqueues and transactions the handler performs, helpers included, in order. */
  readonly operations: readonly JobOperation[];
  /** Enqueue sites routed to this job by name or queue, with the key each passes. */
  readonly enqueuedAt: readonly JobEnqueueSite[];
  /** The retry policy when it is written at the handler (Inngest, Agenda). */
  readonly retry?: JobRetry;
}

export interface JobOperation extends Location {
  readonly kind: 'effect' | 'write' | 'enqueue' | 'transaction';
  /** "Email via nodemailer `sendMail`", "Prisma write `prisma.user.update`". */
  readonly label: string;
  /** What makes a rerun safe: a guard before it, a key on it, its transaction, a durable step, or nothing. */
  readonly protection: 'guard' | 'key' | 'transaction' | 'step' | 'none';
  readonly chain?: readonly ChainStep[];
}

export interface JobEnqueueSite extends Location {
  /** The dedup or idempotency key passed, as written (`\`receipt:${order.id}\``), or null. */
  readonly key: string | null;
  readonly retry?: JobRetry;
}

export interface JobRetry extends JobPolicyValue {
  /**
   * Where the delay between attempts comes from, for frameworks with a backoff option (BullMQ/Bull
   * `backoff`, pg-boss `retryDelay`/`retryBackoff`, Bee-Queue `.backoff()`): the first one set, or
   * the framework default (`value: 'none'`).
   */
  readonly backoff?: JobPolicyValue;
}

/** One policy value and where it came from. */
export interface JobPolicyValue {
  /** The framework's option (`attempts`, `retryLimit`, `retries`, `backoff`). */
  readonly option: string;
  /** Its effective value: a number, the expression as written, `'none'` for an unset backoff, or null when it cannot be seen. */
  readonly value: number | string | null;
  /** "job options", "queue defaults", "queue options", "<framework> default", "not visible". */
  readonly source: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface EnqueueEntry extends Location {
  readonly name: string | null;
  readonly framework: string;
}

export interface AuditReport {
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: 'job-audit'; readonly version: string };
  /** Absolute path of the analysed directory. */
  readonly root: string;
  readonly summary: {
    readonly files: number;
    readonly jobs: number;
    readonly enqueues: number;
    readonly findings: number;
    /** Findings hidden by suppression comments. */
    readonly suppressed?: number;
    /** Findings hidden because the baseline knows them (`--baseline`). */
    readonly baselined?: number;
  };
  readonly jobs: readonly JobEntry[];
  readonly enqueues: readonly EnqueueEntry[];
  readonly findings: readonly ReportFinding[];
  /** Things the user should know about the run (files that failed to parse, fallbacks taken). */
  readonly notes: readonly string[];
  /** Where the configuration came from (`job-audit.config.json`, `package.json#job-audit`), when there was one. */
  readonly config?: string;
}

/**
 * The report with only `kept` of its findings (a subset, in order: what `--fix` left, what a
 * baseline does not know); each job's `findings` indexes follow.
 */
export function withFindings(report: AuditReport, kept: readonly ReportFinding[]): AuditReport {
  const keptSet = new Set(kept);
  const newIndex = new Map<number, number>();
  let next = 0;
  report.findings.forEach((finding, index) => {
    if (keptSet.has(finding)) newIndex.set(index, next++);
  });
  const jobs = report.jobs.map((job) =>
    job.findings ? { ...job, findings: job.findings.flatMap((index) => (newIndex.has(index) ? [newIndex.get(index)!] : [])) } : job,
  );
  return { ...report, jobs, findings: kept, summary: { ...report.summary, findings: kept.length } };
}
