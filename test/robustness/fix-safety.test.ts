/**
 * Fixes are safe to apply blindly: for every fixture file and a generated corpus, ESLint's fix loop
 * (every rule, `configs.all`) converges within its 10 passes, the result parses, and a second run
 * finds nothing left to fix; `job-audit --fix` on a copy of each fixture project does the same.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import * as typescript from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/corpus.js';
import { fixture, repoRoot, runCli } from '../helpers.js';

const config: Linter.Config[] = [{ files: ['**/*.{ts,tsx,js,mjs,cjs}'], languageOptions: { parser } }, plugin.configs.all as Linter.Config];
const linter = new Linter({ configType: 'flat' });

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(full));
    } else if (/\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') && statSync(full).size < 1_000_000) out.push(full);
  }
  return out.sort();
}

function parses(text: string, fileName: string): boolean {
  const file = typescript.createSourceFile(fileName, text, typescript.ScriptTarget.Latest, true);
  return ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics ?? []).length === 0;
}

function checkFixLoop(text: string, fileName: string): { fixed: boolean; reported: number } {
  // verifyAndFix runs up to 10 passes; `fixed` with remaining fixable problems means it did not converge.
  const result = linter.verifyAndFix(text, config, { filename: fileName });
  expect(result.messages.filter((message) => message.fatal), `${fileName} stays parsable for ESLint`).toEqual([]);
  expect(parses(result.output, fileName), `${fileName} parses after fixes`).toBe(true);
  const again = linter.verifyAndFix(result.output, config, { filename: fileName });
  expect(again.fixed, `${fileName}: a second run finds nothing left to fix`).toBe(false);
  expect(again.messages.filter((message) => message.fix), `${fileName}: no fixable problem left`).toEqual([]);
  return { fixed: result.fixed, reported: again.messages.length };
}

describe('ESLint fix loop', () => {
  const fixtureFiles = sourceFiles(path.join(repoRoot, 'fixtures')).filter((file) => !file.includes(`${path.sep}eslint-project${path.sep}`));
  it.each(fixtureFiles.map((file) => [path.relative(repoRoot, file), file]))('%s', (_label, file) => {
    const text = readFileSync(file, 'utf8');
    if (!parses(text, file)) return; // fixtures that are broken on purpose
    checkFixLoop(text, path.basename(file));
  });

  it('on a generated corpus of job code', () => {
    const files = generateCorpus({ files: 200, seed: 7 });
    let reported = 0;
    for (const [name, text] of files) {
      if (!/\.[cm]?[jt]s$/.test(name) || name.includes('node_modules') || name.endsWith('.d.ts')) continue;
      reported += checkFixLoop(text, path.basename(name)).reported;
    }
    expect(reported).toBeGreaterThan(0); // the rules ran on job code, not on nothing
  });
});

describe('job-audit --fix', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['demo-app', 'parity', 'projects/orphans-and-failures'])('%s: fixed files parse and a second --fix changes nothing', (name) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-fix-'));
    scratch.push(dir);
    cpSync(fixture(...name.split('/')), dir, { recursive: true });
    const first = runCli([dir, '--fix']);
    expect([0, 1]).toContain(first.status);
    const snapshot = sourceFiles(dir).map((file) => [file, readFileSync(file, 'utf8')] as const);
    for (const [file, text] of snapshot) expect(parses(text, file), `${file} parses after --fix`).toBe(true);
    const second = runCli([dir, '--fix']);
    expect([0, 1]).toContain(second.status);
    for (const [file, text] of snapshot) expect(readFileSync(file, 'utf8'), `${file} unchanged by a second --fix`).toBe(text);
  });
});
