/**
 * Hostile inputs never crash either front end: syntax errors, empty files, a 5 MB generated file,
 * deeply nested expressions, non-UTF-8 bytes, binary content, symlink loops, a tsconfig that extends
 * a missing file, circular imports and recursive helpers. The CLI says what it skipped in a note,
 * exits with the documented code and writes nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

let dir: string;

const files: Record<string, string | Buffer> = {
  'tsconfig.json': '{ "extends": "./missing/base.json", "compilerOptions": { "allowJs": true, "strict": true }, "include": ["src"] }',
  'src/empty.ts': '',
  'src/broken.ts': "import { Worker } from 'bullmq';\nexport const = ;\n{{{ new Worker(",
  'src/latin1.ts': Buffer.concat([Buffer.from('export const name = "'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from('";\n')]),
  'src/binary.js': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  'src/deep.ts': `import { Worker } from 'bullmq';\nnew Worker('deep', async (job) => ${'job.data.a + '.repeat(20_000)}1);\n`,
  'src/parens.ts': `import { ping } from './ping.js';\nexport const nested = ${'('.repeat(3000)}ping${')'.repeat(3000)};\n`,
  'src/generated-data.ts': `export const rows = [\n${Array.from({ length: 60_000 }, (_, i) => `  { id: ${i}, sku: "SKU-${i}", title: "Generated product number ${i}" },`).join('\n')}\n];\n`,
  'src/ping.ts': "import { pong } from './pong.js';\nexport async function ping(n: number): Promise<void> { if (n > 0) await pong(n - 1); }\n",
  'src/pong.ts': "import { ping } from './ping.js';\nexport async function pong(n: number): Promise<void> { await ping(n); }\n",
  'src/worker.ts': [
    "import { Worker } from 'bullmq';",
    "import nodemailer from 'nodemailer';",
    "import { ping } from './ping.js';",
    'const transporter = nodemailer.createTransport({});',
    'async function tick(n: number): Promise<void> { await tock(n); }',
    'async function tock(n: number): Promise<void> { if (n > 0) await tick(n - 1); await transporter.sendMail({ subject: String(n) }); }',
    "new Worker('ping-pong', async (job) => { await ping(3); await tick(job.data.n); });",
    '',
  ].join('\n'),
};

function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) out.push(`${full}@link`);
      else if (entry.isDirectory()) walk(full);
      else out.push(`${full}@${statSync(full).mtimeMs}@${statSync(full).size}`);
    }
  };
  walk(root);
  return out.sort();
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'job-audit-hostile-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  mkdirSync(path.join(dir, 'src', 'loop'));
  symlinkSync('..', path.join(dir, 'src', 'loop', 'up'));
  writeFileSync(path.join(dir, 'src', 'huge.ts'), `export const blob = "${'x'.repeat(5 * 1024 * 1024)}";\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI on hostile inputs', () => {
  it('notes what it skipped, still reports real findings, exits 1 and writes nothing', () => {
    const before = tree(dir);
    const { status, stdout, stderr } = runCli([dir]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toContain("note: tsconfig.json: Cannot read file 'missing/base.json'. (extends ignored)");
    expect(stdout).toContain('note: src/generated-data.ts: skipped, 4.3 MiB is larger than the 2 MiB limit');
    expect(stdout).toContain('note: src/huge.ts: skipped, 5.0 MiB is larger than the 2 MiB limit');
    expect(stdout).toContain('note: src/binary.js: skipped, binary content');
    expect(stdout).toContain('note: src/parens.ts: skipped, nested too deeply to parse');
    expect(stdout).toContain('note: src/deep.ts: skipped, nested too deeply to analyse');
    expect(stdout).toMatch(/note: src\/broken\.ts: syntax error at 2:14: /);
    // Recursive helpers and an import cycle are followed once, and the email is reported once.
    expect(stdout.match(/no-unguarded-side-effect/g)).toHaveLength(1);
    expect(stdout).toMatch(/^src\/worker\.ts\n {2}6:85  error {4}Email via nodemailer `sendMail` in BullMQ job 'ping-pong' \(reached through `tick\(\)` → `tock\(\)`\)/m);
    expect(tree(dir)).toEqual(before);
  });
});

describe('every rule in ESLint on hostile inputs', () => {
  it('never throws; unparsable files are ESLint parse errors, the rest lint normally', async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts', '**/*.js'], languageOptions: { parser } }, plugin.configs.all as Linter.Config],
    });
    const targets = Object.keys(files).filter((name) => name.startsWith('src/'));
    const results = await eslint.lintFiles(targets);
    const fatal = results.filter((result) => result.messages.some((message) => message.fatal)).map((result) => path.relative(dir, result.filePath));
    expect(fatal.sort()).toEqual(['src/binary.js', 'src/broken.ts', 'src/deep.ts', 'src/parens.ts']);
    const worker = results.find((result) => result.filePath.endsWith('worker.ts'))!;
    expect(worker.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(['6:85 job-audit/no-unguarded-side-effect']);
  });
});
