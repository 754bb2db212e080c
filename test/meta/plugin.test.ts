/** The plugin's shape: rules, docs, configs, catalogue registry and README stay in sync. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import plugin from 'eslint-plugin-job-audit';
import { describe, expect, it } from 'vitest';
import { builtinEntries } from '../../src/catalogue/index.js';
import { rules } from '../../rules/index.js';
import { repoRoot } from '../helpers.js';

const ruleIds = Object.keys(rules);

describe('rules', () => {
  it('are listed alphabetically in rules/index.ts and exported by the plugin', () => {
    expect(ruleIds).toEqual([...ruleIds].sort());
    expect(Object.keys(plugin.rules)).toEqual(ruleIds);
    const files = readdirSync(path.join(repoRoot, 'rules'))
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(ruleIds);
  });

  it.each(ruleIds)('%s has a complete doc page and docs URL', (id) => {
    const rule = rules[id as keyof typeof rules];
    const doc = readFileSync(path.join(repoRoot, 'rules', `${id}.md`), 'utf8');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    for (const heading of ['## Why', '## Examples', '### ❌ Incorrect', '### ✅ Correct', '## Options', '## What it cannot see', '## When not to use it']) {
      expect(doc, `${id}.md lacks "${heading}"`).toContain(`\n${heading}\n`);
    }
    expect(rule.meta.docs?.url).toBe(`https://github.com/job-audit/eslint-plugin-job-audit/blob/main/rules/${id}.md`);
    expect(rule.meta.docs?.description).toMatch(/^(Disallow|Require|Enforce) /);
  });

  it.each(ruleIds)('%s doc restates meta.docs.description right after the generated header', (id) => {
    const rule = rules[id as keyof typeof rules];
    const doc = readFileSync(path.join(repoRoot, 'rules', `${id}.md`), 'utf8');
    const marker = '\n<!-- end auto-generated rule header -->\n\n';
    expect(doc, `${id}.md has no generated header (npm run docs)`).toContain(marker);
    const first = doc.slice(doc.indexOf(marker) + marker.length).split('\n\n')[0]!.replace(/\s+/g, ' ').replace(/`/g, '');
    expect(first).toBe(`${rule.meta.docs!.description}.`);
  });

  it.each(ruleIds)('%s has tests', (id) => {
    expect(readdirSync(path.join(repoRoot, 'test', 'rules'))).toContain(`${id}.test.ts`);
  });
});

describe('configs', () => {
  it('are flat configs named job-audit/<preset>, derived from meta.docs.recommended', () => {
    const levels = { recommended: ['recommended'], strict: ['recommended', 'strict'], all: ['recommended', 'strict', 'all'] };
    for (const [preset, accepted] of Object.entries(levels)) {
      const config = plugin.configs[preset as keyof typeof levels];
      expect(config.name).toBe(`job-audit/${preset}`);
      expect(config.plugins?.['job-audit']).toBe(plugin);
      const expected = Object.fromEntries(
        ruleIds
          .filter((id) => accepted.includes(rules[id as keyof typeof rules].meta.docs!.recommended))
          .map((id) => [`job-audit/${id}`, preset !== 'recommended' && strictOptions[id] ? ['error', strictOptions[id]] : 'error']),
      );
      expect(config.rules).toEqual(expected);
    }
    expect(Object.keys(plugin.configs.all.rules ?? {})).toHaveLength(ruleIds.length);
  });

  // rules.md: "with the option `requireExplicit: true` (strict config)"; "the `strict` config may add
  // a `checkGuards` option to `no-check-then-act`"; "`recommended` never enables an option that widens a rule".
  const strictOptions: Record<string, Record<string, unknown>> = {
    'require-retry-policy': { requireExplicit: true },
    'require-job-timeout': { requireExplicit: true },
    'no-check-then-act': { checkGuards: true },
  };

  it('strict (and all, and their typed variants) widen the rules the contract names; recommended sets no option', () => {
    for (const preset of ['strict', 'all', 'strict-type-checked', 'all-type-checked'] as const) {
      for (const [id, options] of Object.entries(strictOptions)) {
        expect(plugin.configs[preset].rules?.[`job-audit/${id}`], `${preset} ${id}`).toEqual(['error', options]);
      }
    }
    for (const preset of ['recommended', 'recommended-type-checked'] as const) {
      for (const entry of Object.values(plugin.configs[preset].rules ?? {})) expect(entry).toBe('error');
    }
  });

  it('every option a preset sets is valid for the rule (its schema names it)', () => {
    for (const [id, options] of Object.entries(strictOptions)) {
      const schema = rules[id as keyof typeof rules].meta.schema as readonly { properties?: Record<string, unknown> }[];
      for (const key of Object.keys(options)) expect(schema[0]?.properties, `${id}.${key}`).toHaveProperty(key);
    }
  });
});

describe('catalogue', () => {
  it('registers every file in src/catalogue/{frameworks,data,effects}', () => {
    const dir = path.join(repoRoot, 'src', 'catalogue');
    const files = ['frameworks', 'data', 'effects'].flatMap((sub) => readdirSync(path.join(dir, sub)).map((name) => `${sub}/${name}`));
    const index = readFileSync(path.join(dir, 'index.ts'), 'utf8');
    for (const file of files) expect(index, `${file} is not registered`).toContain(`'./${file.replace(/\.ts$/, '.js')}'`);
    expect(new Set(builtinEntries.map((entry) => entry.id)).size).toBe(builtinEntries.length);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const begin = '<!-- begin auto-generated rules list -->';
  const end = '<!-- end auto-generated rules list -->';
  /** Rule ids linked from the first column of each table row in `text`, in order. */
  const linkedRules = (text: string): string[] =>
    [...text.matchAll(/^\| \[`?([a-z-]+)`?\]\(rules\/([a-z-]+)\.md\)/gm)].map((match) => {
      expect(match[2], `README links ${match[1]} to another page`).toBe(match[1]);
      return match[1]!;
    });

  it('lists every plugin rule, in order, in the generated table (eslint-doc-generator markers)', () => {
    expect(readme.split(begin)).toHaveLength(2);
    expect(readme.split(end)).toHaveLength(2);
    const generated = readme.slice(readme.indexOf(begin), readme.indexOf(end));
    expect(linkedRules(generated)).toEqual(ruleIds);
  });

  it('lists the CLI-only rules (every other rules/*.md) in the table right after the generated one', () => {
    const docs = readdirSync(path.join(repoRoot, 'rules'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.replace(/\.md$/, ''));
    const cliOnly = docs.filter((id) => !ruleIds.includes(id));
    expect(cliOnly.length).toBeGreaterThan(0);
    const after = readme.slice(readme.indexOf(end) + end.length);
    const table = after.slice(0, after.search(/^## /m));
    expect(linkedRules(table)).toEqual(cliOnly);
  });

  it('gives the two commands', () => {
    expect(readme).toContain('npm ci && npx job-audit fixtures/demo-app');
    expect(readme).toContain('npm ci && npm test');
  });

  it('.ci/run runs the README test command', () => {
    const ci = readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/npm ci/);
    expect(ci).toMatch(/npm test/);
  });
});
