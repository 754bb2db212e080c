/**
 * Implicit transaction joining is a project-wide setting: `Sequelize.useCLS(ns)` in cls.ts makes the
 * queries of every `sequelize.transaction` callback join without `{ transaction: t }`. The analyzer
 * sees it anywhere in the project; ESLint only in the linted file (the rule's `sequelizeCls` option
 * covers the rest). Same analysis (src/analysis/implicit-join.ts) in both.
 */
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import { audit } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';

const root = fixture('projects', 'transaction-join');
const rule = 'no-outer-client-in-transaction';

async function eslintRows(options: unknown[] = []): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser } },
      { plugins: { 'job-audit': plugin as never }, rules: { [`job-audit/${rule}`]: ['error', ...options] } } as Linter.Config,
    ],
  });
  const results = await eslint.lintFiles(['src/jobs.ts', 'src/cls.ts']);
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(root, result.filePath).split(path.sep).join('/')}:${m.line} ${m.messageId ?? m.message}`),
  );
}

describe('implicit transaction joining across files (fixtures/projects/transaction-join)', () => {
  it('the analyzer sees Sequelize.useCLS in another file and reports only the Mongoose operation without { session }', () => {
    const report = audit({ root, rules: [rule] });
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.messageId}`)).toEqual(['src/jobs.ts:18 noJoinOption']);
    expect(report.findings[0]!.message).toContain('`Ledger.updateOne` inside the `mongoose.connection.transaction` callback does not pass `session`');
  });

  it('ESLint sees one file: the Sequelize query is reported unless the rule is told CLS is on', async () => {
    expect((await eslintRows()).sort()).toEqual(['src/jobs.ts:12 noJoinOption', 'src/jobs.ts:18 noJoinOption']);
    expect(await eslintRows([{ sequelizeCls: true }])).toEqual(['src/jobs.ts:18 noJoinOption']);
  });

  it('the option declares it for the analyzer too', () => {
    const report = audit({
      root,
      rules: [rule],
      config: { rules: { [rule]: ['error', { mongooseTransactionAsyncLocalStorage: true }] } },
    });
    expect(report.findings).toEqual([]);
  });
});
