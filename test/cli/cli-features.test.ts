/** The CLI end to end (spawning the built bin): formats, config, suppression, baseline, fixes, exit codes. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { audit } from 'eslint-plugin-job-audit/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/args.js';
import { fixture, runCli } from '../helpers.js';

const scratch: string[] = [];
function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-cli-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const demo = fixture('demo-app');
/** How many findings the demo app has (it grows as rules are added). */
let demoFindings = 0;
beforeAll(() => {
  demoFindings = audit({ root: demo }).findings.length;
  expect(demoFindings).toBeGreaterThan(3);
});

/** A worker with one unguarded email (line 5, column 9, when nothing is inserted) . */
const worker = (before = '', inside = '') => `import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({});
${before}new Worker('welcome', async (job) => {
${inside}  await transporter.sendMail({ to: job.data.to });
}).on('failed', console.error);
`;

describe('formats', () => {
  it('sarif: a SARIF 2.1.0 log with the findings', () => {
    const { status, stdout } = runCli([demo, '-f', 'sarif']);
    expect(status).toBe(1);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(demoFindings);
  });

  it('markdown: a PR comment', () => {
    const { status, stdout } = runCli([demo, '--format', 'markdown']);
    expect(status).toBe(1);
    expect(stdout.startsWith(`### job-audit: ${demoFindings} findings\n`)).toBe(true);
  });

  it('github: one annotation per finding, paths relative to the working directory', () => {
    const { status, stdout } = runCli(['fixtures/demo-app', '--format', 'github']);
    expect(status).toBe(1);
    expect(stdout.split('\n').filter((line) => line.startsWith('::error file=fixtures/demo-app/'))).toHaveLength(demoFindings);
  });

  it('html: a page, written with --output', () => {
    const dir = tempProject({});
    const out = path.join(dir, 'report.html');
    const { status, stdout } = runCli([demo, '--format', 'html', '--output', out]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*Job inventory/);
  });

  it('text: colours with FORCE_COLOR, none with NO_COLOR or when piped', () => {
    expect(runCli([demo], undefined, { FORCE_COLOR: '1' }).stdout).toContain('\u001B[31merror');
    expect(runCli([demo], undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).toContain('\u001B[');
    expect(runCli([demo], undefined, {}).stdout).not.toContain('\u001B[');
  });
});

describe('configuration', () => {
  it('job-audit.config.json: rule severity warn, --fail-on', () => {
    const dir = tempProject({ 'worker.ts': worker(), 'job-audit.config.json': JSON.stringify({ rules: { 'job-audit/no-unguarded-side-effect': 'warn' } }) });
    const text = runCli([dir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^ {2}5:9 {2}warning {2}Email via nodemailer/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('1 finding (0 errors, 1 warning) in 1 file · 1 job · 1 file analysed');
    expect(runCli([dir, '--fail-on', 'warning']).status).toBe(1);
    expect(JSON.parse(runCli([dir, '-f', 'json']).stdout).config).toBe('job-audit.config.json');
  });

  it('package.json#job-audit: rule off; ignore globs', () => {
    const off = tempProject({ 'worker.ts': worker(), 'package.json': JSON.stringify({ name: 'x', 'job-audit': { rules: { 'no-unguarded-side-effect': 'off' } } }) });
    expect(runCli([off]).status).toBe(0);
    const ignored = tempProject({ 'legacy/worker.ts': worker(), 'job-audit.config.json': JSON.stringify({ ignore: ['legacy/**'] }) });
    const result = runCli([ignored]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(no job handlers found)');
  });

  it('a user catalogue entry makes an unknown API an effect', () => {
    const dir = tempProject({
      'worker.ts': "import { Worker } from 'bullmq';\nimport { sendSms } from 'acme-sms';\nnew Worker('remind', async (job) => {\n  await sendSms(job.data.phone);\n}).on('failed', console.error);\n",
      'job-audit.config.json': JSON.stringify({
        catalogue: [{ kind: 'effect', id: 'acme-sms', title: 'Acme SMS', packages: ['acme-sms'], effects: [{ call: { export: 'acme-sms#sendSms' }, family: 'sms', label: 'SMS via Acme `sendSms`' }] }],
      }),
    });
    const { status, stdout } = runCli([dir]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^ {2}4:9 {2}error {4}SMS via Acme `sendSms` in BullMQ job 'remind' has no guard/m);
  });

  it.each([
    [{ rules: { 'no-unguarded-side-effect': 'on' } }, 'job-audit: job-audit.config.json: rules.no-unguarded-side-effect: must be one of "off", "warn", "error" (got "on")'],
    [{ rules: { 'no-such-rule': 'error' } }, /^job-audit: job-audit\.config\.json: rules\.no-such-rule: unknown rule \(known: [a-z-]+(, [a-z-]+)*\)$/],
    [{ rules: { 'no-unguarded-side-effect': ['error', { x: 1 }] } }, 'job-audit: job-audit.config.json: rules.no-unguarded-side-effect: the rule takes 0 option(s), got 1'],
    [{ ignores: [] }, 'job-audit: job-audit.config.json: ignores: unknown key (expected one of: $schema, catalogue, rules, ignore)'],
  ])('exits 2 for an invalid config %j with one line naming the key', (config, message) => {
    const dir = tempProject({ 'worker.ts': worker(), 'job-audit.config.json': JSON.stringify(config) });
    const { status, stdout, stderr } = runCli([dir]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    if (typeof message === 'string') expect(stderr).toBe(`${message}\n`);
    else expect(stderr.trimEnd()).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a config that is not JSON, and for an invalid package.json#job-audit', () => {
    const broken = runCli([tempProject({ 'worker.ts': worker(), 'job-audit.config.json': '{ "rules": ' })]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^job-audit: job-audit\.config\.json: invalid JSON \(.+\)\n$/);
    const pkg = runCli([tempProject({ 'worker.ts': worker(), 'package.json': JSON.stringify({ 'job-audit': { ignore: 'x' } }) })]);
    expect(pkg.status).toBe(2);
    expect(pkg.stderr).toBe('job-audit: package.json#job-audit: ignore: must be an array (got string "x")\n');
    const missing = runCli([demo, '--config', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('job-audit: config file not found: nope.json\n');
  });
});

describe('suppression comments', () => {
  it('job-audit-ignore-next-line with a reason hides the finding', () => {
    const dir = tempProject({ 'worker.ts': worker('', '  // job-audit-ignore-next-line no-unguarded-side-effect -- the mail API dedupes by job id\n') });
    const { status, stdout } = runCli([dir]);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('No findings · 1 job · 1 file analysed · 1 suppressed');
  });

  it('without a reason it suppresses nothing and says why', () => {
    const dir = tempProject({ 'worker.ts': worker('', '  // job-audit-ignore-next-line no-unguarded-side-effect\n') });
    const { status, stdout } = runCli([dir]);
    expect(status).toBe(1);
    expect(stdout).toContain("note: worker.ts:5: job-audit-ignore-next-line needs a reason after ' -- '");
  });

  it('an unused ignore comment is noted', () => {
    const dir = tempProject({ 'worker.ts': `// job-audit-ignore-next-line no-unguarded-side-effect -- stale\nexport const x = 1;\n` });
    expect(runCli([dir]).stdout).toContain('note: worker.ts:1: unused job-audit-ignore-next-line');
  });

  it.each([
    ['eslint-disable-next-line', '', '  // eslint-disable-next-line job-audit/no-unguarded-side-effect -- reviewed\n'],
    ['eslint-disable-line', '', ''],
    ['an eslint-disable block', '/* eslint-disable job-audit/no-unguarded-side-effect */\n', ''],
    ['eslint-disable without rules', '/* eslint-disable */\n', ''],
  ])('honours %s', (_, before, inside) => {
    let source = worker(before, inside);
    if (!before && !inside) source = source.replace('job.data.to });', 'job.data.to }); // eslint-disable-line job-audit/no-unguarded-side-effect');
    const { status, stdout } = runCli([tempProject({ 'worker.ts': source })]);
    expect(stdout).toContain('1 suppressed');
    expect(status).toBe(0);
  });

  it('ignores directives for other plugins and directives inside strings', () => {
    const source = worker('', "  const s = '// eslint-disable-next-line job-audit/no-unguarded-side-effect';\n  // eslint-disable-next-line no-console\n");
    const { status } = runCli([tempProject({ 'worker.ts': source })]);
    expect(status).toBe(1);
  });
});

describe('baseline', () => {
  it('records findings, hides them, survives moved code, and fails on new ones', () => {
    const dir = tempProject({ 'worker.ts': worker() });
    const baseline = path.join(dir, 'baseline.json');
    const update = runCli([dir, '--baseline', baseline, '--update-baseline']);
    expect(update.status).toBe(0);
    expect(update.stderr).toBe(`job-audit: recorded 1 finding in ${baseline}\n`);
    const recorded = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(recorded).toEqual({
      version: 1,
      tool: 'job-audit',
      findings: [{ rule: 'no-unguarded-side-effect', file: 'worker.ts', job: "BullMQ job 'welcome'", code: 'transporter.sendMail({ to: job.data.to })', count: 1 }],
    });
    const known = runCli([dir, '--baseline', baseline]);
    expect(known.status).toBe(0);
    expect(known.stdout.trimEnd().split('\n').at(-1)).toBe('No findings · 1 job · 1 file analysed · 1 in baseline');
    // Moving the code down does not break the baseline.
    writeFileSync(path.join(dir, 'worker.ts'), worker('// a comment\n\nconst unrelated = 1;\n'));
    expect(runCli([dir, '--baseline', baseline]).status).toBe(0);
    // A second identical call is new.
    writeFileSync(path.join(dir, 'worker.ts'), worker('', '  await transporter.sendMail({ to: job.data.to });\n'));
    const added = runCli([dir, '--baseline', baseline]);
    expect(added.status).toBe(1);
    expect(added.stdout).toContain('1 finding in 1 file · 1 job · 1 file analysed · 1 in baseline');
    // Fixed findings leave a stale entry that a note reports.
    writeFileSync(path.join(dir, 'worker.ts'), 'export {};\n');
    expect(runCli([dir, '--baseline', baseline]).stdout).toContain(`1 finding in ${baseline} no longer occurs`);
  });

  it('exits 2 for a missing or malformed baseline', () => {
    const missing = runCli([demo, '--baseline', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('job-audit: baseline not found: nope.json (create it with --update-baseline)\n');
    const dir = tempProject({ 'b.json': '{"version":1,"tool":"job-audit","findings":[{"rule":"x"}]}' });
    const bad = runCli([demo, '--baseline', path.join(dir, 'b.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/findings\[0\]: expected \{ rule, file, job, code, count ≥ 1 \}\n$/);
  });
});

describe('fixes', () => {
  // Real rules with a fix (no-floating-side-effect) and a suggestion (no-swallowed-job-error), on their parity fixtures.
  const parity = (name: string) => readFileSync(fixture('parity', `${name}.ts`), 'utf8');

  it('--fix applies the autofix ESLint applies, writes atomically, and the finding is gone', () => {
    const dir = tempProject({ 'worker.ts': parity('no-floating-side-effect') });
    const { status, stdout, stderr } = runCli([dir, '--fix']);
    expect(stderr).toBe('job-audit: applied 1 fix in 1 file\n');
    const after = readFileSync(path.join(dir, 'worker.ts'), 'utf8');
    expect(after).toContain('  await transporter.sendMail({ to: job.data.email');
    expect(after).not.toContain('void transporter.sendMail');
    // No temporary file left behind (the report cache is the CLI's own directory).
    expect(readdirSync(dir)).toEqual(['worker.ts']);
    expect(stdout).not.toContain('no-floating-side-effect');
    expect(status).toBe(runCli([dir]).status);
  });

  it('--fix --dry-run prints the unified diff and writes nothing', () => {
    const dir = tempProject({ 'worker.ts': parity('no-floating-side-effect') });
    const before = readFileSync(path.join(dir, 'worker.ts'), 'utf8');
    const { status, stdout, stderr } = runCli([dir, '--fix', '--dry-run']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^--- a\/worker\.ts\n\+\+\+ b\/worker\.ts\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(stdout).toContain('\n-  void transporter.sendMail(');
    expect(stdout).toContain('\n+  await transporter.sendMail(');
    expect(stderr).toBe('job-audit: would apply 1 fix in 1 file (dry run, nothing written)\n');
    expect(readFileSync(path.join(dir, 'worker.ts'), 'utf8')).toBe(before);
  });

  it('--fix-suggestions <rule> applies the first suggestion of that rule', () => {
    const dir = tempProject({ 'worker.ts': parity('no-swallowed-job-error') });
    expect(runCli([dir, '--fix']).stderr).toBe('job-audit: applied 0 fixes in 0 files\n');
    const { stderr } = runCli([dir, '--fix-suggestions', 'job-audit/no-swallowed-job-error']);
    expect(stderr).toBe('job-audit: applied 1 suggestion of no-swallowed-job-error in 1 file\n');
    expect(readFileSync(path.join(dir, 'worker.ts'), 'utf8')).toMatch(/console\.error\('sync failed', error\);\n {4}throw error;\n/);
  });

  it('--fix with no fixable finding writes nothing and still exits 1', () => {
    const dir = tempProject({ 'worker.ts': worker() });
    const before = readFileSync(path.join(dir, 'worker.ts'), 'utf8');
    const { status, stderr } = runCli([dir, '--fix']);
    expect(status).toBe(1);
    expect(stderr).toBe('job-audit: applied 0 fixes in 0 files\n');
    expect(readFileSync(path.join(dir, 'worker.ts'), 'utf8')).toBe(before);
  });

  it('--fix --dry-run prints a (here empty) diff and exits 0', () => {
    const { status, stdout, stderr } = runCli([tempProject({ 'worker.ts': worker() }), '--fix', '--dry-run']);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('job-audit: would apply 0 fixes in 0 files (dry run, nothing written)\n');
  });

  it('--dry-run alone, or --fix with --fix-suggestions, is a usage error', () => {
    expect(runCli([demo, '--dry-run']).stderr).toBe('job-audit: --dry-run needs --fix or --fix-suggestions <rule>\n');
    expect(runCli([demo, '--fix', '--fix-suggestions', 'x']).status).toBe(2);
  });
});

describe('exit codes and bad input', () => {
  it('--fail-on none always exits 0; an unknown level is a usage error', () => {
    expect(runCli([demo, '--fail-on', 'none']).status).toBe(0);
    const bad = runCli([demo, '--fail-on', 'info']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("job-audit: unknown --fail-on level 'info' (expected one of: error, warning, none)\n");
  });

  it('exits 2 naming an unreadable source file (a symlink to nothing: tests run as root, so chmod 000 would not stop a read)', () => {
    const dir = tempProject({ 'worker.ts': worker() });
    symlinkSync(path.join(dir, 'gone.ts'), path.join(dir, 'helper.ts'));
    const { status, stdout, stderr } = runCli([dir]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('job-audit: cannot read helper.ts: a symbolic link to a missing file\n');
  });

  // As root (CI, containers) permissions do not stop a read, so this one runs only for other users.
  it.skipIf(process.getuid?.() === 0)('exits 2 naming a source file without read permission (chmod 000)', () => {
    const dir = tempProject({ 'worker.ts': worker(), 'secret.ts': 'export const x = 1;\n' });
    chmodSync(path.join(dir, 'secret.ts'), 0o000);
    const { status, stderr } = runCli([dir]);
    chmodSync(path.join(dir, 'secret.ts'), 0o644);
    expect(status).toBe(2);
    expect(stderr).toBe('job-audit: cannot read secret.ts: permission denied\n');
  });

  it('exits 2 for a path that is a file, not a directory', () => {
    const dir = tempProject({ 'worker.ts': worker() });
    const { status, stderr } = runCli([path.join(dir, 'worker.ts')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^job-audit: not a directory: /);
  });

  it('--help prints exactly the exported help text, which documents every flag', () => {
    const { status, stdout } = runCli(['--help']);
    expect(status).toBe(0);
    expect(stdout).toBe(helpText);
    for (const flag of ['--format', '--output', '--fail-on', '--config', '--tsconfig', '--baseline', '--update-baseline', '--fix', '--fix-suggestions', '--dry-run', '--version']) {
      expect(helpText).toContain(flag);
    }
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github', 'html']) expect(helpText).toMatch(new RegExp(`^ +${format} `, 'm'));
  });

  it('--version prints the package version', () => {
    expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(existsSync(demo)).toBe(true);
  });
});

describe('writing files', () => {
  it('exits 2 with one line when --output or the baseline cannot be written', () => {
    const out = runCli([demo, '-f', 'json', '-o', '/nonexistent-dir/report.json']);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('job-audit: cannot write /nonexistent-dir/report.json: no such directory\n');
    const baseline = runCli([demo, '--update-baseline', '--baseline', '/nonexistent-dir/b.json']);
    expect(baseline.status).toBe(2);
    expect(baseline.stderr).toBe('job-audit: cannot write /nonexistent-dir/b.json: no such directory\n');
  });
});
