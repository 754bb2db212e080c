/** A generated multi-package workspace for the `--threads` tests (test/analyzer, test/cli). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A workspace whose cross-file facts all cross package boundaries: queues, producers, workers and
 * a shared helper each live in their own package, so every project rule and every per-job detail
 * needs another thread's files.
 */
export const threadsWorkspace: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*', 'apps/*'] }),
  'packages/queues/package.json': JSON.stringify({ name: '@shop/queues', version: '1.0.0' }),
  'packages/queues/src/index.ts': `import { Queue } from 'bullmq';
const connection = { host: 'localhost' };
export const emails = new Queue('emails', { connection, defaultJobOptions: { attempts: 4 } });
export const reports = new Queue('reports', { connection });
`,
  'packages/mail/package.json': JSON.stringify({ name: '@shop/mail', version: '1.0.0' }),
  'packages/mail/src/index.ts': `import nodemailer from 'nodemailer';
export const mailer = nodemailer.createTransport({ host: 'smtp', port: 587 });

export async function sendWelcome(to: string) {
  await mailer.sendMail({ to, subject: 'Welcome', text: 'Hello' });
}

export async function sendReceipt(to: string) {
  // job-audit-ignore-next-line no-unguarded-side-effect -- receipts are deduplicated by the mail provider
  await mailer.sendMail({ to, subject: 'Receipt', text: 'Thanks' });
}

// job-audit-ignore-next-line no-unguarded-side-effect -- nothing on the next line: noted as unused
export const sender = 'shop@example.com';
`,
  'packages/producers/package.json': JSON.stringify({ name: '@shop/producers', version: '1.0.0' }),
  'packages/producers/src/index.ts': `import PgBoss from 'pg-boss';
import { emails, reports } from '@shop/queues';

export const boss = new PgBoss('postgres://localhost/app');

export async function onSignup(userId: string) {
  await emails.add('welcome', { userId }, { jobId: \`welcome:\${userId}\`, attempts: 2 });
  // The worker reads job.data.userId: this payload has no such field.
  await emails.add('welcome-again', { accountId: userId }, { jobId: \`welcome-again:\${userId}\` });
  // Nothing processes the 'reports' queue.
  await reports.add('monthly', { userId }, { jobId: \`monthly:\${userId}\` });
  await boss.send('invoices', { userId }, { singletonKey: userId });
  await boss.send('exports', { userId }, { singletonKey: userId });
  await boss.send('invoice', { userId }, { singletonKey: userId });
}
`,
  'apps/workers/package.json': JSON.stringify({ name: '@shop/workers', version: '1.0.0' }),
  'apps/workers/src/index.ts': `import { Worker } from 'bullmq';
import { boss } from '@shop/producers';
import { sendReceipt, sendWelcome } from '@shop/mail';

const connection = { host: 'localhost' };

interface WelcomeEmail {
  userId: string;
}

export const emailWorker = new Worker<WelcomeEmail>('emails', async (job) => {
  await sendWelcome(job.data.userId);
  await sendReceipt(job.data.userId);
}, { connection });

// Nothing adds to 'legacy-sync'.
export const legacyWorker = new Worker('legacy-sync', async () => console.log('legacy'), { connection });

await boss.createQueue('invoices', { retryLimit: 3, deadLetter: 'invoices-dead' });
await boss.createQueue('invoices-dead');
await boss.createQueue('exports', { retryLimit: 5 });
await boss.work('invoices', async ([job]) => console.log(job?.id));
await boss.work('invoices-dead', async ([job]) => console.error('dead invoice', job?.id));
await boss.work('exports', async ([job]) => console.log(job?.id));
`,
  'apps/workers/src/digest.ts': `import { Worker } from 'bullmq';
import { mailer } from '@shop/mail';

// A floating send through another package's transport: --fix adds the await.
export const digestWorker = new Worker('digest', async (job) => {
  void mailer.sendMail({ to: job.data.email, subject: 'Digest' });
});
digestWorker.on('failed', (job, error) => console.error('digest failed', job?.id, error));
`,
  'apps/monitor/package.json': JSON.stringify({ name: '@shop/monitor', version: '1.0.0' }),
  'apps/monitor/src/index.ts': `import { QueueEvents } from 'bullmq';
// Failures of the emails queue are watched from another package.
const events = new QueueEvents('emails', { connection: { host: 'localhost' } });
events.on('failed', ({ jobId }) => console.error('email failed', jobId));
`,
  'scripts/backfill.ts': `import { emails } from '@shop/queues';
// Outside every package: its own partition.
await emails.add('welcome', { userId: 'all' });
`,
};

/** Writes the workspace into a new temporary directory and returns it. */
export function writeThreadsWorkspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'job-audit-threads-'));
  for (const [file, text] of Object.entries(threadsWorkspace)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}
