/**
 * What users of ESLint plugins expect: ESLint 9 and 10 agree, typed and untyped linting both work
 * (typed sees more), plain `.js` files work with ESLint's default parser, `require()` works, and
 * the real `eslint` binary gives the same findings with and without `--concurrency`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import plugin from 'eslint-plugin-job-audit';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers.js';

const recommended = plugin.configs.recommended as Linter.Config;

async function rows(eslint: { lintFiles(patterns: string[]): Promise<ESLint.LintResult[]> }, cwd: string, files: string[]) {
  const results = await eslint.lintFiles(files);
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(cwd, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`),
  );
}

describe('ESLint versions', () => {
  it('ESLint 9 and ESLint 10 report the same findings', async () => {
    const cwd = fixture('demo-app');
    const files = ['src/workers/welcome-email.ts', 'src/workers/receipts.ts', 'src/workers/welcome-email-safe.ts'];
    const overrideConfig = [{ files: ['**/*.ts'], languageOptions: { parser } }, recommended];
    const v10 = await rows(new ESLint({ cwd, overrideConfigFile: true, overrideConfig }), cwd, files);
    const v9 = await rows(new ESLint9({ cwd, overrideConfigFile: true, overrideConfig: overrideConfig as never }), cwd, files);
    expect(v10.filter((row) => row.includes('job-audit/no-unguarded-side-effect'))).toHaveLength(3);
    expect(v10.some((row) => row.includes('job-audit/no-swallowed-job-error'))).toBe(false);
    expect(v9).toEqual(v10);
    expect(ESLint9.version.startsWith('9.')).toBe(true);
    expect(ESLint.version.startsWith('10.')).toBe(true);
  });
});

describe('type information', () => {
  const cwd = fixture('typed-lint');
  it('without types, a client imported from another file is not guessed at', async () => {
    const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser } }, recommended] });
    expect(await rows(eslint, cwd, ['src/worker.ts'])).toEqual([]);
  });

  it('with typed linting (configs["recommended-type-checked"]) it is recognised by its declared type', async () => {
    const typed = plugin.configs['recommended-type-checked'] as Linter.Config;
    expect(typed.name).toBe('job-audit/recommended-type-checked');
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser, parserOptions: { tsconfigRootDir: cwd } } }, typed],
    });
    const found = await rows(eslint, cwd, ['src/worker.ts']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^src\/worker\.ts:5:9 job-audit\/no-unguarded-side-effect Email via nodemailer `sendMail` in BullMQ job 'welcome' has no guard/);
  });
});

describe('presets', () => {
  // A pg-boss job left to the framework's retry default: fine for recommended, reported by strict.
  const code = [
    "import PgBoss from 'pg-boss';",
    "const boss = new PgBoss('postgres://localhost/app');",
    "await boss.send('charge', { orderId: 'o1' }, { singletonKey: 'charge:o1' });",
    '',
  ].join('\n');
  const lint = (preset: 'recommended' | 'strict' | 'all') =>
    new Linter().verify(code, [{ files: ['**/*.ts'], languageOptions: { parser } }, plugin.configs[preset] as Linter.Config], 'jobs.ts');

  it('recommended leaves a reasonable framework default alone; strict and all ask for an explicit policy', () => {
    expect(lint('recommended').filter((m) => m.ruleId === 'job-audit/require-retry-policy')).toEqual([]);
    for (const preset of ['strict', 'all'] as const) {
      const found = lint(preset).filter((m) => m.ruleId === 'job-audit/require-retry-policy');
      expect(found.map((m) => `${m.line}:${m.column}`), preset).toEqual(['3:7']);
    }
  });
});

describe('parsers and module systems', () => {
  const source = [
    "const { Worker } = require('bullmq');",
    "const nodemailer = require('nodemailer');",
    'const transporter = nodemailer.createTransport({});',
    "new Worker('js-mail', async (job) => { await transporter.sendMail({ to: job.data.to }); });",
  ].join('\n');

  it('lints plain .js files parsed by ESLint’s default parser (espree)', () => {
    const messages = new Linter({ configType: 'flat' }).verify(source, [{ files: ['**/*.js'] }, recommended], 'worker.js');
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['4:46 job-audit/no-unguarded-side-effect']);
  });

  it('loads from CommonJS with require() and gives the same plugin object', () => {
    const script = [
      "const plugin = require('eslint-plugin-job-audit');",
      "const { Linter } = require('eslint');",
      'const code = process.argv[1];',
      "const messages = new Linter({ configType: 'flat' }).verify(code, [{ files: ['**/*.js'] }, plugin.configs.recommended], 'worker.js');",
      "console.log(JSON.stringify({ name: plugin.meta.name, rules: Object.keys(plugin.rules), found: messages.map((m) => m.line + ':' + m.column + ' ' + m.ruleId) }));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script, source], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout);
    expect(output).toEqual({ name: 'eslint-plugin-job-audit', rules: Object.keys(plugin.rules), found: ['4:46 job-audit/no-unguarded-side-effect'] });
  });
});

describe('the eslint binary', () => {
  const cwd = fixture('eslint-project');
  const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const lint = (concurrency: string) => {
    const result = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--concurrency', concurrency, '.'], { cwd, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(1);
    const results = JSON.parse(result.stdout) as ESLint.LintResult[];
    return results
      .flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
      .sort();
  };

  it('gives the same findings multithreaded (--concurrency 2) as single-threaded', () => {
    const serial = lint('off');
    expect(serial).toHaveLength(6);
    expect(lint('2')).toEqual(serial);
  });
});

describe('eslint --fix from the real binary', () => {
  it('applies the plugin’s safe fix (await a floating effect) and the result lints clean', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-eslint-fix-'));
    try {
      const pluginUrl = new URL(`file://${path.join(repoRoot, 'dist', 'src', 'index.js')}`).href;
      const parserUrl = new URL(`file://${path.join(repoRoot, 'node_modules', '@typescript-eslint', 'parser', 'dist', 'index.js')}`).href;
      writeFileSync(
        path.join(dir, 'eslint.config.mjs'),
        `import * as tsParser from '${parserUrl}';\nimport jobAudit from '${pluginUrl}';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, jobAudit.configs.recommended];\n`,
      );
      const source = [
        "import { Worker } from 'bullmq';",
        "import nodemailer from 'nodemailer';",
        'const transporter = nodemailer.createTransport({});',
        "new Worker('digest', async (job) => {",
        "  if (job.data.sentAt) return;",
        "  transporter.sendMail({ to: job.data.to, subject: 'Digest' });",
        '}).on(\'failed\', console.error);',
        '',
      ].join('\n');
      writeFileSync(path.join(dir, 'worker.ts'), source);
      const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const fixed = spawnSync(process.execPath, [eslintBin, '--fix', 'worker.ts'], { cwd: dir, encoding: 'utf8' });
      expect(readFileSync(path.join(dir, 'worker.ts'), 'utf8')).toBe(source.replace('  transporter.sendMail(', '  await transporter.sendMail('));
      const again = spawnSync(process.execPath, [eslintBin, '--format', 'json', 'worker.ts'], { cwd: dir, encoding: 'utf8' });
      const messages = (JSON.parse(again.stdout) as ESLint.LintResult[])[0]!.messages;
      expect(messages.filter((m) => m.ruleId === 'job-audit/no-floating-side-effect')).toEqual([]);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect([0, 1]).toContain(fixed.status);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
