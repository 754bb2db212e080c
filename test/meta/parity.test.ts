/**
 * One analysis, two front ends: ESLint (through its public API, with the plugin imported by its
 * package name) and the job-audit CLI must report the same findings, at the same places, with the
 * same text, for the same file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import { audit } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';

type Row = string;

async function eslintRows(cwd: string, files: string[], config: Linter.Config): Promise<Row[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.js'], languageOptions: { parser } }, config],
  });
  const results = await eslint.lintFiles(files);
  return results.flatMap((result) =>
    result.messages.map((message) => {
      expect(message.fatal ?? false).toBe(false);
      return `${path.relative(cwd, result.filePath).split(path.sep).join('/')}:${message.line}:${message.column} ${message.ruleId} ${message.message}`;
    }),
  );
}

function cliRows(root: string, files: string[], config?: Linter.Config): Row[] {
  // The same rule settings as the ESLint side (a preset's options, e.g. strict's requireExplicit).
  const report = audit({ root, ...(config?.rules ? { config: { rules: config.rules as never } } : {}) });
  // Project rules (no-orphan-job, require-failure-handler) exist only in the CLI.
  return report.findings
    .filter((finding) => files.includes(finding.file) && finding.rule in plugin.rules)
    .map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`);
}

describe('ESLint and the CLI agree', () => {
  it('on the demo app files that need no other file (configs.recommended)', async () => {
    const root = fixture('demo-app');
    const files = ['src/workers/welcome-email.ts', 'src/workers/receipts.ts', 'src/workers/welcome-email-safe.ts'];
    const viaEslint = await eslintRows(root, files, plugin.configs.recommended as Linter.Config);
    expect(viaEslint.length).toBeGreaterThanOrEqual(3);
    expect(viaEslint.some((row) => row.startsWith('src/workers/welcome-email.ts:31:11 job-audit/no-unguarded-side-effect'))).toBe(true);
    expect(cliRows(root, files).sort()).toEqual(viaEslint.sort());
  });

  it('on every parity fixture (configs.all), and every rule has one that reports it', async () => {
    const root = fixture('parity');
    const files = readdirSync(root).filter((name) => /\.[cm]?[jt]s$/.test(name)).sort();
    const all = plugin.configs.all as Linter.Config;
    const viaEslint = await eslintRows(root, files, all);
    expect(cliRows(root, files, all).sort()).toEqual(viaEslint.sort());
    for (const id of Object.keys(plugin.rules)) {
      expect(files, `fixtures/parity/${id}.ts is missing`).toContain(`${id}.ts`);
      expect(viaEslint.some((row) => row.startsWith(`${id}.ts:`) && row.includes(` job-audit/${id} `)), `${id}.ts reports ${id}`).toBe(true);
    }
  });
});
