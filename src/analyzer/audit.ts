/**
 * `audit()`: load a project, build each file's job model with the shared analysis (cross-file
 * resolution through the ts-morph project), run every rule's check and collect one report.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
// The `eslint-utils` entry point only: the package root costs ≈ 0.1 s to load.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type { SourceFile, ts } from 'ts-morph';
import { tsm } from './morph.js';
import type * as TS from 'typescript';
import { rules } from '../../rules/index.js';
import { getFileModel, type FileModel, type Handler } from '../analysis/model.js';
import { builtinCatalogue } from '../analysis/catalogue.js';
import { mayHoldJobCode } from '../analysis/relevance.js';
import { jobLabel } from '../checks/describe.js';
import { formatMessage, type Check, type Finding, type TextEdit } from '../checks/types.js';
import { catalogueFor } from '../config/load.js';
import { globMatcher } from '../config/glob.js';
import type { JobAuditConfig, RuleSeverity } from '../config/schema.js';
import { describeProblem, validate } from '../config/validate.js';
import { checkOf } from '../eslint/create-rule.js';
import { openCache, type CacheOptions } from './cache.js';
import { AuditError } from './errors.js';
import { scopedChecker } from './checker.js';
import { createHost } from './host.js';
import { jobDetails } from './job-report.js';
import { projectFindings, projectRuleMeta } from './project-rules.js';
import { loadProject, type LoadOptions } from './project.js';
import {
  REPORT_VERSION,
  type AuditReport,
  type ChainStep,
  type EnqueueEntry,
  type JobEntry,
  type Location,
  type ReportEdit,
  type ReportFinding,
  type Severity,
} from './report.js';
import { applyDirectives, directiveNotes, readDirectives } from './suppress.js';

export interface AuditOptions extends LoadOptions, CacheOptions {
  /** Directory to analyse. */
  readonly root: string;
  /** How many helper calls deep to follow from each handler (default 8). */
  readonly maxDepth?: number;
  /** Rule ids to run (default: every rule the configuration does not turn off). */
  readonly rules?: readonly string[];
  /** Configuration (already validated, see `loadConfig`): catalogue additions, rule settings, ignores. */
  readonly config?: JobAuditConfig;
  /** Where the configuration came from, for messages and the report. */
  readonly configSource?: string;
  /** Extra checks to run next to the plugin's rules (programmatic use and tests). */
  readonly extraChecks?: Readonly<Record<string, ExtraCheck>>;
  /** Called after each analysed file. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExtraCheck {
  readonly check: Check<readonly unknown[]>;
  readonly severity?: Severity;
}

interface EnabledRule {
  readonly id: string;
  readonly check: Check<readonly unknown[]>;
  readonly messages: Record<string, string>;
  readonly options: readonly unknown[];
  readonly severity: Severity;
}

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

export function audit(options: AuditOptions): AuditReport {
  const cache = openCache(options); // on-disk report cache (cache.ts); off unless options.cache
  const cached = cache?.read();
  if (cached) return cached;
  const config = options.config ?? {};
  const enabled = enabledRules(options, config);
  const enabledProject = enabledProjectRules(options, config);
  const catalogue = catalogueFor(config);
  // A file that imports nothing and names no catalogue global is read, not parsed (relevance.ts).
  const holdsJobCode = (text: string) => text.includes('job-audit-ignore') || mayHoldJobCode(text, catalogue ?? builtinCatalogue());
  const loaded = loadProject(options.root, { ...options, holdsJobCode });
  const { project, root } = loaded;
  const notes = [...loaded.notes];
  // Types are asked mostly about payloads, in the files that enqueue jobs: the checker covers those
  // files and what they import, built on the first question (see checker.ts); a question about
  // another file adds it.
  const built: FileModel[] = [];
  let prepared = false;
  const everything = () => project.getSourceFiles().map((file) => file.compilerNode.fileName);
  // A question while the models are still being built (a callee only its type can place) wants
  // types across the project: the checker then covers it all.
  const seeds = () => (prepared ? built.filter((model) => model.enqueues.length > 0).map((model) => model.context.sourceFile.fileName) : everything());
  const types = scopedChecker(project, root, seeds, everything);
  const checker = types.checker;
  const host = createHost(project);
  const ignored = globMatcher(config.ignore ?? []);
  const jobs: JobEntry[] = [];
  const enqueues: EnqueueEntry[] = [];
  const findings: ReportFinding[] = [];
  let suppressed = 0;
  // A handler or finding reached from two files (a task directory and the task file itself) counts once.
  const seenHandlers = new Set<ts.Node>();
  const seenFindings = new Set<string>();
  const directivesByFile = new Map<string, ReturnType<typeof readDirectives>>();
  const directivesOf = (file: TS.SourceFile) => {
    let directives = directivesByFile.get(file.fileName);
    if (!directives) {
      try {
        directives = readDirectives(tsm as unknown as typeof TS, file);
      } catch (error) {
        notes.push(`${relative(root, file.fileName)}: suppression comments not read, ${analysisFailure(error)}`);
        directives = [];
      }
      directivesByFile.set(file.fileName, directives);
    }
    return directives;
  };
  const files = loaded.files.filter((file) => !ignored(relative(root, file.getFilePath())));
  /** Adds the findings reported in one file, minus ignored files and suppression comments. */
  const keep = (reportedIn: TS.SourceFile, list: readonly ReportFinding[]): void => {
    // A finding located in an ignored file (a helper reached from elsewhere) is not reported either.
    if (ignored(relative(root, reportedIn.fileName))) return;
    const directives = directivesOf(reportedIn);
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

  const models: FileModel[] = [];
  const jobRecords: { fn: ts.Node; index: number }[] = [];
  const modelOf = (sourceFile: ts.SourceFile): FileModel =>
    // ts-morph bundles its own TypeScript; the analysis takes whichever `ts` built the nodes.
    getFileModel(tsm as unknown as typeof TS, sourceFile as unknown as TS.SourceFile, { checker, host, catalogue, maxDepth: options.maxDepth });
  // Every file's jobs and enqueues first, so that the type checker, if a question needs one, is
  // built once over the files that enqueue. A file that fails here is noted by the loop below.
  for (const file of files) {
    try {
      built.push(modelOf(file.compilerNode));
    } catch {
      // noted below
    }
  }
  prepared = true;
  // Files added on demand (a task directory, a sandboxed processor) are analysed from the file
  // that names them, so the loop covers the files of the analysed directory as loaded.
  for (const [index, file] of [...files].entries()) {
    options.onProgress?.(index, files.length);
    const sourceFile = file.compilerNode;
    const display = relative(root, sourceFile.fileName);
    const parseErrors = syntaxErrors(file);
    if (parseErrors) notes.push(`${display}: ${parseErrors} (analysed what parses)`);
    let model: FileModel;
    try {
      model = modelOf(sourceFile);
    } catch (error) {
      notes.push(`${display}: skipped, ${analysisFailure(error)}`);
      continue;
    }
    models.push(model);
    for (const handler of model.handlers) {
      if (seenHandlers.has(handler.fn as unknown as ts.Node)) continue;
      seenHandlers.add(handler.fn as unknown as ts.Node);
      const entry = jobEntry(root, model, handler);
      jobs.push(entry);
      jobRecords.push({ fn: handler.fn as unknown as ts.Node, index: jobs.length - 1 });
    }
    for (const site of model.enqueues) {
      enqueues.push({ ...locationOf(root, site.call), name: site.name ?? null, framework: site.framework.id });
    }
    const fileFindings: { reported: ReportFinding; sourceFile: TS.SourceFile }[] = [];
    for (const rule of enabled) {
      let produced: Finding[];
      try {
        produced = rule.check.check(model, rule.options);
      } catch (error) {
        notes.push(`${display}: ${rule.id} skipped, ${analysisFailure(error)}`);
        continue;
      }
      for (const finding of produced) {
        const reported = reportFinding(root, rule, finding);
        const key = `${reported.ruleId}\0${reported.file}\0${reported.line}:${reported.column}-${reported.endLine}:${reported.endColumn}`;
        if (seenFindings.has(key)) continue;
        seenFindings.add(key);
        fileFindings.push({ reported, sourceFile: finding.node.getSourceFile() });
      }
    }
    // Suppression comments are read in the file where each finding is reported.
    const byFile = new Map<TS.SourceFile, ReportFinding[]>();
    for (const { reported, sourceFile: reportedIn } of fileFindings) {
      let list = byFile.get(reportedIn);
      if (!list) byFile.set(reportedIn, (list = []));
      list.push(reported);
    }
    for (const [reportedIn, list] of byFile) keep(reportedIn, list);
    // Ignore comments of this file are noted (missing reason, unused) even when it has no finding.
    if (sourceFile.text.includes('job-audit-ignore')) directivesOf(sourceFile as unknown as TS.SourceFile);
  }
  // The per-job report: what each job does, where it is enqueued, how it retries.
  try {
    const details = jobDetails(models, (node) => locationOf(root, node as unknown as ts.Node));
    for (const { fn, index } of jobRecords) {
      const detail = details.get(fn as unknown as TS.Node);
      if (detail) jobs[index] = { ...jobs[index]!, detail };
    }
  } catch (error) {
    notes.push(`per-job report skipped, ${analysisFailure(error)}`);
  }
  // Project rules (analyzer only): they compare what every file enqueues and handles.
  try {
    const byProjectFile = new Map<TS.SourceFile, ReportFinding[]>();
    const beforeTypes = (files: readonly TS.SourceFile[]) => types.include(files.map((file) => file.fileName));
    for (const finding of projectFindings(models, { beforeTypes })) {
      const rule = enabledProject.find((candidate) => candidate.id === finding.rule);
      if (!rule) continue;
      const reportedIn = finding.node.getSourceFile() as unknown as TS.SourceFile;
      let list = byProjectFile.get(reportedIn);
      if (!list) byProjectFile.set(reportedIn, (list = []));
      list.push(reportFinding(root, rule, finding));
    }
    for (const [reportedIn, list] of byProjectFile) keep(reportedIn, list);
  } catch (error) {
    notes.push(`project rules skipped, ${analysisFailure(error)}`);
  }
  for (const [fileName, directives] of directivesByFile) notes.push(...directiveNotes(directives, relative(root, fileName)));
  options.onProgress?.(files.length, files.length);
  const byPosition = (a: Location, b: Location) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  jobs.sort(byPosition);
  enqueues.sort(byPosition);
  findings.sort((a, b) => byPosition(a, b) || a.ruleId.localeCompare(b.ruleId));
  const report: AuditReport = {
    version: REPORT_VERSION,
    tool: { name: 'job-audit', version },
    root,
    summary: { files: files.length + loaded.skimmed.filter((file) => !ignored(relative(root, file))).length, jobs: jobs.length, enqueues: enqueues.length, findings: findings.length, suppressed },
    jobs,
    enqueues,
    findings,
    notes,
    ...(options.configSource ? { config: options.configSource } : {}),
  };
  cache?.write(loaded, report);
  return report;
}

/** The rules to run, with severity and options from the configuration (validated against each rule's schema). */
/** The analyzer-only rules, on at `error` unless the config turns them down or off; they take no options. */
function enabledProjectRules(options: AuditOptions, config: JobAuditConfig): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const [id, meta] of Object.entries(projectRuleMeta)) {
    if (options.rules && !options.rules.includes(id)) continue;
    const value = config.rules?.[id] ?? config.rules?.[`job-audit/${id}`];
    const setting = typeof value === 'string' ? value : Array.isArray(value) ? (value[0] as RuleSeverity) : undefined;
    if (setting === 'off') continue;
    enabled.push({ id, check: undefined as unknown as Check<readonly unknown[]>, messages: meta.messages, options: [], severity: setting === 'warn' ? 'warning' : 'error' });
  }
  return enabled;
}

function enabledRules(options: AuditOptions, config: JobAuditConfig): EnabledRule[] {
  const source = options.configSource ?? 'config';
  const settings = new Map<string, readonly [RuleSeverity, ...unknown[]]>();
  const known = [...Object.keys(rules), ...Object.keys(projectRuleMeta), ...Object.keys(options.extraChecks ?? {})];
  for (const [key, value] of Object.entries(config.rules ?? {})) {
    const id = key.replace(/^job-audit\//, '');
    if (!known.includes(id)) throw new AuditError(`${source}: rules.${key}: unknown rule (known: ${known.join(', ')})`);
    settings.set(id, (typeof value === 'string' ? [value] : value) as readonly [RuleSeverity, ...unknown[]]);
  }
  const enabled: EnabledRule[] = [];
  const severityOf = (setting: RuleSeverity | undefined, fallback: Severity): Severity | undefined =>
    setting === 'off' ? undefined : setting === 'warn' ? 'warning' : setting === 'error' ? 'error' : fallback;
  for (const [id, rule] of Object.entries(rules)) {
    if (options.rules && !options.rules.includes(id)) continue;
    const check = checkOf(rule);
    if (!check) continue;
    const setting = settings.get(id);
    const severity = severityOf(setting?.[0], 'error');
    if (!severity) continue;
    const userOptions = setting ? setting.slice(1) : [];
    const schema = rule.meta.schema as unknown;
    if (userOptions.length && Array.isArray(schema)) {
      if (userOptions.length > schema.length) throw new AuditError(`${source}: rules.${id}: the rule takes ${schema.length} option(s), got ${userOptions.length}`);
      const problem = validate({ type: 'array', items: schema }, userOptions);
      if (problem) {
        const shifted = { ...problem, path: problem.path.replace(/^\[(\d+)\]/, (_, n: string) => `[${Number(n) + 1}]`) };
        throw new AuditError(`${source}: ${describeProblem(shifted, `rules.${id}`)}`);
      }
    }
    const defaults = (rule.defaultOptions ?? []) as readonly unknown[];
    const merged = ESLintUtils.applyDefault(defaults as unknown[], userOptions as unknown[]) as readonly unknown[];
    enabled.push({ id, check, messages: rule.meta.messages as Record<string, string>, options: merged, severity });
  }
  for (const [id, extra] of Object.entries(options.extraChecks ?? {})) {
    if (options.rules && !options.rules.includes(id)) continue;
    const setting = settings.get(id);
    const severity = severityOf(setting?.[0], extra.severity ?? 'error');
    if (!severity) continue;
    enabled.push({ id, check: extra.check, messages: extra.check.messages as Record<string, string>, options: setting ? setting.slice(1) : [], severity });
  }
  return enabled;
}

function analysisFailure(error: unknown): string {
  if (error instanceof RangeError) return 'nested too deeply to analyse';
  return `the analysis failed (${(error as Error)?.message?.split('\n')[0] ?? String(error)})`;
}

function syntaxErrors(file: SourceFile): string | undefined {
  const diagnostics = (file.compilerNode as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line, character } = file.compilerNode.getLineAndCharacterOfPosition(first.start ?? 0);
  return `syntax error at ${line + 1}:${character + 1}: ${tsm.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

function jobEntry(root: string, model: FileModel, handler: Handler): JobEntry {
  const fn = handler.fn;
  return {
    ...locationOf(root, handler.site),
    name: handler.name ?? (fn.name && tsm.isIdentifier(fn.name) ? fn.name.text : null),
    framework: handler.framework.id,
    frameworkTitle: handler.framework.title,
    label: jobLabel(model, handler),
  };
}

function reportFinding(root: string, rule: EnabledRule, finding: Finding): ReportFinding {
  const node = finding.node;
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  const template = rule.messages[finding.messageId] ?? finding.messageId;
  const chain: ChainStep[] | undefined = finding.chain?.length
    ? finding.chain.map((step) => ({ ...locationOf(root, step), text: step.getText(step.getSourceFile()).replace(/\s+/g, ' ').slice(0, 120) }))
    : undefined;
  const file = relative(root, sourceFile.fileName);
  const snippet = node.getText(sourceFile).replace(/\s+/g, ' ').trim().slice(0, 200);
  const fingerprint = createHash('sha256')
    .update([rule.id, file, finding.job ?? '', snippet].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const edits = (list: readonly TextEdit[]): ReportEdit[] => list.map((edit) => ({ range: [edit.range[0], edit.range[1]], text: edit.text }));
  return {
    ruleId: `job-audit/${rule.id}`,
    rule: rule.id,
    messageId: finding.messageId,
    message: formatMessage(template, finding.data),
    severity: rule.severity,
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ...(finding.job ? { job: finding.job } : {}),
    ...(chain ? { chain } : {}),
    snippet,
    fingerprint,
    ...(finding.fix?.length ? { fix: edits(finding.fix) } : {}),
    ...(finding.suggestions?.length
      ? {
          suggestions: finding.suggestions.map((suggestion) => ({
            messageId: suggestion.messageId,
            message: formatMessage(rule.messages[suggestion.messageId] ?? suggestion.messageId, suggestion.data ?? {}),
            edits: edits(suggestion.edits),
          })),
        }
      : {}),
  };
}

function locationOf(root: string, node: ts.Node): Location {
  const sourceFile = node.getSourceFile();
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return { file: relative(root, sourceFile.fileName), line: line + 1, column: character + 1 };
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
