/** Command-line parsing with `node:util` `parseArgs`: no dependency, strict, and it knows `--`. */
import { parseArgs } from 'node:util';
import { AuditError } from '../analyzer/errors.js';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly directory: string;
  readonly format: Format;
  readonly tsconfig: string | undefined;
  /** Read and write the report cache (`.job-audit-cache/` in the directory); off with `--no-cache`. */
  readonly cache: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const helpText = `Usage: job-audit [directory] [options]

Finds background-job handlers and enqueue sites in a TypeScript/JavaScript project and reports
code that is unsafe to run twice (jobs run at least once).

Arguments:
  directory            project to analyse (default: the current directory); its tsconfig.json is
                       used when present, otherwise every source file under it is analysed

Options:
  -f, --format <name>  output format: ${FORMATS.join(', ')} (default: text)
  -p, --tsconfig <file> tsconfig to load, relative to the directory
      --no-cache       do not read or write the report cache (.job-audit-cache/ in the directory)
  -h, --help           show this help
  -v, --version        print the version

Exit codes:
  0  no findings
  1  findings reported
  2  could not run (missing directory, broken tsconfig, bad arguments)

Examples:
  job-audit                       analyse the current directory
  job-audit apps/worker           analyse one package of a monorepo
  job-audit . --format json > job-audit.json
`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        tsconfig: { type: 'string', short: 'p' },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new AuditError(`${(error as Error).message.split('\n')[0]} (see job-audit --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new AuditError(`expected one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AuditError(`unknown format '${format}' (expected one of: ${FORMATS.join(', ')})`);
  }
  return {
    directory: positionals[0] ?? '.',
    format: format as Format,
    tsconfig: values.tsconfig,
    cache: values['no-cache'] !== true,
    help: values.help === true,
    version: values.version === true,
  };
}
