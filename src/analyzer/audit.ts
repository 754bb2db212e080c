/**
 * `audit()`: load a project, build each file's job model with the shared analysis (cross-file
 * resolution through the ts-morph project), run every rule's check and collect one report.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ts, type SourceFile } from 'ts-morph';
import type * as TS from 'typescript';
import { rules } from '../../rules/index.js';
import { getFileModel, type FileModel, type Handler } from '../analysis/model.js';
import { jobLabel } from '../checks/describe.js';
import { formatMessage, type Finding } from '../checks/types.js';
import { checkOf } from '../eslint/create-rule.js';
import { createHost } from './host.js';
import { projectFindings, projectRuleMeta } from './project-rules.js';
import { loadProject, type LoadOptions } from './project.js';
import { REPORT_VERSION, type AuditReport, type ChainStep, type EnqueueEntry, type JobEntry, type Location, type ReportFinding } from './report.js';

export interface AuditOptions extends LoadOptions {
  /** Directory to analyse. */
  readonly root: string;
  /** How many helper calls deep to follow from each handler (default 8). */
  readonly maxDepth?: number;
  /** Rule ids to run (default: every rule). */
  readonly rules?: readonly string[];
}

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

export function audit(options: AuditOptions): AuditReport {
  const loaded = loadProject(options.root, options);
  const { project, root } = loaded;
  const notes = [...loaded.notes];
  const checker = project.getTypeChecker().compilerObject;
  const host = createHost(project);
  const jobs: JobEntry[] = [];
  const enqueues: EnqueueEntry[] = [];
  const findings: ReportFinding[] = [];
  const enabled = Object.entries(rules).filter(([id]) => !options.rules || options.rules.includes(id));
  // A handler or finding reached from two files (a task directory and the task file itself) counts once.
  const seenHandlers = new Set<ts.Node>();
  const seenFindings = new Set<string>();

  const models: FileModel[] = [];
  // Files added on demand (a task directory, a sandboxed processor) are analysed from the file
  // that names them, so the loop covers the files of the analysed directory as loaded.
  for (const file of [...loaded.files]) {
    const sourceFile = file.compilerNode;
    const parseErrors = syntaxErrors(file);
    if (parseErrors) notes.push(`${relative(root, sourceFile.fileName)}: ${parseErrors} (analysed what parses)`);
    let model: FileModel;
    try {
      // ts-morph bundles its own TypeScript; the analysis takes whichever `ts` built the nodes.
      model = getFileModel(ts as unknown as typeof TS, sourceFile as unknown as TS.SourceFile, {
        checker: checker as unknown as TS.TypeChecker,
        host,
        maxDepth: options.maxDepth,
      });
    } catch (error) {
      notes.push(`${relative(root, sourceFile.fileName)}: skipped, ${analysisFailure(error)}`);
      continue;
    }
    models.push(model);
    for (const handler of model.handlers) {
      if (seenHandlers.has(handler.fn as unknown as ts.Node)) continue;
      seenHandlers.add(handler.fn as unknown as ts.Node);
      jobs.push(jobEntry(root, model, handler));
    }
    for (const site of model.enqueues) {
      enqueues.push({ ...locationOf(root, site.call), name: site.name ?? null, framework: site.framework.id });
    }
    for (const [id, rule] of enabled) {
      const check = checkOf(rule);
      if (!check) continue;
      const messages = rule.meta.messages as Record<string, string>;
      let produced: ReturnType<typeof check.check>;
      try {
        produced = check.check(model, (rule.defaultOptions ?? []) as readonly unknown[]);
      } catch (error) {
        notes.push(`${relative(root, sourceFile.fileName)}: ${id} skipped, ${analysisFailure(error)}`);
        continue;
      }
      for (const finding of produced) {
        const reported = reportFinding(root, id, messages, finding);
        const key = `${reported.ruleId}\0${reported.file}\0${reported.line}:${reported.column}-${reported.endLine}:${reported.endColumn}`;
        if (seenFindings.has(key)) continue;
        seenFindings.add(key);
        findings.push(reported);
      }
    }
  }
  // Project rules (analyzer only): they compare what every file enqueues and handles.
  try {
    for (const finding of projectFindings(models)) {
      if (options.rules && !options.rules.includes(finding.rule)) continue;
      findings.push(reportFinding(root, finding.rule, projectRuleMeta[finding.rule].messages, finding));
    }
  } catch (error) {
    notes.push(`project rules skipped, ${analysisFailure(error)}`);
  }
  const byPosition = (a: Location, b: Location) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  jobs.sort(byPosition);
  enqueues.sort(byPosition);
  findings.sort((a, b) => byPosition(a, b) || a.ruleId.localeCompare(b.ruleId));
  return {
    version: REPORT_VERSION,
    tool: { name: 'job-audit', version },
    root,
    summary: { files: loaded.files.length, jobs: jobs.length, enqueues: enqueues.length, findings: findings.length },
    jobs,
    enqueues,
    findings,
    notes,
  };
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
  return `syntax error at ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

function jobEntry(root: string, model: FileModel, handler: Handler): JobEntry {
  const fn = handler.fn;
  return {
    ...locationOf(root, handler.site),
    name: handler.name ?? (fn.name && ts.isIdentifier(fn.name) ? fn.name.text : null),
    framework: handler.framework.id,
    frameworkTitle: handler.framework.title,
    label: jobLabel(model, handler),
  };
}

function reportFinding(root: string, id: string, messages: Record<string, string>, finding: Finding): ReportFinding {
  const node = finding.node;
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  const template = messages[finding.messageId] ?? finding.messageId;
  const chain: ChainStep[] | undefined = finding.chain?.length
    ? finding.chain.map((step) => ({ ...locationOf(root, step), text: step.getText(step.getSourceFile()).replace(/\s+/g, ' ').slice(0, 120) }))
    : undefined;
  return {
    ruleId: `job-audit/${id}`,
    rule: id,
    messageId: finding.messageId,
    message: formatMessage(template, finding.data),
    severity: 'error',
    file: relative(root, sourceFile.fileName),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ...(finding.job ? { job: finding.job } : {}),
    ...(chain ? { chain } : {}),
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
