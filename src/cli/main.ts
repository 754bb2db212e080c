#!/usr/bin/env node
/** The `job-audit` bin: parse arguments, audit, print, exit 0 / 1 / 2. Writes nothing but its report cache. */
import { createRequire } from 'node:module';
import { cachedReport } from '../analyzer/cache.js';
import { AuditError } from '../analyzer/errors.js';
import { reporters } from '../reporters/index.js';
import { helpText, parseCliArgs } from './args.js';

export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

export async function run(argv: readonly string[], stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const options = parseCliArgs(argv);
  if (options.help) {
    stdout.write(helpText);
    return EXIT.clean;
  }
  if (options.version) {
    const require = createRequire(import.meta.url);
    stdout.write(`${(require('../../../package.json') as { version: string }).version}\n`);
    return EXIT.clean;
  }
  const auditOptions = { root: options.directory, tsconfig: options.tsconfig, cache: options.cache };
  // A warm cache answers before the analyzer (ts-morph, TypeScript) is loaded.
  const report = cachedReport(auditOptions) ?? (await import('../analyzer/audit.js')).audit(auditOptions);
  const color = options.format === 'text' && stdout.isTTY === true && !process.env['NO_COLOR'];
  stdout.write(reporters[options.format]!(report, { color }));
  return report.findings.length > 0 ? EXIT.findings : EXIT.clean;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  const message = error instanceof AuditError ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`job-audit: ${message}\n`);
  process.exitCode = EXIT.error;
}
