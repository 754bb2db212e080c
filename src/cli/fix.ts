/**
 * `--fix` / `--fix-suggestions <rule>`: applies the same edits ESLint applies (`Finding.fix`, or the
 * first `Finding.suggestions` entry of one rule), carried in the report as offsets in each file's
 * text. Like ESLint, an edit overlapping one already taken is skipped (run again to apply it). Writes
 * are atomic and only inside the analysed root (symlinks are resolved first); `dryRun` returns a
 * unified diff instead of writing.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { AuditReport, ReportEdit } from '../analyzer/report.js';
import { unifiedDiff } from './diff.js';
import { writeAtomic } from './write.js';

export interface FixOptions {
  /** Apply the first suggestion of this rule instead of autofixes. */
  readonly suggestionsOf?: string | undefined;
  readonly dryRun?: boolean;
}

export interface FixResult {
  /** Fixes applied (or that would be applied) per file, relative paths. */
  readonly files: readonly { readonly file: string; readonly fixes: number }[];
  readonly applied: number;
  /** Fixes skipped because they overlap another fix in the same run. */
  readonly skipped: number;
  readonly diff: string;
  /** Findings whose fix was applied, by fingerprint, so the caller can drop them from the report. */
  readonly fixed: ReadonlySet<string>;
}

export function applyFixes(report: AuditReport, options: FixOptions = {}): FixResult {
  const byFile = new Map<string, { key: string; edits: readonly ReportEdit[] }[]>();
  for (const finding of report.findings) {
    const edits = options.suggestionsOf
      ? finding.rule === options.suggestionsOf || finding.ruleId === options.suggestionsOf
        ? finding.suggestions?.[0]?.edits
        : undefined
      : finding.fix;
    if (!edits?.length) continue;
    let list = byFile.get(finding.file);
    if (!list) byFile.set(finding.file, (list = []));
    list.push({ key: `${finding.fingerprint ?? ''}@${finding.line}:${finding.column}`, edits });
  }
  const realRoot = realpathSync(report.root);
  const files: { file: string; fixes: number }[] = [];
  const fixed = new Set<string>();
  let applied = 0;
  let skipped = 0;
  let diff = '';
  for (const [file, fixes] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const absolute = realpathSync(path.join(report.root, file));
    const inside = path.relative(realRoot, absolute);
    if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) {
      skipped += fixes.length;
      continue;
    }
    const before = readFileSync(absolute, 'utf8');
    const taken: ReportEdit[] = [];
    let count = 0;
    // Sorted by where each fix starts, as ESLint does; a fix is all-or-nothing.
    const ordered = [...fixes].sort((a, b) => start(a.edits) - start(b.edits));
    for (const fix of ordered) {
      const overlaps = fix.edits.some((edit) => taken.some((other) => edit.range[0] < other.range[1] && other.range[0] < edit.range[1]) || edit.range[1] > before.length);
      if (overlaps) {
        skipped++;
        continue;
      }
      taken.push(...fix.edits);
      fixed.add(fix.key);
      count++;
    }
    if (count === 0) continue;
    let after = before;
    for (const edit of [...taken].sort((a, b) => b.range[0] - a.range[0])) {
      after = after.slice(0, edit.range[0]) + edit.text + after.slice(edit.range[1]);
    }
    if (after === before) continue;
    if (options.dryRun) diff += unifiedDiff(file, before, after);
    else writeAtomic(absolute, after);
    files.push({ file, fixes: count });
    applied += count;
  }
  return { files, applied, skipped, diff, fixed };
}

const start = (edits: readonly ReportEdit[]) => Math.min(...edits.map((edit) => edit.range[0]));
