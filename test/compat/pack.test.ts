/**
 * The packed package works where users install it: `npm pack`, then an empty project installs the
 * tarball (with eslint, the parser and typescript at the versions of our lockfile, from the npm
 * cache that `npm ci` filled, so no network is needed), and both the `job-audit` bin and the ESLint
 * plugin work there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers.js';

const work = mkdtempSync(path.join(tmpdir(), 'job-audit-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const version = (pkg: string): string =>
  (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

it('installs from the packed tarball into an empty project; bin and plugin work there', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((file) => file.path);
  expect(files).toContain('dist/src/cli/main.js');
  expect(files).toContain('rules/no-unguarded-side-effect.md');
  expect(files.some((file) => file.startsWith('test/') || file.startsWith('fixtures/'))).toBe(false);

  const project = path.join(work, 'app');
  cpSync(fixture('demo-app'), project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  const install = spawnSync(
    npm,
    [
      'install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts',
      path.join(work, packed[0]!.filename),
      `eslint@${version('eslint')}`,
      `@typescript-eslint/parser@${version('@typescript-eslint/parser')}`,
      `typescript@${version('typescript')}`,
    ],
    { cwd: project, encoding: 'utf8', timeout: 240_000 },
  );
  expect(install.status, install.stderr).toBe(0);

  // The bin, as `npx job-audit` finds it.
  const bin = spawnSync(path.join(project, 'node_modules', '.bin', 'job-audit'), ['.', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(bin.status).toBe(1);
  const report = JSON.parse(bin.stdout) as { findings: { rule: string; file: string; line: number }[] };
  expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'no-unguarded-side-effect', file: 'src/workers/welcome-email.ts', line: 31 }));

  // The plugin, from an ESM flat config and from a CommonJS one.
  writeFileSync(
    path.join(project, 'eslint.config.mjs'),
    "import tsParser from '@typescript-eslint/parser';\nimport jobAudit from 'eslint-plugin-job-audit';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, jobAudit.configs.recommended];\n",
  );
  const eslintBin = path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const lint = (config?: string) =>
    spawnSync(process.execPath, [eslintBin, ...(config ? ['--config', config] : []), '--format', 'json', 'src/workers/welcome-email.ts'], { cwd: project, encoding: 'utf8' });
  const esm = lint();
  const esmRules = (JSON.parse(esm.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId);
  expect(esmRules).toContain('job-audit/no-unguarded-side-effect');
  writeFileSync(
    path.join(project, 'eslint.config.cjs'),
    "const tsParser = require('@typescript-eslint/parser');\nconst jobAudit = require('eslint-plugin-job-audit');\nmodule.exports = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, jobAudit.configs.recommended];\n",
  );
  const cjs = lint('eslint.config.cjs');
  expect((JSON.parse(cjs.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toEqual(esmRules);
}, 300_000);
