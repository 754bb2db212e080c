#!/usr/bin/env node
/**
 * The `job-audit` bin: parse arguments, load the configuration, audit, apply fixes or the baseline,
 * print, exit 0 / 1 / 2. Writes files only for --fix, --update-baseline and --output, and its report
 * cache (`.job-audit-cache/`, only with --cache: by default the CLI writes no file).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedReport } from '../analyzer/cache.js';
import { AuditError } from '../analyzer/errors.js';
import { withFindings, type AuditReport } from '../analyzer/report.js';
import { loadConfig } from '../config/load.js';
import { reporters } from '../reporters/index.js';
import { DEFAULT_BASELINE, helpText, parseCliArgs, type FailOn } from './args.js';
import { applyBaseline, createBaseline, formatBaseline, readBaseline } from './baseline.js';
import { applyFixes } from './fix.js';
import { writeAtomic } from './write.js';

export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/** The analyzer (ts-morph, TypeScript) is loaded only when the report cache misses. */
const analyzer = () => createRequire(import.meta.url)('../analyzer/audit.js') as typeof import('../analyzer/audit.js');

export interface CliStreams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Colours: FORCE_COLOR (not 0/false) forces them, NO_COLOR turns them off, otherwise only on a TTY. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (force !== undefined) return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function run(argv: readonly string[], io: CliStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): number {
  const options = parseCliArgs(argv);
  if (options.help) {
    io.stdout.write(helpText);
    return EXIT.clean;
  }
  if (options.version) {
    const require = createRequire(import.meta.url);
    io.stdout.write(`${(require('../../../package.json') as { version: string }).version}\n`);
    return EXIT.clean;
  }
  const root = path.resolve(io.cwd, options.directory);
  if (!existsSync(root)) throw new AuditError(`no such directory: ${options.directory}`);
  if (!statSync(root).isDirectory()) throw new AuditError(`not a directory: ${options.directory}`);
  const { config, source } = loadConfig(root, options.config, io.cwd);
  const baselineFile = options.baseline ?? (options.updateBaseline ? DEFAULT_BASELINE : undefined);
  const baseline = baselineFile && !options.updateBaseline ? readBaseline(path.resolve(io.cwd, baselineFile), baselineFile) : undefined;

  const progress = progressBar(io);
  let report: AuditReport;
  try {
    const auditOptions = {
      root,
      tsconfig: options.tsconfig,
      config,
      configSource: source,
      cache: options.cache,
      maxDepth: options.maxDepth,
      threads: options.threads,
      onProgress: progress.update,
    };
    report = cachedReport(auditOptions) ?? analyzer().audit(auditOptions);
  } finally {
    progress.done();
  }

  if (options.fix || options.fixSuggestions) {
    const result = applyFixes(report, { suggestionsOf: options.fixSuggestions, dryRun: options.dryRun });
    const what = options.fixSuggestions ? `suggestion${result.applied === 1 ? '' : 's'} of ${options.fixSuggestions}` : `fix${result.applied === 1 ? '' : 'es'}`;
    const skipped = result.skipped ? ` (${result.skipped} overlapping, run again)` : '';
    if (options.dryRun) {
      io.stdout.write(result.diff);
      io.stderr.write(`job-audit: would apply ${result.applied} ${what} in ${result.files.length} file${result.files.length === 1 ? '' : 's'}${skipped} (dry run, nothing written)\n`);
      return EXIT.clean;
    }
    io.stderr.write(`job-audit: applied ${result.applied} ${what} in ${result.files.length} file${result.files.length === 1 ? '' : 's'}${skipped}\n`);
    if (result.applied) {
      const findings = report.findings.filter((finding) => !result.fixed.has(`${finding.fingerprint ?? ''}@${finding.line}:${finding.column}`));
      report = withFindings(report, findings);
    }
  }

  if (options.updateBaseline) {
    const file = path.resolve(io.cwd, baselineFile!);
    writeAtomic(file, formatBaseline(createBaseline(report)));
    io.stderr.write(`job-audit: recorded ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${baselineFile}\n`);
    return EXIT.clean;
  }
  if (baseline) report = applyBaseline(report, baseline, baselineFile!);

  const output = reporters[options.format](report, {
    color: options.format === 'text' && !options.output && useColor(io.stdout, io.env),
    cwd: io.cwd,
    jobs: options.jobs,
  });
  if (options.output) writeAtomic(path.resolve(io.cwd, options.output), output);
  else io.stdout.write(output);
  return failing(report, options.failOn) ? EXIT.findings : EXIT.clean;
}

function failing(report: AuditReport, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((finding) => failOn === 'warning' || finding.severity === 'error');
}

/** A one-line progress indicator on stderr, only on a TTY and only once a run has taken a while. */
function progressBar(io: CliStreams) {
  const started = Date.now();
  let shown = false;
  let last = 0;
  const enabled = io.stderr.isTTY === true && !io.env['CI'];
  return {
    update(done: number, total: number) {
      if (!enabled) return;
      const now = Date.now();
      if (total === 0 || now - started < 700 || now - last < 80) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\u001B[Kjob-audit: analysing ${done}/${total} files`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001B[K');
    },
  };
}

function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  try {
    process.exitCode = run(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof AuditError ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
    process.stderr.write(`job-audit: ${message}\n`);
    process.exitCode = EXIT.error;
  }
}
