import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, fixture, runCli } from '../helpers.js';

const scratch: string[] = [];
function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-cli-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function snapshotTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(`${path.relative(dir, full)}@${statSync(full).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** The grouped text output as one `path:line:col  rule  message` line per finding. */
function flat(stdout: string): string {
  const out: string[] = [];
  let file = '';
  for (const line of stdout.split('\n')) {
    const finding = /^ {2}(\d+:\d+) +(?:error|warning) +(.*) {2}([a-z-]+)$/.exec(line);
    if (finding) out.push(`${file}:${finding[1]}  ${finding[3]}  ${finding[2]}`);
    else if (/^\S+\.[cm]?[jt]sx?$/.test(line)) file = line;
  }
  return out.join('\n');
}

describe('job-audit CLI on the demo app', () => {
  const demo = fixture('demo-app');

  it('prints findings grouped by file (line:col  severity  message  rule-id), the job inventory and exits 1', () => {
    const before = snapshotTree(demo);
    const { status, stdout, stderr } = runCli([demo]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toMatch(/^src\/workers\/welcome-email\.ts\n {2}31:11  error {4}Email via nodemailer `sendMail` in BullMQ job 'emails' has no guard.*  no-unguarded-side-effect$/m);
    expect(stdout).toMatch(/^src\/workers\/receipts\.ts\n {2}21:9 {3}error {4}Email via nodemailer.*  no-unguarded-side-effect\n {9}via src\/workers\/receipts\.ts:46:11  sendReceipt\(order\)$/m);
    expect(stdout).toMatch(/^src\/workers\/loyalty-points\.ts\n {2}16:7 {3}error {4}pg-boss job 'award-loyalty-points' is never enqueued.*  no-orphan-job\n {2}16:7 {3}error {4}pg-boss job 'award-loyalty-points' has no dead-letter queue.*  require-failure-handler\n {2}19:11  error {4}`prisma\.user\.update` in pg-boss job 'award-loyalty-points' applies `increment` to `loyaltyPoints` with no guard.*  no-non-idempotent-update\n {2}24:5 {3}error {4}This `catch` in pg-boss job 'award-loyalty-points' swallows the error.*  no-swallowed-job-error$/m);
    // The accounting sync in receipts.ts is a best-effort step (the job can still fail before it).
    expect(stdout).not.toMatch(/^src\/workers\/receipts\.ts\n(?: {2}.*\n)*? {2}\d+:\d+ +error +.*  no-swallowed-job-error$/m);
    // No colour escapes when NO_COLOR is set (the helper sets it) or stdout is not a TTY.
    expect(stdout).not.toContain('\u001B[');
    expect(stdout).toMatch(/^ {2}emails +BullMQ +src\/workers\/welcome-email\.ts:25:35$/m);
    expect(stdout).toMatch(/^ {2}charge-order +pg-boss +src\/workers\/payments\.ts:19:7$/m);
    // The safe look-alikes are not reported.
    // (The text format groups findings under a file header line; `flat` gives one `path:line:col  rule  message` line each.)
    const lines = flat(stdout);
    // The safe look-alike has no handler-rule finding; nothing enqueues it, which the project rule says.
    expect(lines.split('\n').filter((line) => line.startsWith('src/workers/welcome-email-safe.ts:'))).toEqual([
      "src/workers/welcome-email-safe.ts:23:39  no-orphan-job  BullMQ job 'welcome-safe' is never enqueued anywhere in the project: no code adds queue 'welcome-safe'. Remove the handler, enqueue it, or schedule it.",
    ]);
    // Project rules: the receipts worker is the one BullMQ worker without a failed listener.
    expect(lines).toContain("src/workers/receipts.ts:40:30  require-failure-handler  Nobody sees the failures of BullMQ job 'receipts'");
    expect(lines).not.toMatch(/^src\/workers\/welcome-email\.ts:\d+:\d+ {2}require-failure-handler/m);
    expect(stdout).not.toMatch(/^src\/workers\/refunds\.ts$/m);
    // The route's own email is not a job (only the producer-side defects of orders.ts are reported).
    expect(lines).not.toMatch(/^src\/api\/orders\.ts:\d+:\d+ {2}no-unguarded-side-effect/m);
    // Producer-side defects the demo app carries on purpose.
    expect(lines).toContain("src/api/orders.ts:35:46  no-orphan-job  This payload for queue 'emails' has type `{ orderId: string; }`, but BullMQ job 'emails' expects `WelcomeEmailJob`");
    expect(lines).toContain("src/api/orders.ts:35:9  require-idempotency-key  BullMQ `emailQueue.add` enqueues job 'order-confirmation' without a deduplication key");
    expect(lines).toContain("src/api/orders.ts:36:9  require-retry-policy  BullMQ runs job 'receipt' once: no `attempts` here or in `defaultJobOptions` of queue `receipts`");
    expect(lines).toContain('src/queues.ts:28:29  require-queue-options  BullMQ queue `receipts` keeps every finished job forever');
    expect(lines).toContain("src/workers/payments.ts:24:24  require-idempotency-key  Payment call `stripe.paymentIntents.create` (Stripe) in pg-boss job 'charge-order'");
    expect(lines).toContain("src/workers/receipts.ts:48:11  require-job-timeout  HTTP POST via `fetch` in BullMQ job 'receipts' has no timeout");
    expect(lines).toContain(
      "src/workers/payments.ts:30:9  require-transaction  `prisma.payment.create` in pg-boss job 'charge-order' writes to Prisma after `prisma.order.update` (line 26) outside a common transaction",
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('19 findings in 8 files · 7 jobs · 12 files analysed');
    expect(snapshotTree(demo)).toEqual(before);
  });

  it('prints the documented JSON shape with --format json', () => {
    const { status, stdout } = runCli([demo, '--format', 'json']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('job-audit');
    expect(report.summary).toEqual({ files: 12, jobs: 7, enqueues: 5, findings: 19, suppressed: 0 });
    expect(report.jobs.map((job: { name: string; framework: string }) => `${job.framework}:${job.name}`)).toEqual([
      'pg-boss:award-loyalty-points',
      'pg-boss:charge-order',
      'bullmq:receipts',
      'pg-boss:refund-order',
      'pg-boss:notify-shipping',
      'bullmq:welcome-safe',
      'bullmq:emails',
    ]);
    const receipt = report.findings.find((finding: { file: string; line: number }) => finding.file === 'src/workers/receipts.ts' && finding.line === 21);
    expect(receipt).toMatchObject({
      ruleId: 'job-audit/no-unguarded-side-effect',
      rule: 'no-unguarded-side-effect',
      messageId: 'unguarded',
      severity: 'error',
      column: 9,
      job: "BullMQ job 'receipts'",
      chain: [{ file: 'src/workers/receipts.ts', line: 46, column: 11, text: 'sendReceipt(order)' }],
    });
  });
});

describe('job-audit CLI exit codes and bad input', () => {
  it('exits 0 on a project without findings, with no tsconfig and no node_modules', () => {
    const dir = tempProject({
      'worker.js': "const { Worker } = require('bullmq');\nnew Worker('noop', async (job) => console.log(job.id)).on('failed', console.error);\n",
    });
    const { status, stdout } = runCli([dir]);
    expect(status).toBe(0);
    expect(stdout).toContain('note: no tsconfig.json: analysing every source file under the directory');
    expect(stdout).toMatch(/^ {2}noop +BullMQ +worker\.js:2:1$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('No findings · 1 job · 1 file analysed');
  });

  it('exits 2 with a one-line reason for a missing directory', () => {
    const { status, stdout, stderr } = runCli(['does/not/exist']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('job-audit: no such directory: does/not/exist\n');
  });

  it('exits 2 for a broken tsconfig, naming the file', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, ', 'a.ts': 'export {};\n' });
    const { status, stderr } = runCli([dir]);
    expect(status).toBe(2);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toMatch(/^job-audit: tsconfig\.json: /);
  });

  it('goes on with a note when the tsconfig extends a file that is not there (no node_modules)', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "extends": "@acme/tsconfig/base.json", "include": ["*.ts"] }',
      'worker.ts': "import { Worker } from 'bullmq';\nnew Worker('ok', async () => {}).on('failed', console.error);\n",
    });
    const { status, stdout, stderr } = runCli([dir]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/note: tsconfig\.json: File '@acme\/tsconfig\/base\.json' not found\. \(extends ignored; is node_modules installed\?\)/);
    expect(stdout).toMatch(/^ {2}ok +BullMQ +worker\.ts:2:1$/m);
  });

  it('exits 2 for a tsconfig with an invalid option', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "compilerOptions": { "target": "ES1999" } }', 'a.ts': 'export {};\n' });
    const { status, stderr } = runCli([dir]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^job-audit: tsconfig\.json: .*target/);
  });

  it('exits 2 for an unknown option or format', () => {
    expect(runCli(['--nope']).status).toBe(2);
    const format = runCli(['.', '--format', 'xml']);
    expect(format.status).toBe(2);
    expect(format.stderr).toBe("job-audit: unknown format 'xml' (expected one of: text, json, sarif, markdown, github, html)\n");
  });

  it('keeps going past a file with a syntax error and says so', () => {
    const dir = tempProject({
      'broken.ts': "import { Queue } from 'bullmq';\nexport const = ;\n",
      'worker.ts': "import { Worker } from 'bullmq';\nnew Worker('ok', async () => {}).on('failed', console.error);\n",
    });
    const { status, stdout } = runCli([dir]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/note: broken\.ts: syntax error at 2:14/);
    expect(stdout).toMatch(/^ {2}ok +BullMQ +worker\.ts:2:1$/m);
  });

  it('counts a file that imports nothing without parsing it (it cannot hold job code)', () => {
    const dir = tempProject({
      'constants.ts': 'export const = ;\n',
      'worker.ts': "import { Worker } from 'bullmq';\nnew Worker('ok', async () => {}).on('failed', console.error);\n",
    });
    const { status, stdout } = runCli([dir, '--format', 'json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { summary: { files: number }; notes: string[] };
    expect(report.summary.files).toBe(2);
    expect(report.notes.filter((note) => note.startsWith('constants.ts'))).toEqual([]);
  });

  it('builds an executable bin (npx runs it directly, and a rebuild must not take the mode away)', () => {
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });

  it('documents usage and exit codes in --help', () => {
    const { status, stdout } = runCli(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: job-audit [directory] [options]');
    expect(stdout).toContain('2  could not run');
  });
});

describe('job-audit CLI across files', () => {
  it('follows a factory imported from another module (ESLint alone cannot see it)', () => {
    const { status, stdout } = runCli([fixture('projects', 'cross-file-transport'), '--format', 'json']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.jobs).toMatchObject([{ name: 'send_receipt', framework: 'graphile-worker', file: 'src/tasks/send_receipt.ts' }]);
    expect(report.findings).toMatchObject([
      { rule: 'no-unguarded-side-effect', file: 'src/tasks/send_receipt.ts', line: 12, column: 9, job: "graphile-worker job 'send_receipt'" },
    ]);
  });
});

describe('the per-job report', () => {
  const demo = fixture('demo-app');

  it('--jobs prints what each job does, how each step is protected, where it is enqueued and its retry policy', () => {
    const { status, stdout } = runCli([demo, '--jobs']);
    expect(status).toBe(1);
    const section = stdout.slice(stdout.indexOf('Jobs (7)'));
    expect(section).toContain(
      [
        '  receipts              BullMQ   src/workers/receipts.ts:40:30',
        '      effect      email via nodemailer `sendMail`  src/workers/receipts.ts:21:9  unprotected',
        '        via src/workers/receipts.ts:46:11  sendReceipt(order)',
        '      effect      HTTP POST via `fetch`  src/workers/receipts.ts:48:11  unprotected',
        '      effect      HTTP POST via `fetch`  src/workers/receipts.ts:30:26  protected by key',
        '        via src/workers/receipts.ts:56:13  notifyAccounting(order)',
        '      enqueued at src/api/orders.ts:36:9  key `receipt:${order.id}`, retry attempts 1 (BullMQ default), backoff none (BullMQ default)',
        // The job's findings: at its enqueue site, in its helper and handler, at its registration.
        '      finding     src/api/orders.ts:36:9  error    require-retry-policy (noRetry)',
        '      finding     src/workers/receipts.ts:21:9  error    no-unguarded-side-effect (unguarded)',
        '      finding     src/workers/receipts.ts:40:30  error    require-failure-handler (noFailedListener)',
        '      finding     src/workers/receipts.ts:48:11  error    no-unguarded-side-effect (unguarded)',
        '      finding     src/workers/receipts.ts:48:11  error    require-job-timeout (missingNetworkTimeout)',
      ].join('\n'),
    );
    expect(section).toContain(
      "      enqueued at src/api/orders.ts:35:9  key none, retry attempts 5 (queue defaults at src/queues.ts:20:5), backoff { type: 'exponential', delay: 1000 } (queue defaults at src/queues.ts:21:5)",
    );
    expect(section).toContain(
      '      enqueued at src/api/orders.ts:66:9  key `ship:${orderId}`, retry retryLimit 3 (queue options at src/workers/shipping.ts:27:45), retryDelay 60 (queue options at src/workers/shipping.ts:27:60)',
    );
    expect(section).toContain('retry retryLimit 2 (pg-boss default), retryDelay / retryBackoff none (pg-boss default)');
    expect(section).toContain('      write       Prisma write `prisma.user.update`  src/workers/welcome-email-safe.ts:38:11  protected by guard');
    // Without the flag the inventory stays one line per job.
    expect(runCli([demo]).stdout).not.toContain('enqueued at');
    expect(runCli([demo]).stdout).not.toContain('      finding');
  });

  it('is in the JSON report as each job\'s `detail`', () => {
    const report = JSON.parse(runCli([demo, '--format', 'json']).stdout);
    const refunds = report.jobs.find((job: { name: string }) => job.name === 'refund-order');
    expect(refunds.detail).toEqual({
      operations: [
        { file: 'src/workers/refunds.ts', line: 31, column: 24, kind: 'effect', label: 'payment call `stripe.refunds.create` (Stripe)', protection: 'key' },
        { file: 'src/workers/refunds.ts', line: 36, column: 9, kind: 'write', label: 'Prisma write `prisma.order.update`', protection: 'guard' },
      ],
      enqueuedAt: [
        {
          file: 'src/api/orders.ts',
          line: 59,
          column: 9,
          key: '`refund:${order.id}`',
          retry: {
            option: 'retryLimit',
            value: 5,
            source: 'queue options',
            file: 'src/workers/refunds.ts',
            line: 19,
            column: 3,
            backoff: { option: 'retryDelay', value: 30, source: 'queue options', file: 'src/workers/refunds.ts', line: 20, column: 3 },
          },
        },
      ],
    });
    // Each job's findings, by index into `findings`; the top-level list is the same as before.
    expect(refunds.findings).toEqual([]);
    const emails = report.jobs.find((job: { name: string }) => job.name === 'emails');
    expect(emails.findings.map((index: number) => `${report.findings[index].rule} @ ${report.findings[index].line}:${report.findings[index].column}`)).toEqual([
      'require-idempotency-key @ 35:9',
      'no-orphan-job @ 35:46',
      'no-unguarded-side-effect @ 31:11',
    ]);
    expect(report.summary.findings).toBe(report.findings.length);
  });
});

describe('--max-depth', () => {
  it('limits how many helper calls deep the analysis follows', () => {
    const demo = fixture('demo-app');
    const deep = runCli([demo, '--format', 'json']);
    const shallow = runCli([demo, '--format', 'json', '--max-depth', '0']);
    const inHelper = (stdout: string) =>
      JSON.parse(stdout).findings.some((finding: { file: string; line: number }) => finding.file === 'src/workers/receipts.ts' && finding.line === 21);
    expect(inHelper(deep.stdout)).toBe(true);
    expect(inHelper(shallow.stdout)).toBe(false);
    expect(runCli([demo, '--max-depth', 'x']).stderr).toBe("job-audit: --max-depth takes a whole number from 0 to 64 (got 'x')\n");
  });
});
