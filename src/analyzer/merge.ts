/**
 * Merging the per-file results of `analyseFiles` (one partition in a serial run, one per worker
 * thread with `threads`) into the report. The serial run goes through this same code, so both
 * give the same report: handlers and findings reached from two files count once (first file
 * first), suppression comments apply where a finding is reported, the project rules judge the
 * facts of every file, notes keep the serial order.
 */
import { createHash } from 'node:crypto';
import { formatMessage } from '../checks/types.js';
import { globMatcher } from '../config/glob.js';
import { analysisFailure, type EnabledRule } from './audit.js';
import { DetailFailure, jobDetail, type LocalDetail } from './job-report.js';
import { enqueueRoutes, judgeProject, mergeFacts, payloadRequests, type PayloadAnswer, type PayloadRequest, type ProjectFacts } from './project-rules.js';
import { relative, type NodeRef } from './refs.js';
import {
  REPORT_VERSION,
  type AuditReport,
  type ChainStep,
  type EnqueueEntry,
  type JobEntry,
  type Location,
  type Range,
  type ReportEdit,
  type ReportFinding,
  type ReportSuggestion,
} from './report.js';
import { applyDirectives, directiveNotes, type readDirectives } from './suppress.js';

/** The suppression comments of one file, or why they could not be read. */
export type DirectivesRead = { readonly directives: ReturnType<typeof readDirectives> } | { readonly failed: string };

/** What one analysed file contributes (plain data: it crosses threads). */
export interface FileResult {
  /** Index among the analysed files (every thread lists them alike). */
  readonly index: number;
  readonly fileName: string;
  /** Syntax errors, a skipped file, a rule that failed: in the order a serial run notes them. */
  readonly notes: string[];
  /** Every handler of the file, by the key of its function, with the range of its registration (`new Worker(…)`). */
  readonly handlers: { readonly fn: string; readonly entry: JobEntry; readonly site?: Range }[];
  readonly enqueues: EnqueueEntry[];
  /** Findings of the file's checks, in order, with the file they are reported in. */
  readonly findings: { readonly reported: ReportFinding; readonly reportedIn: string }[];
  /** The file has `job-audit-ignore` comments (noted even without findings). */
  ignoreComments?: boolean;
  /** For the project rules and the per-job report; absent when the file could not be modelled. */
  facts?: ProjectFacts;
}

export interface PartitionResult {
  /** How many files the run analyses (all partitions). */
  readonly total: number;
  /** How many more it read but did not parse: they cannot hold job code (relevance.ts). */
  readonly skimmed: number;
  /** Notes from loading the project. */
  readonly loadNotes: readonly string[];
  readonly files: readonly FileResult[];
  /** Suppression comments by absolute file name: of every file a finding or a fact points into. */
  readonly directives: ReadonlyMap<string, DirectivesRead>;
  /** The local part of each job's report, by handler key. */
  readonly details: ReadonlyMap<string, LocalDetail>;
  /** The per-job report could not be prepared (policies of the partition's files). */
  readonly detailFailure?: string;
  /** The project facts could not be collected. */
  readonly projectFailure?: string;
}

export interface AssembleInput {
  readonly root: string;
  readonly version: string;
  readonly configSource: string | undefined;
  readonly ignore: readonly string[];
  /** The enabled project rules (severity). */
  readonly rules: readonly EnabledRule[];
  readonly partitions: readonly PartitionResult[];
  /** Answers payload comparisons: per partition that analysed the handler, the answers it gave. */
  readonly answer: (requests: readonly PayloadRequest[], owners: readonly number[]) => readonly ReadonlyMap<number, PayloadAnswer>[];
}

export function assembleReport(input: AssembleInput): AuditReport {
  const { root, partitions } = input;
  const ignored = globMatcher(input.ignore);
  const notes = [...(partitions[0]?.loadNotes ?? [])];
  const jobs: JobEntry[] = [];
  const jobKeys: string[] = [];
  const enqueues: EnqueueEntry[] = [];
  const findings: ReportFinding[] = [];
  let suppressed = 0;
  const files = partitions
    .flatMap((partition, owner) => partition.files.map((file) => ({ file, owner })))
    .sort((a, b) => a.file.index - b.file.index);
  const directivesByFile = new Map<string, ReturnType<typeof readDirectives>>();
  const directivesOf = (fileName: string, display: string) => {
    let directives = directivesByFile.get(fileName);
    if (!directives) {
      const read = partitions.map((partition) => partition.directives.get(fileName)).find((entry) => entry !== undefined);
      if (read && 'failed' in read) notes.push(`${display}: suppression comments not read, ${read.failed}`);
      // A clone: `applyDirectives` marks the comments it used.
      directives = read && 'directives' in read ? read.directives.map((directive) => ({ ...directive })) : [];
      directivesByFile.set(fileName, directives);
    }
    return directives;
  };
  /** Adds the findings reported in one file, minus ignored files and suppression comments. */
  const keep = (reportedIn: string, list: readonly ReportFinding[]): void => {
    const display = list[0]!.file;
    // A finding located in an ignored file (a helper reached from elsewhere) is not reported either.
    if (ignored(display)) return;
    const directives = directivesOf(reportedIn, display);
    if (directives.length === 0) {
      findings.push(...list);
      return;
    }
    const result = applyDirectives(
      list.map((finding) => ({ finding, rule: finding.rule, line: finding.line - 1 })),
      directives,
    );
    findings.push(...result.kept.map((kept) => kept.finding));
    suppressed += result.suppressed;
  };
  const keepAll = (list: readonly { readonly reported: ReportFinding; readonly reportedIn: string }[]) => {
    // Suppression comments are read in the file where each finding is reported.
    const byFile = new Map<string, ReportFinding[]>();
    for (const { reported, reportedIn } of list) {
      let group = byFile.get(reportedIn);
      if (!group) byFile.set(reportedIn, (group = []));
      group.push(reported);
    }
    for (const [reportedIn, group] of byFile) keep(reportedIn, group);
  };

  // A handler or finding reached from two files (a task directory and the task file itself) counts once.
  const seenHandlers = new Set<string>();
  const seenFindings = new Set<string>();
  const owners = new Map<string, number>();
  const handlerSites = new Map<string, Range>();
  for (const { file, owner } of files) {
    notes.push(...file.notes);
    for (const { fn, entry, site } of file.handlers) {
      if (seenHandlers.has(fn)) continue;
      seenHandlers.add(fn);
      owners.set(fn, owner);
      if (site) handlerSites.set(fn, site);
      jobs.push(entry);
      jobKeys.push(fn);
    }
    enqueues.push(...file.enqueues);
    keepAll(
      file.findings.filter(({ reported }) => {
        const key = `${reported.ruleId}\0${reported.file}\0${reported.line}:${reported.column}-${reported.endLine}:${reported.endColumn}`;
        if (seenFindings.has(key)) return false;
        seenFindings.add(key);
        return true;
      }),
    );
    // Ignore comments of this file are noted (missing reason, unused) even when it has no finding.
    if (file.ignoreComments) directivesOf(file.fileName, relative(root, file.fileName));
  }
  return finish();

  function finish(): AuditReport {
    const modelled = files.filter(({ file }) => file.facts);
    const projectFailure = partitions.map((partition) => partition.projectFailure).find((failure) => failure !== undefined);
    const facts = projectFailure === undefined ? mergeFacts(modelled.map(({ file }) => file.facts!)) : undefined;
    // The per-job report: what each job does, where it is enqueued, how it retries.
    try {
      if (!facts) throw new DetailFailure(projectFailure!);
      const failed = partitions.map((partition) => partition.detailFailure).find((detail) => detail !== undefined);
      if (failed !== undefined) throw new DetailFailure(failed);
      const routes = enqueueRoutes(facts);
      const details = jobs.map((_, index) => {
        const fn = jobKeys[index]!;
        const local = partitions[owners.get(fn)!]!.details.get(fn);
        return local ? jobDetail(local, (routes.get(fn) ?? []).map((producer) => producer.detail), facts.namedQueues) : undefined;
      });
      for (const [index, detail] of details.entries()) if (detail) jobs[index] = { ...jobs[index]!, detail };
    } catch (error) {
      notes.push(`per-job report skipped, ${error instanceof DetailFailure ? error.message : analysisFailure(error)}`);
    }
    // Project rules (analyzer only): they compare what every file enqueues and handles.
    try {
      if (!facts) throw new DetailFailure(projectFailure!);
      const requests = payloadRequests(facts);
      const consumerOwners = requests.map((request) => owners.get(request.fn) ?? 0);
      const answers = new Map<number, PayloadAnswer>();
      for (const map of input.answer(requests, consumerOwners)) for (const [consumer, answer] of map) answers.set(consumer, answer);
      const list: { reported: ReportFinding; reportedIn: string }[] = [];
      for (const finding of judgeProject(facts, answers)) {
        const rule = input.rules.find((candidate) => candidate.id === finding.rule);
        if (!rule) continue;
        list.push({ reported: findingAt(rule, finding.at, finding.messageId, finding.data, { job: finding.job }), reportedIn: finding.at.fileName });
      }
      keepAll(list);
    } catch (error) {
      notes.push(`project rules skipped, ${error instanceof DetailFailure ? error.message : analysisFailure(error)}`);
    }
    for (const [fileName, directives] of directivesByFile) notes.push(...directiveNotes(directives, relative(root, fileName)));
    const byPosition = (a: Location, b: Location) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    const keyOfJob = new Map(jobs.map((job, index) => [job, jobKeys[index]!]));
    jobs.sort(byPosition);
    enqueues.sort(byPosition);
    findings.sort((a, b) => byPosition(a, b) || a.ruleId.localeCompare(b.ruleId));
    // Each job's findings, by index into the final list (after suppression, deduplication and sorting).
    let routes: Map<string, { readonly at: Range }[]> | undefined;
    try {
      routes = facts ? enqueueRoutes(facts) : undefined;
    } catch {
      routes = undefined; // the enqueue sites are then unknown: findings there are not linked
    }
    for (const [index, job] of jobs.entries()) {
      const fn = keyOfJob.get(job)!;
      jobs[index] = { ...job, findings: jobFindings(findings, job.label, handlerSites.get(fn), (routes?.get(fn) ?? []).map((producer) => producer.at)) };
    }
    const total = partitions[0]?.total ?? 0;
    return {
      version: REPORT_VERSION,
      tool: { name: 'job-audit', version: input.version },
      root,
      summary: { files: total + (partitions[0]?.skimmed ?? 0), jobs: jobs.length, enqueues: enqueues.length, findings: findings.length, suppressed },
      jobs,
      enqueues,
      findings,
      notes,
      ...(input.configSource ? { config: input.configSource } : {}),
    };
  }
}

/**
 * The indexes of a job's findings: inside its handler (its label as `job`: helpers and project
 * findings naming it included), at its registration without a job of their own (a retry policy
 * written at `task({ … })`, a missing `failed` listener at `new Worker(…)`), and at an enqueue site
 * routed to it (the `retryWithoutBackoff` of `queue.add(…)`).
 */
function jobFindings(findings: readonly ReportFinding[], label: string, site: Range | undefined, enqueuedAt: readonly Range[]): number[] {
  const within = (finding: ReportFinding, range: Range) =>
    finding.file === range.file &&
    (finding.line > range.line || (finding.line === range.line && finding.column >= range.column)) &&
    (finding.endLine < range.endLine || (finding.endLine === range.endLine && finding.endColumn <= range.endColumn));
  const indexes: number[] = [];
  for (const [index, finding] of findings.entries()) {
    if (finding.job === label || (site && !finding.job && within(finding, site)) || enqueuedAt.some((range) => within(finding, range))) indexes.push(index);
  }
  return indexes;
}

/** A finding as the report holds it, at a node reference. */
export function findingAt(
  rule: Pick<EnabledRule, 'id' | 'messages' | 'severity'>,
  at: NodeRef,
  messageId: string,
  data: Record<string, unknown> | undefined,
  extra: { job?: string | undefined; chain?: readonly ChainStep[] | undefined; fix?: readonly ReportEdit[] | undefined; suggestions?: readonly ReportSuggestion[] | undefined },
): ReportFinding {
  const template = rule.messages[messageId] ?? messageId;
  const fingerprint = createHash('sha256')
    .update([rule.id, at.file, extra.job ?? '', at.snippet].join('\0'))
    .digest('hex')
    .slice(0, 16);
  return {
    ruleId: `job-audit/${rule.id}`,
    rule: rule.id,
    messageId,
    message: formatMessage(template, (data ?? {}) as Parameters<typeof formatMessage>[1]),
    severity: rule.severity,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    ...(extra.job ? { job: extra.job } : {}),
    ...(extra.chain ? { chain: extra.chain } : {}),
    snippet: at.snippet,
    fingerprint,
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.suggestions ? { suggestions: extra.suggestions } : {}),
  };
}
