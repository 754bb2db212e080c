/** Command-line parsing with `node:util` `parseArgs`: no dependency, strict, and it knows `--`. */
import { parseArgs } from 'node:util';
import { AuditError } from '../analyzer/errors.js';
import { FORMATS, type Format } from '../reporters/index.js';

export { FORMATS, type Format };

export const FAIL_ON = ['error', 'warning', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const DEFAULT_BASELINE = 'job-audit-baseline.json';

export interface CliOptions {
  readonly directory: string;
  readonly format: Format;
  readonly tsconfig: string | undefined;
  readonly config: string | undefined;
  readonly output: string | undefined;
  readonly failOn: FailOn;
  readonly baseline: string | undefined;
  readonly updateBaseline: boolean;
  readonly fix: boolean;
  readonly fixSuggestions: string | undefined;
  readonly dryRun: boolean;
  readonly jobs: boolean;
  readonly maxDepth: number | undefined;
  /** Read and write the report cache (`.job-audit-cache/` in the directory); only with `--cache`. */
  readonly cache: boolean;
  /** `--threads` (true: one worker per core) or `--threads=<n>` (at most n workers); undefined: serial. */
  readonly threads: boolean | number | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

export const helpText = `Usage: job-audit [directory] [options]

Finds background-job handlers and enqueue sites in a TypeScript/JavaScript project and reports
code that is unsafe to run twice (jobs run at least once).

Arguments:
  directory                 project to analyse (default: the current directory); its tsconfig.json
                            is used when present, otherwise every source file under it is analysed

Output:
  -f, --format <name>       text (default), json, sarif, markdown, github, html
                              text      findings grouped by file, job inventory, summary line
                              json      the versioned report (see the README, "JSON report")
                              sarif     SARIF 2.1.0 for GitHub code scanning
                              markdown  a pull-request comment
                              github    GitHub Actions annotations (::error file=...)
                              html      a self-contained page: jobs, risk, findings, call chains
  -o, --output <file>       write the report to a file instead of stdout
      --jobs                text: under each job, what it does and how each step is protected,
                            where it is enqueued (and with which key), its retry and backoff
                            policy and its findings
      --fail-on <level>     exit 1 when a finding is at or above: error (default), warning, none

Configuration:
  -c, --config <file>       configuration file (default: <directory>/job-audit.config.json, then
                            the "job-audit" key of <directory>/package.json)
  -p, --tsconfig <file>     tsconfig to load, relative to the directory
      --max-depth <n>       how many helper calls deep to follow from each handler (default 8)
      --cache               reuse the report of an unchanged project: reads and writes
                            .job-audit-cache/ in the directory (off by default: without it the
                            CLI writes no file)
      --threads[=<n>]       analyse the workspace packages (npm, yarn, pnpm) in parallel worker
                            threads: at most <n>, by default one per CPU core and at most one per
                            package. Same report as a serial run; without workspace packages
                            under the directory it runs serially

Baseline (adopting job-audit on an existing code base):
      --baseline <file>     hide findings recorded in this baseline; report only new ones
      --update-baseline     record the current findings in the baseline (--baseline, default
                            ${DEFAULT_BASELINE}) and exit 0

Fixes:
      --fix                 apply the rules' safe autofixes (the same edits ESLint --fix makes)
      --fix-suggestions <rule>
                            apply the first suggestion of every finding of one rule
      --dry-run             with --fix / --fix-suggestions: print a unified diff, write nothing

  -h, --help                show this help
  -v, --version             print the version

Suppressing a finding (the reason after -- is required):
  // job-audit-ignore-next-line no-unguarded-side-effect -- sent at most once by the outbox
  ESLint comments for job-audit/<rule> are honoured too (eslint-disable-next-line, -line, blocks).

Exit codes:
  0  no findings at or above --fail-on (or --help, --version, --update-baseline, --dry-run)
  1  findings at or above --fail-on
  2  could not run (missing directory, broken tsconfig, invalid config, bad arguments,
     unreadable file, missing baseline)

Examples:
  job-audit                                  analyse the current directory
  job-audit apps/worker                      analyse one package of a monorepo
  job-audit . --format json > job-audit.json
  job-audit . --format sarif -o job-audit.sarif    for github/codeql-action/upload-sarif
  job-audit . --format github                annotate a pull request from GitHub Actions
  job-audit . --format html -o report.html   a page to share with the team
  job-audit . --update-baseline              adopt on a legacy repo, then run with
  job-audit . --baseline ${DEFAULT_BASELINE}
  job-audit . --fix --dry-run                show what --fix would change
`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  // `--threads` takes an optional value, which parseArgs cannot express: `--threads=<n>` is read here.
  let threadCount: string | undefined;
  const end = argv.indexOf('--');
  const args = argv.filter((arg, index) => {
    const match = (end < 0 || index < end) && /^--threads=(.*)$/s.exec(arg);
    if (!match) return true;
    threadCount = match[1];
    return false;
  });
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string', default: 'error' },
        config: { type: 'string', short: 'c' },
        tsconfig: { type: 'string', short: 'p' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'fix-suggestions': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        jobs: { type: 'boolean', default: false },
        'max-depth': { type: 'string' },
        cache: { type: 'boolean', default: false },
        threads: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new AuditError(`${(error as Error).message.split('\n')[0]} (see job-audit --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    const hint = values.threads && positionals.some((positional) => /^\d+$/.test(positional)) ? ' (a worker count is written --threads=<n>)' : '';
    throw new AuditError(`expected one directory, got ${positionals.length}: ${positionals.join(' ')}${hint}`);
  }
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AuditError(`unknown format '${format}' (expected one of: ${FORMATS.join(', ')})`);
  }
  const failOn = values['fail-on'] as string;
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new AuditError(`unknown --fail-on level '${failOn}' (expected one of: ${FAIL_ON.join(', ')})`);
  }
  const fix = values.fix === true;
  const fixSuggestions = values['fix-suggestions'];
  const dryRun = values['dry-run'] === true;
  if (dryRun && !fix && !fixSuggestions) throw new AuditError('--dry-run needs --fix or --fix-suggestions <rule>');
  if (fix && fixSuggestions) throw new AuditError('use either --fix or --fix-suggestions, not both');
  const updateBaseline = values['update-baseline'] === true;
  if (updateBaseline && (fix || fixSuggestions)) throw new AuditError('use --update-baseline without --fix');
  return {
    directory: positionals[0] ?? '.',
    format: format as Format,
    tsconfig: values.tsconfig,
    config: values.config,
    output: values.output,
    failOn: failOn as FailOn,
    baseline: values.baseline,
    updateBaseline,
    fix,
    fixSuggestions: fixSuggestions?.replace(/^job-audit\//, ''),
    dryRun,
    jobs: values.jobs === true,
    maxDepth: parseDepth(values['max-depth']),
    cache: values.cache === true,
    threads: threadCount !== undefined ? parseThreads(threadCount) : values.threads === true ? true : undefined,
    help: values.help === true,
    version: values.version === true,
  };
}

function parseDepth(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new AuditError(`--max-depth takes a whole number from 0 to 64 (got '${value}')`);
  return Number(value);
}

function parseThreads(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) throw new AuditError(`--threads takes a whole number from 1 to 256 (got '${value}')`);
  return Number(value);
}
