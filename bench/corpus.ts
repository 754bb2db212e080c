/**
 * Deterministic generator of a realistic job-code corpus for the benchmark: a TypeScript backend
 * whose background work runs on BullMQ, pg-boss, Trigger.dev, graphile-worker, Inngest and NestJS
 * processors, writing through Prisma, Drizzle and Knex and calling nodemailer, Stripe, fetch and
 * axios, next to the plain modules every backend has (routes, services, utils, types, config).
 *
 * Same seed and size → byte-identical files (a seeded PRNG, no clock, no environment). Some
 * handlers are unsafe to run twice, some are guarded (a state check, a transaction, an
 * idempotency key), as in real code.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stubs } from './stubs.js';

export interface CorpusOptions {
  /** PRNG seed (default 1). */
  readonly seed?: number;
  /** Number of source files under `src/` (default 2000). */
  readonly files?: number;
}

/** Relative path → content, in a stable order. */
export type Corpus = Map<string, string>;

/** mulberry32: small, fast, good enough for picking templates. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = [
  'order', 'invoice', 'payment', 'refund', 'subscription', 'account', 'user', 'shipment', 'report', 'webhook',
  'notification', 'coupon', 'payout', 'receipt', 'export', 'import', 'audit', 'trial', 'seat', 'team',
];
const MODELS = ['order', 'user', 'invoice', 'payment', 'subscription', 'notification', 'shipment', 'report', 'account', 'webhookDelivery'];
const VERBS = ['sync', 'send', 'charge', 'settle', 'notify', 'archive', 'reconcile', 'publish', 'expire', 'renew', 'close', 'rebuild'];
const TABLES = ['orders', 'invoices', 'payments', 'events', 'ledger_entries', 'deliveries'];

/** How many files of each kind per 100 (sums to 100); roughly a backend where a third is job code. */
const MIX: readonly (readonly [Kind, number])[] = [
  ['bullmq', 6],
  ['pgboss', 5],
  ['trigger', 5],
  ['graphile', 4],
  ['inngest', 4],
  ['nest', 4],
  ['effect-helper', 7],
  ['repository', 6],
  ['producer', 6],
  ['route', 14],
  ['util', 19],
  ['types', 12],
  ['config', 8],
];
type Kind =
  | 'bullmq' | 'pgboss' | 'trigger' | 'graphile' | 'inngest' | 'nest'
  | 'effect-helper' | 'repository' | 'producer' | 'route' | 'util' | 'types' | 'config';

const DIRECTORY: Record<Kind, string> = {
  bullmq: 'workers',
  pgboss: 'jobs',
  trigger: 'trigger',
  graphile: 'tasks',
  inngest: 'inngest',
  nest: 'processors',
  'effect-helper': 'effects',
  repository: 'repositories',
  producer: 'services',
  route: 'routes',
  util: 'utils',
  types: 'types',
  config: 'config',
};

interface Planned {
  readonly kind: Kind;
  readonly name: string;
  readonly file: string;
  readonly domain: string;
  readonly model: string;
}

export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const random = prng(options.seed ?? 1);
  const count = Math.max(options.files ?? 2000, MIX.length);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;

  // Plan every file first so jobs can import helpers, repositories and types that exist.
  const planned: Planned[] = [];
  const bag: Kind[] = MIX.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));
  for (let i = 0; i < count; i++) {
    // The first files cover every kind once; the rest follow the mix.
    const kind = i < MIX.length ? MIX[i]![0] : pick(bag);
    const domain = pick(DOMAINS);
    const name = `${domain}-${pick(VERBS)}-${i}`;
    planned.push({ kind, name, file: `src/${DIRECTORY[kind]}/${name}.ts`, domain, model: pick(MODELS) });
  }
  const ofKind = (kind: Kind) => planned.filter((p) => p.kind === kind);
  const helpers = ofKind('effect-helper');
  const repositories = ofKind('repository');
  const types = ofKind('types');
  const utils = ofKind('util');
  const graphileTasks = ofKind('graphile');

  const corpus: Corpus = new Map();
  corpus.set('package.json', `${JSON.stringify({ name: 'bench-corpus', private: true, type: 'module', dependencies: Object.fromEntries(packageNames().map((name) => [name, '*'])) }, null, 2)}\n`);
  corpus.set('tsconfig.json', `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [],
        strict: true, noEmit: true, skipLibCheck: true, experimentalDecorators: true,
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`);
  for (const [file, text] of Object.entries(stubs).sort(([a], [b]) => a.localeCompare(b))) corpus.set(`node_modules/${file}`, text);
  for (const [file, text] of infrastructure()) corpus.set(file, text);

  const ctx: Context = { random, pick, chance, helpers, repositories, types, utils, graphileTasks };
  for (const p of planned) corpus.set(p.file, generators[p.kind](p, ctx));
  return corpus;
}

/** Writes a corpus into `directory` (emptied first). */
export function writeCorpus(directory: string, corpus: Corpus): void {
  rmSync(directory, { recursive: true, force: true });
  for (const [file, text] of corpus) {
    const target = path.join(directory, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Source files of the corpus (what ESLint and the CLI analyse). */
export function sourceFiles(corpus: Corpus): string[] {
  return [...corpus.keys()].filter((file) => file.startsWith('src/') && !file.endsWith('.d.ts'));
}

function packageNames(): string[] {
  return [...new Set(Object.keys(stubs).map((file) => (file.startsWith('@') ? file.split('/').slice(0, 2) : file.split('/').slice(0, 1)).join('/')))];
}

interface Context {
  random(): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  helpers: readonly Planned[];
  repositories: readonly Planned[];
  types: readonly Planned[];
  utils: readonly Planned[];
  graphileTasks: readonly Planned[];
}

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string) => camel(name).replace(/^\w/, (c) => c.toUpperCase());
const rel = (from: Planned, to: Planned) => `../${DIRECTORY[to.kind]}/${to.name}.js`;

function infrastructure(): [string, string][] {
  return [
    ['src/env.d.ts', `// No @types/node in the corpus: the few Node globals it uses.
declare const process: {
  env: Record<string, string | undefined>;
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): void;
  exit(code?: number): never;
};
`],
    ['src/infra/prisma.ts', `import { PrismaClient } from '@prisma/client';

/** One Prisma client per process, shared by routes and workers. */
export const prisma = new PrismaClient({ log: ['warn', 'error'] });
`],
    ['src/infra/drizzle.ts', `import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const db = drizzle(process.env.DATABASE_URL ?? 'postgres://localhost/app');

export const ledger = pgTable('ledger_entries', {
  id: text('id'),
  accountId: text('account_id'),
  amountCents: integer('amount_cents'),
  postedAt: timestamp('posted_at'),
});

export const events = pgTable('events', {
  id: text('id'),
  kind: text('kind'),
  subjectId: text('subject_id'),
  handledAt: timestamp('handled_at'),
});
`],
    ['src/infra/knex.ts', `import knex from 'knex';

export const sql = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL ?? 'postgres://localhost/app',
  pool: { min: 0, max: 10 },
});
`],
    ['src/infra/mailer.ts', `import nodemailer from 'nodemailer';

export const MAIL_FROM = process.env.MAIL_FROM ?? 'App <noreply@app.example>';

export const mailer = nodemailer.createTransport({
  host: process.env.SMTP_HOST ?? 'localhost',
  port: Number(process.env.SMTP_PORT ?? 587),
  auth: { user: process.env.SMTP_USER ?? '', pass: process.env.SMTP_PASSWORD ?? '' },
  pool: true,
});
`],
    ['src/infra/stripe.ts', `import Stripe from 'stripe';

export const stripe = new Stripe(process.env.STRIPE_KEY ?? '', { maxNetworkRetries: 2 });
`],
    ['src/infra/http.ts', `import axios from 'axios';

/** Client for the partner API (shipping, accounting). */
export const partner = axios.create({ baseURL: process.env.PARTNER_URL ?? 'https://partner.example', timeout: 10_000 });
`],
    ['src/infra/queues.ts', `import { Queue } from 'bullmq';
import PgBoss from 'pg-boss';

export const connection = {
  host: process.env.REDIS_HOST ?? '127.0.0.1',
  port: Number(process.env.REDIS_PORT ?? 6379),
  maxRetriesPerRequest: null,
};

export const emailQueue = new Queue('emails', { connection, defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } } });
export const billingQueue = new Queue('billing', { connection });
export const syncQueue = new Queue('sync', { connection, defaultJobOptions: { attempts: 3 } });

export const boss = new PgBoss(process.env.DATABASE_URL ?? 'postgres://localhost/app');
`],
    ['src/infra/inngest.ts', `import { Inngest } from 'inngest';

export const inngest = new Inngest({ id: 'bench-app' });
`],
  ];
}

/** A typed payload declared in the job file or imported from a types module. */
function payload(p: Planned, ctx: Context): { imports: string[]; decl: string; type: string } {
  const type = `${pascal(p.domain)}Payload`;
  if (ctx.types.length > 0 && ctx.chance(0.4)) {
    const from = ctx.pick(ctx.types);
    const imported = `${pascal(from.domain)}Record${from.name.split('-').pop()}`;
    return { imports: [`import type { ${imported} } from '${rel(p, from)}';`], decl: `type ${type} = Pick<${imported}, 'id' | 'userId'> & { reason?: string };`, type };
  }
  return {
    imports: [],
    decl: `interface ${type} {\n  id: string;\n  userId: string;\n  reason?: string;\n}`,
    type,
  };
}

/** The body of a handler: a load, an optional guard, writes and effects, maybe a helper call. */
function body(p: Planned, ctx: Context, data: string, indent: string): { imports: Set<string>; code: string } {
  const imports = new Set<string>();
  const lines: string[] = [];
  const model = p.model;
  const layer = ctx.pick(['prisma', 'prisma', 'prisma', 'drizzle', 'knex']);
  const guarded = ctx.chance(0.45);
  if (layer === 'prisma') {
    imports.add(`import { prisma } from '../infra/prisma.js';`);
    if (ctx.chance(0.5)) {
      lines.push(`const record = await prisma.${model}.findUniqueOrThrow({ where: { id: ${data}.id } });`);
    } else {
      lines.push(`const record = await prisma.${model}.findUnique({ where: { id: ${data}.id } });`);
      lines.push(`if (!record) return;`);
    }
    if (guarded) lines.push(`if (record.processedAt) return; // an earlier attempt finished`);
  } else if (layer === 'knex') {
    imports.add(`import { sql } from '../infra/knex.js';`);
    const table = ctx.pick(TABLES);
    lines.push(`const record = await sql('${table}').where({ id: ${data}.id }).first();`);
    lines.push(`if (!record) return;`);
    if (guarded) lines.push(`if (record.processedAt) return;`);
  } else {
    imports.add(`import { db, events } from '../infra/drizzle.js';`);
    imports.add(`import { eq } from 'drizzle-orm';`);
    lines.push(`const [record] = await db.select().from(events).where(eq(events.subjectId, ${data}.id)).limit(1);`);
    lines.push(`if (!record) return;`);
    if (guarded) lines.push(`if (record.handledAt) return;`);
  }
  const effects = 1 + Math.floor(ctx.random() * 3);
  for (let i = 0; i < effects; i++) {
    switch (ctx.pick(['mail', 'stripe', 'fetch', 'axios', 'helper', 'helper'] as const)) {
      case 'mail':
        imports.add(`import { MAIL_FROM, mailer } from '../infra/mailer.js';`);
        lines.push(`await mailer.sendMail({ from: MAIL_FROM, to: record.email, subject: '${pascal(p.domain)} update', text: \`Status: \${record.status}\` });`);
        break;
      case 'stripe':
        imports.add(`import { stripe } from '../infra/stripe.js';`);
        if (ctx.chance(0.5)) {
          lines.push(`await stripe.paymentIntents.create({ amount: record.amountCents, currency: 'usd' }, { idempotencyKey: \`${p.name}:\${${data}.id}\` });`);
        } else {
          lines.push(`const intent${i} = await stripe.paymentIntents.create({ amount: record.amountCents, currency: record.currency });`);
          lines.push(`console.log('charged', intent${i}.id);`);
        }
        break;
      case 'fetch':
        lines.push(`const response${i} = await fetch('https://hooks.example/${p.domain}', {`);
        lines.push(`  method: 'POST',`);
        lines.push(ctx.chance(0.3) ? `  headers: { 'Content-Type': 'application/json', 'Idempotency-Key': \`${p.domain}:\${${data}.id}\` },` : `  headers: { 'Content-Type': 'application/json' },`);
        lines.push(`  body: JSON.stringify({ id: ${data}.id, status: record.status }),`);
        lines.push(`});`);
        lines.push(`if (!response${i}.ok) throw new Error(\`hook answered \${response${i}.status}\`);`);
        break;
      case 'axios':
        imports.add(`import { partner } from '../infra/http.js';`);
        lines.push(`await partner.post('/${p.domain}s', { reference: ${data}.id, amount: record.amountCents });`);
        break;
      case 'helper': {
        if (ctx.helpers.length === 0) break;
        const helper = ctx.pick(ctx.helpers);
        const fn = camel(helper.name);
        imports.add(`import { ${fn} } from '${rel(p, helper)}';`);
        lines.push(`await ${fn}(${data}.id, record.email);`);
        break;
      }
    }
  }
  if (ctx.repositories.length > 0 && ctx.chance(0.5)) {
    const repo = ctx.pick(ctx.repositories);
    const fn = `load${pascal(repo.name)}`;
    imports.add(`import { ${fn} } from '${rel(p, repo)}';`);
    lines.splice(1, 0, `const related = await ${fn}(${data}.userId);`, `if (related.length > 100) console.warn('large fan-out', related.length);`);
  }
  if (layer === 'prisma') {
    if (ctx.chance(0.3)) {
      lines.push(`await prisma.$transaction(async (tx) => {`);
      lines.push(`  await tx.${model}.update({ where: { id: record.id }, data: { status: 'DONE', processedAt: new Date() } });`);
      lines.push(`  await tx.notification.create({ data: { userId: record.userId, status: 'QUEUED' } });`);
      lines.push(`});`);
    } else {
      lines.push(`await prisma.${model}.update({ where: { id: record.id }, data: { status: 'DONE', processedAt: new Date() } });`);
    }
  } else if (layer === 'knex') {
    lines.push(`await sql('${ctx.pick(TABLES)}').where({ id: record.id }).update({ processed_at: new Date() });`);
    if (ctx.chance(0.4)) lines.push(`await sql('ledger_entries').insert({ subject_id: record.id, kind: '${p.domain}' });`);
  } else {
    lines.push(`await db.update(events).set({ handledAt: new Date() }).where(eq(events.id, record.id ?? ''));`);
  }
  return { imports, code: lines.map((line) => indent + line).join('\n') };
}

function header(p: Planned, what: string): string {
  return `/**\n * ${what} for ${p.domain}s (${p.name}).\n * Generated by bench/corpus.ts.\n */`;
}

function utilImport(p: Planned, ctx: Context): { line: string; call: (arg: string) => string } | undefined {
  if (ctx.utils.length === 0 || !ctx.chance(0.5)) return undefined;
  const util = ctx.pick(ctx.utils);
  const fn = `format${pascal(util.name)}`;
  return { line: `import { ${fn} } from '${rel(p, util)}';`, call: (arg) => `${fn}(${arg})` };
}

const generators: Record<Kind, (p: Planned, ctx: Context) => string> = {
  bullmq(p, ctx) {
    const pl = payload(p, ctx);
    const b = body(p, ctx, 'job.data', '    ');
    const util = utilImport(p, ctx);
    const queue = ctx.pick(['emails', 'billing', 'sync', p.domain]);
    return `${[`import { Worker, type Job } from 'bullmq';`, `import { connection } from '../infra/queues.js';`, ...pl.imports, ...b.imports, ...(util ? [util.line] : [])].join('\n')}

${header(p, 'BullMQ worker')}
${pl.decl}

const CONCURRENCY = ${1 + Math.floor(ctx.random() * 8)};

export const ${camel(p.name)}Worker = new Worker<${pl.type}>(
  '${queue}',
  async (job: Job<${pl.type}>) => {
    await job.log(${util ? util.call('job.data.id') : `'start ' + job.data.id`});
${b.code}
    await job.updateProgress(100);
  },
  { connection, concurrency: CONCURRENCY },
);

${camel(p.name)}Worker.on('failed', (job, error) => {
  console.error('[${p.name}] job', job?.id, 'failed:', error.message);
});
`;
  },

  pgboss(p, ctx) {
    const pl = payload(p, ctx);
    const b = body(p, ctx, 'job.data', '    ');
    return `${[`import { boss } from '../infra/queues.js';`, ...pl.imports, ...b.imports].join('\n')}

${header(p, 'pg-boss worker')}
${pl.decl}

export const QUEUE = '${p.name}';

export async function start${pascal(p.name)}(): Promise<void> {
  await boss.createQueue(QUEUE, { retryLimit: ${Math.floor(ctx.random() * 5)}, retryBackoff: true });
  await boss.work<${pl.type}>(QUEUE, async ([job]) => {
    if (!job) return;
${b.code}
  });
}
`;
  },

  trigger(p, ctx) {
    const pl = payload(p, ctx);
    const b = body(p, ctx, 'payload', '    ');
    return `${[`import { logger, task } from '@trigger.dev/sdk';`, ...pl.imports, ...b.imports].join('\n')}

${header(p, 'Trigger.dev task')}
${pl.decl}

export const ${camel(p.name)} = task({
  id: '${p.name}',
  retry: { maxAttempts: ${1 + Math.floor(ctx.random() * 5)}, factor: 2 },
  run: async (payload: ${pl.type}, { ctx }) => {
    logger.info('running', { attempt: ctx.run.attempt.number });
${b.code}
    return { id: payload.id };
  },
});
`;
  },

  graphile(p, ctx) {
    const pl = payload(p, ctx);
    const b = body(p, ctx, 'data', '  ');
    return `${[`import type { JobHelpers, Task } from 'graphile-worker';`, ...pl.imports, ...b.imports].join('\n')}

${header(p, 'graphile-worker task')}
${pl.decl}

function isPayload(value: unknown): value is ${pl.type} {
  return typeof value === 'object' && value !== null && 'id' in value && 'userId' in value;
}

export const ${camel(p.name)}: Task = async (payload: unknown, helpers: JobHelpers) => {
  if (!isPayload(payload)) throw new Error('invalid payload');
  const data = payload;
  helpers.logger.info(\`${p.name} attempt \${helpers.job.attempts}\`);
${b.code}
};
`;
  },

  inngest(p, ctx) {
    const pl = payload(p, ctx);
    const inStep = ctx.chance(0.5);
    const b = body(p, ctx, 'event.data', inStep ? '      ' : '    ');
    const code = inStep ? `    await step.run('${p.name}-work', async () => {\n${b.code}\n    });` : b.code;
    return `${[`import { inngest } from '../infra/inngest.js';`, ...pl.imports, ...b.imports].join('\n')}

${header(p, 'Inngest function')}
${pl.decl}

export const ${camel(p.name)} = inngest.createFunction(
  { id: '${p.name}', retries: ${Math.floor(ctx.random() * 5)} },
  { event: 'app/${p.domain}.${ctx.pick(VERBS)}' },
  async ({ event, step }: { event: { data: ${pl.type} }; step: import('inngest').Step }) => {
${code}
    return { ok: true };
  },
);
`;
  },

  nest(p, ctx) {
    const pl = payload(p, ctx);
    const b = body(p, ctx, 'job.data', '    ');
    return `${[`import { Processor, WorkerHost } from '@nestjs/bullmq';`, `import { Logger } from '@nestjs/common';`, `import type { Job } from 'bullmq';`, ...pl.imports, ...b.imports].join('\n')}

${header(p, 'NestJS BullMQ processor')}
${pl.decl}

@Processor('${p.name}')
export class ${pascal(p.name)}Processor extends WorkerHost {
  private readonly logger = new Logger(${pascal(p.name)}Processor.name);

  async process(job: Job<${pl.type}>): Promise<void> {
    this.logger.log(\`processing \${job.id}\`);
${b.code}
  }
}
`;
  },

  'effect-helper'(p, ctx) {
    const fn = camel(p.name);
    const kind = ctx.pick(['mail', 'fetch', 'stripe', 'axios'] as const);
    const imports: string[] = [];
    let code: string;
    if (kind === 'mail') {
      imports.push(`import { MAIL_FROM, mailer } from '../infra/mailer.js';`);
      code = `  await mailer.sendMail({ from: MAIL_FROM, to: email, subject: 'About ${p.domain} ' + id, html: \`<p>\${id}</p>\` });`;
    } else if (kind === 'fetch') {
      code = `  const response = await fetch(\`https://api.example/${p.domain}/\${id}\`, { method: 'PUT', body: JSON.stringify({ email }) });\n  if (!response.ok) throw new Error('upstream ' + response.status);`;
    } else if (kind === 'stripe') {
      imports.push(`import { stripe } from '../infra/stripe.js';`);
      code = `  const customer = await stripe.customers.create({ email, name: id });\n  console.log('customer', customer.id);`;
    } else {
      imports.push(`import { partner } from '../infra/http.js';`);
      code = `  await partner.put(\`/${p.domain}/\${id}\`, { email }, { headers: { 'X-Source': 'worker' } });`;
    }
    return `${imports.join('\n')}

${header(p, 'Side-effect helper')}
export async function ${fn}(id: string, email: string): Promise<void> {
  if (!email.includes('@')) throw new Error(\`invalid email for \${id}\`);
${code}
}

export function describe${pascal(p.name)}(id: string): string {
  return \`${p.domain} \${id}\`;
}
`;
  },

  repository(p, ctx) {
    const fn = `load${pascal(p.name)}`;
    const useKnex = ctx.chance(0.3);
    return `${useKnex ? `import { sql } from '../infra/knex.js';` : `import { prisma } from '../infra/prisma.js';`}

${header(p, 'Read helpers')}
export interface ${pascal(p.name)}Row {
  id: string;
  status: string;
}

export async function ${fn}(userId: string): Promise<${pascal(p.name)}Row[]> {
${useKnex ? `  const rows: ${pascal(p.name)}Row[] = await sql('${ctx.pick(TABLES)}').where({ user_id: userId }).select('id', 'status');\n  return rows;` : `  const rows = await prisma.${p.model}.findMany({ where: { userId }, take: 500 });\n  return rows.map((row) => ({ id: row.id, status: row.status }));`}
}

export async function count${pascal(p.name)}(userId: string): Promise<number> {
${useKnex ? `  const rows = await ${fn}(userId);\n  return rows.length;` : `  return prisma.${p.model}.count({ where: { userId } });`}
}
`;
  },

  producer(p, ctx) {
    const variant = ctx.pick(['bullmq', 'pgboss', 'trigger', 'inngest', 'graphile'] as const);
    const imports: string[] = [];
    let code: string;
    const keyed = ctx.chance(0.5);
    if (variant === 'bullmq') {
      imports.push(`import { ${ctx.pick(['emailQueue', 'billingQueue', 'syncQueue'])} as queue } from '../infra/queues.js';`);
      code = `  await queue.add('${p.name}', { id, userId }${keyed ? `, { jobId: \`${p.name}:\${id}\` }` : ''});`;
    } else if (variant === 'pgboss') {
      imports.push(`import { boss } from '../infra/queues.js';`);
      code = `  await boss.send('${p.name}', { id, userId }${keyed ? `, { singletonKey: id }` : ''});`;
    } else if (variant === 'trigger') {
      imports.push(`import { tasks } from '@trigger.dev/sdk';`);
      code = `  await tasks.trigger('${p.name}', { id, userId }${keyed ? `, { idempotencyKey: \`${p.name}-\${id}\` }` : ''});`;
    } else if (variant === 'inngest') {
      imports.push(`import { inngest } from '../infra/inngest.js';`);
      code = `  await inngest.send({ name: 'app/${p.domain}.created', data: { id, userId }${keyed ? ', id: `created-${id}`' : ''} });`;
    } else {
      imports.push(`import { makeWorkerUtils } from 'graphile-worker';`);
      const target = ctx.graphileTasks.length > 0 ? camel(ctx.pick(ctx.graphileTasks).name) : 'noop';
      code = `  const utils = await makeWorkerUtils({ connectionString: process.env.DATABASE_URL });\n  await utils.addJob('${target}', { id, userId }${keyed ? ', { jobKey: id }' : ''});\n  await utils.release();`;
    }
    return `${imports.join('\n')}

${header(p, 'Service that schedules background work')}
export async function schedule${pascal(p.name)}(id: string, userId: string): Promise<void> {
  if (!id || !userId) throw new Error('id and userId are required');
${code}
}
`;
  },

  route(p, ctx) {
    const util = utilImport(p, ctx);
    const producer = ctx.chance(0.3);
    return `${[`import { prisma } from '../infra/prisma.js';`, ...(util ? [util.line] : [])].join('\n')}

${header(p, 'HTTP route handlers')}
export interface Request {
  params: Record<string, string>;
  body: unknown;
  user?: { id: string };
}

export interface Response {
  status(code: number): Response;
  json(body: unknown): void;
}

export async function get${pascal(p.name)}(req: Request, res: Response): Promise<void> {
  const id = req.params['id'];
  if (!id) return res.status(400).json({ error: 'missing id' });
  const row = await prisma.${p.model}.findUnique({ where: { id } });
  if (!row) return res.status(404).json({ error: 'not found' });
  res.json({ id: row.id, status: row.status${util ? `, label: ${util.call('row.id')}` : ''} });
}

export async function list${pascal(p.name)}(req: Request, res: Response): Promise<void> {
  const userId = req.user?.id;
  if (!userId) return res.status(401).json({ error: 'unauthenticated' });
  const rows = await prisma.${p.model}.findMany({ where: { userId }, take: 50 });
  res.json(rows.map((row) => ({ id: row.id, status: row.status, amount: row.amountCents })));
}
${producer ? `
export async function update${pascal(p.name)}(req: Request, res: Response): Promise<void> {
  const id = req.params['id'] ?? '';
  const body = req.body as { status?: string };
  const row = await prisma.${p.model}.update({ where: { id }, data: { status: body.status ?? 'OPEN' } });
  res.status(200).json(row);
}
` : ''}`;
  },

  util(p, ctx) {
    const fn = `format${pascal(p.name)}`;
    const n = 2 + Math.floor(ctx.random() * 4);
    const extra = Array.from({ length: n }, (_, i) => `
export function ${camel(p.name)}Step${i}(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    if (Number.isFinite(value) && value > ${i}) total += value * ${i + 1};
  }
  return Math.round(total * 100) / 100;
}`).join('\n');
    return `${header(p, 'Formatting and arithmetic helpers')}
const PREFIX = '${p.domain.toUpperCase()}';

export function ${fn}(id: string): string {
  return \`\${PREFIX}-\${id.slice(0, 8).toUpperCase()}\`;
}

export function parse${pascal(p.name)}(label: string): string | undefined {
  const match = /^${p.domain.toUpperCase()}-([A-Z0-9]+)$/.exec(label);
  return match?.[1]?.toLowerCase();
}
${extra}
`;
  },

  types(p, ctx) {
    const suffix = p.name.split('-').pop();
    const statuses = ['OPEN', 'PENDING', 'DONE', 'FAILED', 'CANCELLED'].filter(() => ctx.chance(0.7));
    return `${header(p, 'Domain types')}
export type ${pascal(p.domain)}Status${suffix} = ${(statuses.length ? statuses : ['OPEN']).map((s) => `'${s}'`).join(' | ')};

export interface ${pascal(p.domain)}Record${suffix} {
  id: string;
  userId: string;
  status: ${pascal(p.domain)}Status${suffix};
  amountCents: number;
  currency: 'usd' | 'eur' | 'gbp';
  createdAt: Date;
  metadata?: Record<string, string>;
}

export function is${pascal(p.domain)}Record${suffix}(value: unknown): value is ${pascal(p.domain)}Record${suffix} {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<${pascal(p.domain)}Record${suffix}>;
  return typeof record.id === 'string' && typeof record.userId === 'string' && typeof record.amountCents === 'number';
}
`;
  },

  config(p, ctx) {
    return `${header(p, 'Configuration')}
export const ${camel(p.name)}Config = {
  enabled: process.env.${p.domain.toUpperCase()}_ENABLED !== 'false',
  batchSize: Number(process.env.${p.domain.toUpperCase()}_BATCH ?? ${10 * (1 + Math.floor(ctx.random() * 10))}),
  timeoutMs: ${1000 * (1 + Math.floor(ctx.random() * 30))},
  endpoints: {
    primary: 'https://${p.domain}.example/api',
    fallback: 'https://${p.domain}-backup.example/api',
  },
} as const;

export type ${pascal(p.name)}Config = typeof ${camel(p.name)}Config;
`;
  },
};
