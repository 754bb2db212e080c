import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/config/glob.js';
import { unifiedDiff } from '../../src/cli/diff.js';

describe('ignore globs', () => {
  it.each([
    ['src/legacy/**', 'src/legacy/a.ts', true],
    ['src/legacy/**', 'src/legacy/deep/a.ts', true],
    ['src/legacy/**', 'src/legacy-new/a.ts', false],
    ['src/legacy', 'src/legacy/a.ts', true],
    ['scripts/', 'scripts/seed.ts', true],
    ['*.test.ts', 'src/deep/a.test.ts', true],
    ['*.test.ts', 'src/deep/a.ts', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/x/a.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['src/?.ts', 'src/ab.ts', false],
    ['**/fixtures/**', 'test/fixtures/a.ts', true],
    ['a+b.ts', 'a+b.ts', true],
    ['a+b.ts', 'aab.ts', false],
  ])('%s on %s → %s', (pattern, file, expected) => {
    expect(globMatcher([pattern])(file)).toBe(expected);
  });
});

describe('unified diff', () => {
  it('matches diff -u: removed lines before added ones, 3 lines of context, separate hunks when far apart', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line 18\nline 18b\n');
    expect(unifiedDiff('f.ts', before, after)).toBe(
      [
        '--- a/f.ts',
        '+++ b/f.ts',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -16,5 +16,6 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '+line 18b',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('f.ts', before, before)).toBe('');
  });
});
