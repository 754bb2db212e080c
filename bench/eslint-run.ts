/**
 * One ESLint run, spawned by the benchmark: `node dist/bench/eslint-run.js <mode> <directory>`.
 * `floor` is ESLint with @typescript-eslint/parser and no rules (the parse floor); `noop` adds one
 * rule that does nothing (what ESLint itself costs as soon as any rule is on); `plugin` adds the
 * plugin's `recommended` config. Two more modes, not run by `run.ts`, locate ESLint's own cost:
 * `empty` (one enabled rule whose `create` returns no listener at all) and `off` (the same rule
 * configured `'off'`). Prints one JSON line: files linted, time spent in `lintFiles` (start-up
 * excluded; wall and CPU), findings and parse errors.
 */
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../src/index.js';

const SOURCES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/.*/**', '**/*.d.ts', '**/*.min.js'];

async function main(): Promise<void> {
  const [mode, directory] = process.argv.slice(2);
  if (!mode || !['floor', 'noop', 'plugin', 'empty', 'off'].includes(mode) || !directory) {
    throw new Error('usage: eslint-run <floor|noop|plugin|empty|off> <directory>');
  }
  const noop: Linter.Config = {
    files: SOURCES,
    plugins: { bench: { rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => (mode === 'noop' ? { Program() {} } : {}) } } } },
    rules: { 'bench/noop': mode === 'off' ? 'off' : 'error' },
  };
  const config: Linter.Config[] = [
    { ignores: IGNORES },
    {
      files: SOURCES,
      languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
    ...(mode === 'plugin' ? [{ files: SOURCES, ...(plugin.configs.recommended as Linter.Config) }] : []),
    ...(mode === 'noop' || mode === 'empty' || mode === 'off' ? [noop] : []),
  ];
  const eslint = new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: config, cache: false, errorOnUnmatchedPattern: false });
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['.']);
  const lintMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const lintCpuMs = (cpu.user + cpu.system) / 1000;
  let findings = 0;
  let parseErrors = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) parseErrors++;
      else if (message.ruleId?.startsWith('job-audit/')) findings++;
    }
  }
  process.stdout.write(`${JSON.stringify({ mode, files: results.length, lintMs, lintCpuMs, findings, parseErrors })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
