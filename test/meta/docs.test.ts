/**
 * Every rule doc's examples behave as labelled: each ```ts block under "### ❌ Incorrect" reports
 * the rule and each one under "### ✅ Correct" does not. Plugin rules are linted with ESLint; the
 * CLI-only rules run through `audit()` on a one-file project.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import { audit } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';

interface Example {
  readonly kind: 'incorrect' | 'correct';
  readonly code: string;
  readonly line: number;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  let kind: Example['kind'] | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,3} /.test(line)) kind = /❌/.test(line) ? 'incorrect' : /✅/.test(line) ? 'correct' : undefined;
    if (kind && /^```(ts|typescript|js|javascript)\s*$/.test(line)) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end]!.startsWith('```')) end++;
      found.push({ kind, code: lines.slice(start, end).join('\n'), line: start });
      i = end;
    }
  }
  return found;
}

const docs = readdirSync(path.join(repoRoot, 'rules')).filter((name) => name.endsWith('.md'));
const linter = new Linter({ configType: 'flat' });

describe.each(docs)('%s', (doc) => {
  const id = doc.replace(/\.md$/, '');
  const cases = examples(readFileSync(path.join(repoRoot, 'rules', doc), 'utf8'));

  it('has at least one ❌ and one ✅ example', () => {
    expect(cases.some((example) => example.kind === 'incorrect')).toBe(true);
    expect(cases.some((example) => example.kind === 'correct')).toBe(true);
  });

  it.each(cases.map((example) => [`${example.kind} example at line ${example.line}`, example] as const))('%s', (_label, example) => {
    let reported: string[];
    if (id in plugin.rules) {
      const messages = linter.verify(
        example.code,
        [{ files: ['**/*.ts'], languageOptions: { parser }, plugins: { 'job-audit': plugin as never }, rules: { [`job-audit/${id}`]: 'error' } }],
        'example.ts',
      );
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      reported = messages.map((message) => message.ruleId ?? '');
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-doc-'));
      try {
        writeFileSync(path.join(dir, 'example.ts'), example.code);
        reported = audit({ root: dir, rules: [id] }).findings.map((finding) => finding.ruleId);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (example.kind === 'incorrect') expect(reported).toContain(`job-audit/${id}`);
    else expect(reported).not.toContain(`job-audit/${id}`);
  });
});
