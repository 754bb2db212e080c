/**
 * `audit()`: load a project, build each file's job model with the shared analysis (cross-file
 * resolution through the ts-morph project), run every rule's check and collect one report.
 */
import { createRequire } from 'node:module';
// The `eslint-utils` entry point only: the package root costs ≈ 0.1 s to load.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type { SourceFile, ts } from 'ts-morph';
import { tsm } from './morph.js';
import type * as TS from 'typescript';
import { rules } from '../../rules/index.js';
import { builtinCatalogue } from '../analysis/catalogue.js';
import { getFileModel, type FileModel, type Handler } from '../analysis/model.js';
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
import { localDetails, policyIndex, producerDetail, retryOptionsOf, type LocalDetail } from './job-report.js';
import { assembleReport, findingAt, type DirectivesRead, type FileResult, type PartitionResult } from './merge.js';
import { collectProjectFacts, comparePayloads, projectRuleMeta, type PayloadAnswer, type PayloadRequest } from './project-rules.js';
import { loadProject, type LoadedProject, type LoadOptions } from './project.js';
import { findByKey, locationOf, nodeKey, nodeRef, relative } from './refs.js';
import type { AuditReport, ChainStep, JobEntry, ReportEdit, ReportFinding, Severity } from './report.js';
import { readDirectives } from './suppress.js';
import { auditInThreads } from './threads.js';

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
  /**
   * Analyse the workspace packages in parallel worker threads (`true`: as many as the machine has
   * cores, at most one per package; a number: at most that many). The report is the same as a
   * serial run's. Without workspace packages under the root, or with `extraChecks`, it runs serially.
   */
  readonly threads?: boolean | number;
}

export interface ExtraCheck {
  readonly check: Check<readonly unknown[]>;
  readonly severity?: Severity;
}

export interface EnabledRule {
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
  // Worker threads, one or more workspace packages each (threads.ts); the same report as below.
  const threaded = options.threads ? auditInThreads(options, enabledProject, version) : undefined;
  if (threaded) return threaded;
  const loaded = loadAuditedProject(options);
  const analysed = analyseFiles(loaded, options, enabled, () => true, options.onProgress);
  const report = assembleReport({
    root: loaded.root,
    version,
    configSource: options.configSource,
    ignore: config.ignore ?? [],
    rules: enabledProject,
    partitions: [analysed.result],
    answer: (requests) => [analysed.answer(requests)],
  });
  options.onProgress?.(analysed.result.total, analysed.result.total);
  cache?.write(loaded, report);
  return report;
}

/**
 * The project as `audit` loads it: a file that imports nothing and names no catalogue global is
 * read, not parsed (relevance.ts), unless it holds suppression comments to check.
 */
export function loadAuditedProject(options: AuditOptions): LoadedProject {
  const catalogue = catalogueFor(options.config ?? {}) ?? builtinCatalogue();
  const holdsJobCode = (text: string) => text.includes('job-audit-ignore') || mayHoldJobCode(text, catalogue);
  return loadProject(options.root, { ...options, holdsJobCode });
}

/** The files `audit` analyses: the project's sources minus the configuration's `ignore`. */
export function analysedFiles(loaded: LoadedProject, config: JobAuditConfig): SourceFile[] {
  const ignored = globMatcher(config.ignore ?? []);
  return loaded.files.filter((file) => !ignored(relative(loaded.root, file.getFilePath())));
}

/**
 * The per-file analysis of the selected files (by index in `analysedFiles`), as plain data the
 * main thread merges (merge.ts): jobs, enqueues, findings (not yet deduplicated or suppressed),
 * notes, suppression comments, the facts the project rules judge and each job's local report.
 * `answer` compares payload types with this project's type checker afterwards.
 */
export function analyseFiles(
  loaded: LoadedProject,
  options: AuditOptions,
  enabled: readonly EnabledRule[],
  selected: (index: number) => boolean,
  onProgress?: (done: number, total: number) => void,
): { result: PartitionResult; answer: (requests: readonly PayloadRequest[]) => Map<number, PayloadAnswer> } {
  const config = options.config ?? {};
  const { project, root } = loaded;
  const host = createHost(project, () => loaded.files);
  const catalogue = catalogueFor(config);
  const ignored = globMatcher(config.ignore ?? []);
  const files = analysedFiles(loaded, config);
  // Types are asked mostly about payloads, in the files that enqueue jobs: the checker covers those
  // files and what they import, built on the first question (see checker.ts). A question while
  // the models are still being built (a callee only its type can place) wants types across the
  // project: the checker then covers it all.
  const built: FileModel[] = [];
  let prepared = false;
  const everything = () => project.getSourceFiles().map((file) => file.compilerNode.fileName);
  const seeds = () => (prepared ? built.filter((model) => model.enqueues.length > 0).map((model) => model.context.sourceFile.fileName) : everything());
  const types = scopedChecker(project, root, seeds, everything);
  const checker = types.checker;
  const modelOf = (sourceFile: ts.SourceFile): FileModel =>
    // ts-morph bundles its own TypeScript; the analysis takes whichever `ts` built the nodes.
    getFileModel(tsm as unknown as typeof TS, sourceFile as unknown as TS.SourceFile, { checker, host, catalogue, maxDepth: options.maxDepth });
  // Every selected file's jobs and enqueues first, so that the type checker, if a question needs
  // one, is built once over the files that enqueue. A file that fails here is noted below.
  for (const [index, file] of files.entries()) {
    if (!selected(index)) continue;
    try {
      built.push(modelOf(file.compilerNode));
    } catch {
      // noted below
    }
  }
  prepared = true;
  const results: FileResult[] = [];
  const directives = new Map<string, DirectivesRead>();
  const directivesOf = (file: TS.SourceFile) => {
    if (directives.has(file.fileName) || ignored(relative(root, file.fileName))) return;
    if (!/job-audit-ignore|eslint-(disable|enable)/.test(file.text)) {
      directives.set(file.fileName, { directives: [] });
      return;
    }
    try {
      directives.set(file.fileName, { directives: readDirectives(tsm as unknown as typeof TS, file) });
    } catch (error) {
      directives.set(file.fileName, { failed: analysisFailure(error) });
    }
  };

  const models: FileModel[] = [];
  const handlerNodes = new Map<string, { model: FileModel; handler: Handler }>();
  const facts: FileResult[] = [];
  // Files added on demand (a task directory, a sandboxed processor) are analysed from the file
  // that names them, so the loop covers the files of the analysed directory as loaded.
  for (const [index, file] of [...files].entries()) {
    if (!selected(index)) continue;
    onProgress?.(index, files.length);
    const sourceFile = file.compilerNode;
    const display = relative(root, sourceFile.fileName);
    const notes: string[] = [];
    const fileResult: FileResult = { index, fileName: sourceFile.fileName, notes, handlers: [], enqueues: [], findings: [] };
    results.push(fileResult);
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
    facts.push(fileResult);
    for (const handler of model.handlers) {
      const fn = nodeKey(handler.fn);
      if (!handlerNodes.has(fn)) handlerNodes.set(fn, { model, handler });
      const { file, line, column, endLine, endColumn } = nodeRef(root, handler.site);
      fileResult.handlers.push({ fn, entry: jobEntry(root, model, handler), site: { file, line, column, endLine, endColumn } });
    }
    for (const site of model.enqueues) {
      fileResult.enqueues.push({ ...locationOf(root, site.call as unknown as ts.Node), name: site.name ?? null, framework: site.framework.id });
    }
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
        const reportedIn = finding.node.getSourceFile();
        directivesOf(reportedIn);
        fileResult.findings.push({ reported, reportedIn: reportedIn.fileName });
      }
    }
    // Ignore comments of this file are noted (missing reason, unused) even when it has no finding.
    if (sourceFile.text.includes('job-audit-ignore')) {
      directivesOf(sourceFile as unknown as TS.SourceFile);
      fileResult.ignoreComments = true;
    }
  }
  const describe = (error: unknown) => analysisFailure(error);
  const locate = (node: TS.Node) => locationOf(root, node as unknown as ts.Node);
  // The per-job report: what each job does and how it retries (where it is enqueued: merge.ts).
  let policies: ReturnType<typeof policyIndex> = new Map();
  const details = new Map<string, LocalDetail>();
  let detailFailure: string | undefined;
  try {
    policies = policyIndex(models);
    for (const [fn, detail] of localDetails(models, locate, policies, describe)) details.set(nodeKey(fn), detail);
  } catch (error) {
    detailFailure = describe(error);
  }
  // What the project rules compare across files (judged in merge.ts over every file's facts).
  const payloadNodes = new Map<string, TS.Expression>();
  let projectFailure: string | undefined;
  try {
    const retryOptions = retryOptionsOf(models);
    const describeProducer = (model: FileModel, call: TS.CallExpression | TS.NewExpression) =>
      producerDetail(model, call, policies, retryOptions, locate, describe);
    const refer = (node: TS.Node) => {
      const ref = nodeRef(root, node);
      directivesOf(node.getSourceFile());
      payloadNodes.set(ref.key, node as TS.Expression);
      return ref;
    };
    for (const [position, model] of models.entries()) facts[position]!.facts = collectProjectFacts(model, refer, describeProducer, retryOptions);
  } catch (error) {
    projectFailure = describe(error);
  }
  const result: PartitionResult = {
    total: files.length,
    skimmed: loaded.skimmed.filter((file) => !ignored(relative(root, file))).length,
    loadNotes: loaded.notes,
    files: results,
    directives,
    details,
    ...(detailFailure ? { detailFailure } : {}),
    ...(projectFailure ? { projectFailure } : {}),
  };
  const answer = (requests: readonly PayloadRequest[]) => {
    const answers = new Map<number, PayloadAnswer>();
    const questions = requests.flatMap((request) => {
      const owner = handlerNodes.get(request.fn);
      return owner ? [{ request, owner, payloads: request.payloads.map((key) => payloadNodes.get(key) ?? payloadNode(loaded, key)) }] : [];
    });
    // The checker is about to be asked about these handlers' and payloads' files: one build for all.
    types.include(
      questions.flatMap(({ owner, payloads }) => [owner.model.context.sourceFile.fileName, ...payloads.flatMap((payload) => (payload ? [payload.getSourceFile().fileName] : []))]),
    );
    for (const { request, owner, payloads } of questions) answers.set(request.consumer, comparePayloads(owner.model, owner.handler, payloads));
    return answers;
  };
  return { result, answer };
}

/** A payload expression of a file another thread analysed, found again in this thread's project by its key. */
function payloadNode(loaded: LoadedProject, key: string): TS.Expression | undefined {
  const fileName = key.replace(/:\d+:\d+:\d+$/, '');
  const sourceFile = loaded.project.getSourceFile(fileName)?.compilerNode as unknown as TS.SourceFile | undefined;
  return sourceFile ? (findByKey(tsm as unknown as typeof TS, sourceFile, key) as TS.Expression | undefined) : undefined;
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

export function enabledRules(options: AuditOptions, config: JobAuditConfig): EnabledRule[] {
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

export function analysisFailure(error: unknown): string {
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
  const chain: ChainStep[] | undefined = finding.chain?.length
    ? finding.chain.map((step) => ({ ...locationOf(root, step as unknown as ts.Node), text: step.getText(step.getSourceFile()).replace(/\s+/g, ' ').slice(0, 120) }))
    : undefined;
  const edits = (list: readonly TextEdit[]): ReportEdit[] => list.map((edit) => ({ range: [edit.range[0], edit.range[1]], text: edit.text }));
  return findingAt(rule, nodeRef(root, finding.node), finding.messageId, finding.data, {
    job: finding.job,
    chain,
    fix: finding.fix?.length ? edits(finding.fix) : undefined,
    suggestions: finding.suggestions?.length
      ? finding.suggestions.map((suggestion) => ({
          messageId: suggestion.messageId,
          message: formatMessage(rule.messages[suggestion.messageId] ?? suggestion.messageId, suggestion.data ?? {}),
          edits: edits(suggestion.edits),
        }))
      : undefined,
  });
}
