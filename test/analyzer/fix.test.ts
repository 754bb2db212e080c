/**
 * Fix plumbing: `Finding.fix` / `Finding.suggestions` from a check travel through audit() into the
 * report, and applyFixes writes them (atomically, inside the root) or prints a diff. The check here
 * is a fake, registered only in this test: it wants `queue.add('name', …)` names in kebab-case.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as TS from 'typescript';
import { applyFixes, audit, type ExtraCheck } from 'eslint-plugin-job-audit/audit';
import { afterAll, describe, expect, it } from 'vitest';

const kebab: ExtraCheck = {
  check: {
    id: 'kebab-job-name',
    messages: { notKebab: 'Job name `{{name}}` is not kebab-case.', rename: 'Rename it to `{{next}}`.', quote: 'Quote it differently.' },
    check(model) {
      const ts = model.context.ts as typeof TS;
      return model.enqueues.flatMap((site) => {
        const arg = site.call.arguments?.[0];
        if (!arg || !ts.isStringLiteral(arg) || /^[a-z0-9-]+$/.test(arg.text)) return [];
        const next = arg.text.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
        const range: [number, number] = [arg.getStart(), arg.getEnd()];
        return [
          {
            messageId: 'notKebab',
            data: { name: arg.text },
            node: arg,
            fix: [{ range, text: `'${next}'` }],
            suggestions: [
              { messageId: 'rename', data: { next: `${next}-job` }, edits: [{ range, text: `'${next}-job'` }] },
              { messageId: 'quote', edits: [{ range, text: `"${arg.text}"` }] },
            ],
          },
        ];
      });
    },
  },
};

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const source = `import { Queue } from 'bullmq';
const queue = new Queue('mail');
export async function enqueue() {
  await queue.add('sendWelcome', {});
  await queue.add('ok-name', {});
  await queue.add('daily_digest', {});
}
`;

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-fix-'));
  scratch.push(dir);
  writeFileSync(path.join(dir, 'enqueue.ts'), source);
  return dir;
}

describe('fixes from Finding.fix and Finding.suggestions', () => {
  it('carries fix edits and formatted suggestions into the report', () => {
    const report = audit({ root: project(), extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    const findings = report.findings.filter((finding) => finding.rule === 'kebab-job-name');
    expect(findings.map((finding) => finding.message)).toEqual(['Job name `sendWelcome` is not kebab-case.', 'Job name `daily_digest` is not kebab-case.']);
    expect(findings[0]!.fix).toEqual([{ range: [source.indexOf("'sendWelcome'"), source.indexOf("'sendWelcome'") + 13], text: "'send-welcome'" }]);
    expect(findings[0]!.suggestions?.map((suggestion) => suggestion.message)).toEqual(['Rename it to `send-welcome-job`.', 'Quote it differently.']);
  });

  it('--dry-run: a unified diff, nothing written', () => {
    const dir = project();
    const report = audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    const result = applyFixes(report, { dryRun: true });
    expect(result.applied).toBe(2);
    expect(result.diff).toBe(
      [
        '--- a/enqueue.ts',
        '+++ b/enqueue.ts',
        '@@ -1,7 +1,7 @@',
        " import { Queue } from 'bullmq';",
        " const queue = new Queue('mail');",
        ' export async function enqueue() {',
        "-  await queue.add('sendWelcome', {});",
        "+  await queue.add('send-welcome', {});",
        "   await queue.add('ok-name', {});",
        "-  await queue.add('daily_digest', {});",
        "+  await queue.add('daily-digest', {});",
        ' }',
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(dir, 'enqueue.ts'), 'utf8')).toBe(source);
  });

  it('--fix writes atomically (no temp file left) and a second run finds nothing to fix', () => {
    const dir = project();
    const result = applyFixes(audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] }));
    expect(result.files).toEqual([{ file: 'enqueue.ts', fixes: 2 }]);
    const after = readFileSync(path.join(dir, 'enqueue.ts'), 'utf8');
    expect(after).toContain("queue.add('send-welcome', {})");
    expect(after).toContain("queue.add('daily-digest', {})");
    expect(readdirSync(dir)).toEqual(['enqueue.ts']);
    const again = audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    expect(again.findings.filter((finding) => finding.rule === 'kebab-job-name')).toEqual([]);
  });

  it('--fix-suggestions <rule> applies the first suggestion of that rule only', () => {
    const dir = project();
    const report = audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    expect(applyFixes(report, { suggestionsOf: 'no-unguarded-side-effect' }).applied).toBe(0);
    const result = applyFixes(report, { suggestionsOf: 'job-audit/kebab-job-name' });
    expect(result.applied).toBe(2);
    expect(readFileSync(path.join(dir, 'enqueue.ts'), 'utf8')).toContain("queue.add('send-welcome-job', {})");
  });

  it('skips an overlapping fix, as ESLint does', () => {
    const dir = project();
    const report = audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    const first = report.findings[0]!;
    const overlapping = { ...first, line: first.line + 100, fix: [{ range: [first.fix![0]!.range[0] + 1, first.fix![0]!.range[1]] as const, text: 'x' }] };
    const result = applyFixes({ ...report, findings: [...report.findings, overlapping] }, { dryRun: true });
    expect(result.applied).toBe(2);
    expect(result.skipped).toBe(1);
  });

  it('never writes outside the analysed root (a path leaving it, or a symlink pointing out of it)', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'job-audit-outside-'));
    scratch.push(outside);
    writeFileSync(path.join(outside, 'enqueue.ts'), source);
    const dir = project();
    mkdirSync(path.join(dir, 'src'));
    symlinkSync(path.join(outside, 'enqueue.ts'), path.join(dir, 'src', 'link.ts'));
    const report = audit({ root: dir, extraChecks: { 'kebab-job-name': kebab }, rules: ['kebab-job-name'] });
    const findings = report.findings.filter((finding) => finding.rule === 'kebab-job-name' && finding.file === 'enqueue.ts');
    expect(findings).toHaveLength(2);
    // The same edits, aimed at the file through the symlink and through `..`.
    const escaping = [
      ...findings.map((finding) => ({ ...finding, file: 'src/link.ts' })),
      ...findings.map((finding) => ({ ...finding, file: path.relative(dir, path.join(outside, 'enqueue.ts')) })),
    ];
    const result = applyFixes({ ...report, findings: escaping });
    expect(result.applied).toBe(0);
    expect(result.skipped).toBe(4);
    expect(readFileSync(path.join(outside, 'enqueue.ts'), 'utf8')).toBe(source);
  });
});
