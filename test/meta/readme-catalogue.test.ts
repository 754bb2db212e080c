/**
 * README "Add a framework, data layer or effect API through settings": its snippets work exactly as
 * written. The section's ```json block is a `job-audit.config.json`, its ```js block starting with
 * `// eslint.config.js` an ESLint config, and each ```ts block starting with `// src/…` a source file
 * whose `// ✗ <rule>` comments mark the findings the README promises. The config validates against the
 * schema; ESLint (with that eslint.config.js, loaded by the ESLint class) and the CLI (with that
 * config file) report exactly the marked findings; without the catalogue entries they report none of
 * them, so the findings come from the README's entries.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { ESLint, type Linter } from 'eslint';
import { checkConfig, configSchema, describeProblem, validate } from 'eslint-plugin-job-audit/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers.js';

const HEADING = '## Add a framework, data layer or effect API through settings';

interface Fence {
  readonly lang: string;
  readonly code: string;
}

interface Expected {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

function sectionOf(markdown: string): string {
  const start = markdown.indexOf(`\n${HEADING}\n`);
  expect(start, `README lacks "${HEADING}"`).toBeGreaterThan(0);
  const rest = markdown.slice(start + HEADING.length + 2);
  const end = rest.search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end);
}

function fencesOf(markdown: string): Fence[] {
  const fences: Fence[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    fences.push({ lang: open[1]!, code: `${lines.slice(i + 1, end).join('\n')}\n` });
    i = end;
  }
  return fences;
}

const section = sectionOf(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
const fences = fencesOf(section);
const jsonFences = fences.filter((fence) => fence.lang === 'json');
const eslintFences = fences.filter((fence) => fence.lang === 'js' && fence.code.startsWith('// eslint.config.js\n'));
const sources = fences
  .filter((fence) => fence.lang === 'ts')
  .map((fence) => ({ file: /^\/\/ (src\/\S+\.ts)\n/.exec(fence.code)?.[1], code: fence.code }));
const expected: Expected[] = sources.flatMap(({ file, code }) =>
  code.split('\n').flatMap((text, index) => {
    const mark = /\/\/ ✗ ([a-z-]+)\s*$/.exec(text);
    return mark && file ? [{ file, line: index + 1, rule: mark[1]! }] : [];
  }),
);

const sorted = (items: readonly Expected[]): Expected[] =>
  [...items].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));

let dir: string;
let config: { catalogue?: unknown[] } & Record<string, unknown>;

beforeAll(() => {
  // Inside the repository, so that eslint.config.js resolves `eslint-plugin-job-audit` and the parser.
  mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
  dir = mkdtempSync(path.join(repoRoot, 'test-output', 'readme-catalogue-'));
  for (const { file, code } of sources) {
    mkdirSync(path.dirname(path.join(dir, file!)), { recursive: true });
    writeFileSync(path.join(dir, file!), code);
  }
  writeFileSync(path.join(dir, 'eslint.config.js'), eslintFences[0]?.code ?? '');
  config = JSON.parse(jsonFences[0]?.code ?? '{}');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README: add a framework, data layer or effect API through settings', () => {
  it('has one job-audit.config.json, one eslint.config.js and annotated sources for an effect and a framework', () => {
    expect(jsonFences).toHaveLength(1);
    expect(eslintFences).toHaveLength(1);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    for (const source of sources) expect(source.file, `a ts block does not start with // src/…:\n${source.code}`).toBeDefined();
    const kinds = (config.catalogue ?? []).map((entry) => (entry as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(['effect', 'framework']));
    // The effect in a BullMQ worker, the effect in the custom framework's handler, its enqueue without a key.
    expect(sources.some(({ code }) => code.includes("from 'bullmq'") && /✗ no-unguarded-side-effect/.test(code))).toBe(true);
    expect(new Set(expected.map((item) => item.rule))).toEqual(new Set(['no-unguarded-side-effect', 'require-idempotency-key']));
  });

  it('job-audit.config.json validates against the schema (built-in validator, ajv and checkConfig)', () => {
    const problem = validate(configSchema, config);
    expect(problem && describeProblem(problem)).toBeUndefined();
    const ajv = new Ajv({ strict: false }).compile(configSchema as object);
    expect(ajv(config), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => checkConfig(config, 'job-audit.config.json')).not.toThrow();
  });

  it("eslint.config.js puts the same catalogue in settings['job-audit'], and it validates", async () => {
    const eslint = new ESLint({ cwd: dir });
    const resolved = (await eslint.calculateConfigForFile(path.join(dir, sources[0]!.file!))) as Linter.Config;
    const settings = resolved.settings?.['job-audit'];
    expect(settings).toEqual({ catalogue: config.catalogue });
    expect(() => checkConfig(settings, "settings['job-audit']")).not.toThrow();
  });

  it('ESLint with that eslint.config.js reports exactly the marked findings', async () => {
    const eslint = new ESLint({ cwd: dir });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    expect(results).toHaveLength(sources.length);
    const messages = results.flatMap((result) => result.messages.map((message) => ({ result, message })));
    expect(messages.filter(({ message }) => message.fatal)).toEqual([]);
    const found = messages.map(({ result, message }) => ({
      file: path.relative(dir, result.filePath).split(path.sep).join('/'),
      line: message.line,
      rule: (message.ruleId ?? '').replace(/^job-audit\//, ''),
    }));
    expect(sorted(found)).toEqual(sorted(expected));
  });

  it('ESLint without the catalogue settings reports none of them', async () => {
    const { default: configs } = (await import(pathToFileURL(path.join(dir, 'eslint.config.js')).href)) as { default: Linter.Config[] };
    const withoutSettings = configs.map(({ settings: _settings, ...rest }) => rest);
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: withoutSettings });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    expect(results).toHaveLength(sources.length);
    expect(results.flatMap((result) => result.messages)).toEqual([]);
  });

  it('the CLI with that job-audit.config.json reports exactly the marked findings; without it, none of them', () => {
    const run = () => {
      const result = runCli([dir, '--format', 'json']);
      expect(result.stderr).toBe('');
      const report = JSON.parse(result.stdout) as { config?: string; findings: { file: string; line: number; rule: string }[] };
      return { status: result.status, report, found: report.findings.map(({ file, line, rule }) => ({ file, line, rule })) };
    };
    writeFileSync(path.join(dir, 'job-audit.config.json'), jsonFences[0]!.code);
    try {
      const withConfig = run();
      expect(withConfig.report.config).toBe('job-audit.config.json');
      expect(sorted(withConfig.found)).toEqual(sorted(expected));
      expect(withConfig.status).toBe(1);
    } finally {
      rmSync(path.join(dir, 'job-audit.config.json'));
    }
    const without = run();
    const marked = new Set(expected.map((item) => `${item.file}:${item.line}:${item.rule}`));
    expect(without.found.filter((item) => marked.has(`${item.file}:${item.line}:${item.rule}`))).toEqual([]);
  });
});
