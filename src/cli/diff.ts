/** A unified diff (`diff -u` / `git diff` shape, 3 lines of context) of one file's text before and after. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common prefix and suffix first: fixes are small, so the LCS table stays small.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  type Op = { kind: ' ' | '-' | '+'; text: string; aLine: number; bLine: number };
  const ops: Op[] = [];
  for (let i = 0; i < prefix; i++) ops.push({ kind: ' ', text: a[i]!, aLine: i, bLine: i });
  const lcs: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      ops.push({ kind: ' ', text: midA[i]!, aLine: prefix + i, bLine: prefix + j });
      i++;
      j++;
    } else if (j < midB.length && (i === midA.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', text: midB[j]!, aLine: prefix + i, bLine: prefix + j });
      j++;
    } else {
      ops.push({ kind: '-', text: midA[i]!, aLine: prefix + i, bLine: prefix + j });
      i++;
    }
  }
  for (let k = 0; k < suffix; k++) ops.push({ kind: ' ', text: a[a.length - suffix + k]!, aLine: a.length - suffix + k, bLine: b.length - suffix + k });

  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  let out = `--- a/${file}\n+++ b/${file}\n`;
  let cursor = 0;
  while (cursor < changed.length) {
    let first = changed[cursor]!;
    let last = first;
    while (cursor + 1 < changed.length && changed[cursor + 1]! - last <= context * 2 + 1) last = changed[++cursor]!;
    cursor++;
    first = Math.max(0, first - context);
    last = Math.min(ops.length - 1, last + context);
    const hunk = ops.slice(first, last + 1);
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    const aStart = aCount ? hunk[0]!.aLine + 1 : hunk[0]!.aLine;
    const bStart = bCount ? hunk[0]!.bLine + 1 : hunk[0]!.bLine;
    out += `@@ -${aStart},${aCount} +${bStart},${bCount} @@\n`;
    for (const op of hunk) out += `${op.kind}${op.text}\n`;
  }
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
