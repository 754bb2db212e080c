/**
 * Suppression comments the CLI honours, read from the real comments of a file (not from strings):
 * - `// job-audit-ignore-next-line <rule-id>[, <rule-id>] -- <reason>`: hides findings of those rules
 *   that start on the next line. The reason is required: without ` -- reason` the comment suppresses
 *   nothing and the run gets a note saying so (the finding stays, so CI keeps failing until someone
 *   writes down why). An ignore comment that hides nothing also gets a note.
 * - ESLint's own directives for `job-audit/<rule-id>` (or for every rule when they name none):
 *   `eslint-disable-next-line`, `eslint-disable-line`, and `/* eslint-disable … *\/` …
 *   `/* eslint-enable … *\/` blocks, so a file that ESLint considers clean is clean for the CLI too.
 */
import type * as TS from 'typescript';

interface Directive {
  readonly kind: 'ignore-next-line' | 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  /** Rule ids without the `job-audit/` prefix; undefined means every rule. */
  readonly rules: readonly string[] | undefined;
  readonly reason: string | undefined;
  /** 0-based lines of the comment's start and end. */
  readonly line: number;
  readonly endLine: number;
  used: boolean;
}

export interface Suppressible {
  readonly rule: string;
  /** 0-based line of the finding's start. */
  readonly line: number;
}

const DIRECTIVE = /^\s*(job-audit-ignore-next-line|eslint-disable-next-line|eslint-disable-line|eslint-disable|eslint-enable)(?=\s|$)([\s\S]*)$/;

export function readDirectives(ts: typeof TS, sourceFile: TS.SourceFile): Directive[] {
  const text = sourceFile.text;
  const seen = new Set<number>();
  const directives: Directive[] = [];
  const take = (ranges: readonly TS.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      const raw = text.slice(range.pos, range.end);
      const body = range.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
      const match = DIRECTIVE.exec(body);
      if (!match) continue;
      const keyword = match[1]!;
      if (keyword === 'eslint-disable-line' || keyword === 'eslint-disable-next-line' || keyword === 'job-audit-ignore-next-line') {
        // Line directives must fit on one line, as in ESLint.
        if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia && raw.includes('\n')) continue;
      }
      const separator = match[2]!.search(/\s--\s|\s--$/);
      const list = (separator >= 0 ? match[2]!.slice(0, separator) : match[2]!).trim();
      const reason = separator >= 0 ? match[2]!.slice(separator).replace(/^\s*--\s*/, '').trim() || undefined : undefined;
      const names = list ? list.split(/[\s,]+/).filter(Boolean) : [];
      let rules: string[] | undefined;
      if (keyword === 'job-audit-ignore-next-line') {
        rules = names.map((name) => name.replace(/^job-audit\//, ''));
      } else {
        if (names.length && !names.some((name) => name.startsWith('job-audit/'))) continue;
        rules = names.length ? names.filter((name) => name.startsWith('job-audit/')).map((name) => name.slice('job-audit/'.length)) : undefined;
      }
      directives.push({
        kind: keyword === 'job-audit-ignore-next-line' ? 'ignore-next-line' : (keyword.slice('eslint-'.length) as Directive['kind']),
        rules,
        reason,
        line: sourceFile.getLineAndCharacterOfPosition(range.pos).line,
        endLine: sourceFile.getLineAndCharacterOfPosition(range.end).line,
        used: false,
      });
    }
  };
  const visit = (node: TS.Node): void => {
    take(ts.getLeadingCommentRanges(text, node.pos));
    take(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  take(ts.getLeadingCommentRanges(text, sourceFile.endOfFileToken.pos));
  directives.sort((a, b) => a.line - b.line);
  return directives;
}

export interface SuppressionResult<T> {
  readonly kept: T[];
  readonly suppressed: number;
}

/** Drops the findings the directives suppress and marks those directives used. */
export function applyDirectives<T extends Suppressible>(findings: readonly T[], directives: Directive[]): SuppressionResult<T> {
  const matches = (directive: Directive, rule: string) => !directive.rules || directive.rules.includes(rule);
  const kept: T[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    let hidden = false;
    for (const directive of directives) {
      if (!matches(directive, finding.rule)) continue;
      if (directive.kind === 'ignore-next-line') {
        if (directive.endLine + 1 === finding.line && directive.reason) hidden = directive.used = true;
      } else if (directive.kind === 'disable-next-line') {
        if (directive.endLine + 1 === finding.line) hidden = directive.used = true;
      } else if (directive.kind === 'disable-line') {
        if (directive.line === finding.line) hidden = directive.used = true;
      }
    }
    if (!hidden && blockDisabled(directives, finding)) hidden = true;
    if (hidden) suppressed++;
    else kept.push(finding);
  }
  return { kept, suppressed };
}

/** Notes about a file's ignore comments once all its findings are in: missing reasons, unused ignores (1-based lines). */
export function directiveNotes(directives: readonly Directive[], file: string): string[] {
  const notes: string[] = [];
  for (const directive of directives) {
    if (directive.kind !== 'ignore-next-line') continue;
    const where = `${file}:${directive.line + 1}`;
    if (!directive.reason) {
      notes.push(`${where}: job-audit-ignore-next-line needs a reason after ' -- ' (e.g. '// job-audit-ignore-next-line ${directive.rules?.[0] ?? '<rule-id>'} -- sent at most once by the caller'); nothing was suppressed`);
    } else if (!directive.rules?.length) {
      notes.push(`${where}: job-audit-ignore-next-line names no rule; nothing was suppressed`);
    } else if (!directive.used) {
      notes.push(`${where}: unused job-audit-ignore-next-line (no ${directive.rules.join(', ')} finding on the next line)`);
    }
  }
  return notes;
}

/** `/* eslint-disable [rules] *\/` up to a matching `/* eslint-enable [rules] *\/`, as ESLint reads them. */
function blockDisabled(directives: readonly Directive[], finding: Suppressible): boolean {
  let disabled = false;
  for (const directive of directives) {
    if (directive.line > finding.line) break;
    if (directive.line === finding.line && directive.kind !== 'disable') continue;
    const applies = !directive.rules || directive.rules.includes(finding.rule);
    if (directive.kind === 'disable' && applies) disabled = true;
    else if (directive.kind === 'enable' && applies) disabled = false;
  }
  return disabled;
}
