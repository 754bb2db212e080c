import path from 'node:path';
import { fileURLToPath } from 'node:url';
import rule from '../../rules/no-non-serializable-job-data.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();
const typedRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/typed');
const typed = {
  parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: typedRoot },
};

ruleTester.run('no-non-serializable-job-data', rule, {
  valid: [
    // Plain objects of primitives, ISO strings, ids.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      export async function send(user: { id: string }) {
        await emails.add('welcome', { userId: user.id, at: new Date().toISOString(), tags: ['a', 'b'], count: 3, nested: { ok: true } });
      }
    `,
    // new Date(...) formatted, epoch numbers, String(bigint).
    code`
      import PgBoss from 'pg-boss';
      const boss = new PgBoss('postgres://localhost/app');
      await boss.send('report', { from: new Date(2024, 0, 1).getTime(), total: String(10n) });
    `,
    // amqplib payloads are bytes the caller encodes.
    code`
      import amqp from 'amqplib';
      const conn = await amqp.connect('amqp://localhost');
      const ch = await conn.createChannel();
      ch.sendToQueue('emails', Buffer.from(JSON.stringify({ id: 1 })));
    `,
    // Without type information, identifiers of unknown origin are not guessed.
    code`
      import { Queue } from 'bullmq';
      import { loadUser } from './users';
      const emails = new Queue('emails');
      const user = await loadUser('u1');
      await emails.add('welcome', { user });
    `,
    // QStash: only the body is the payload (headers may hold objects).
    code`
      import { Client } from '@upstash/qstash';
      const qstash = new Client({ token: 't' });
      await qstash.publishJSON({ url: 'https://x.io', body: { id: 1 }, headers: new Headers() as never });
    `,
    // A local `add` on a Set is not an enqueue.
    code`
      const seen = new Set<Date>();
      seen.add(new Date());
    `,
    // Typed: a record of primitives passed whole is fine.
    {
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function send(user: { id: string; email: string; createdAt: string }) {
          await emails.add('welcome', user);
        }
      `,
      languageOptions: typed,
    },
    {
      // Typed: values declared as JSON-safe primitives are decided from the annotation alone.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function send(id: string, count: number, tags: readonly string[], kind: 'a' | 'b', done: boolean) {
          await emails.add('welcome', { id, count, tags, done });
          await emails.add('kind', { kind });
        }
      `,
      languageOptions: typed,
    },
  ],
  invalid: [
    {
      // Date, Map, Set and a function in a BullMQ payload.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        await emails.add('digest', {
          since: new Date(),
          seen: new Set(['a']),
          counts: new Map(),
          format: (n: number) => n.toFixed(2),
        });
      `,
      errors: [
        { messageId: 'nonSerializable', line: 4, column: 10, data: { value: '`new Date()`', job: "BullMQ job 'digest'", why: 'a `Date` arrives as an ISO string', instead: 'an ISO string (`.toISOString()`) or an epoch number' } },
        { messageId: 'nonSerializable', line: 5, column: 9, data: { value: "`new Set(['a'])`", job: "BullMQ job 'digest'", why: 'a `Set` arrives as `{}`', instead: 'an array (`[...set]`)' } },
        { messageId: 'nonSerializable', line: 6, column: 11 },
        { messageId: 'nonSerializable', line: 7, column: 11, data: { value: '`(n: number) => n.toFixed(2)`', job: "BullMQ job 'digest'", why: 'functions are dropped', instead: 'the data the function needs, and do the work in the handler' } },
      ],
    },
    {
      // BigInt, Buffer, undefined in an array, a class instance, through a local const.
      code: code`
        import PgBoss from 'pg-boss';
        class Money { constructor(readonly cents: number) {} }
        const boss = new PgBoss('postgres://localhost/app');
        const createdAt = new Date();
        await boss.send('invoice', { amount: 10n, pdf: Buffer.from('x'), lines: [1, undefined], price: new Money(100), createdAt });
      `,
      errors: [
        { messageId: 'nonSerializable', line: 5, column: 38, data: { value: '`10n`', job: "pg-boss job 'invoice'", why: '`JSON.stringify` throws on a BigInt', instead: 'a string (`String(value)`)' } },
        { messageId: 'nonSerializable', line: 5, column: 48 },
        { messageId: 'nonSerializable', line: 5, column: 77, data: { value: '`undefined`', job: "pg-boss job 'invoice'", why: '`undefined` in an array becomes `null`', instead: '`null` or leave the element out' } },
        { messageId: 'nonSerializable', line: 5, column: 96, data: { value: '`new Money(100)`', job: "pg-boss job 'invoice'", why: 'a class instance arrives as a plain object without its prototype or methods', instead: 'the fields the handler needs (usually an id) and load the entity in the handler' } },
        { messageId: 'nonSerializable', line: 5, column: 112, data: { value: '`createdAt`', job: "pg-boss job 'invoice'", why: 'a `Date` arrives as an ISO string', instead: 'an ISO string (`.toISOString()`) or an epoch number' } },
      ],
    },
    {
      // Other frameworks: Trigger.dev payload, Inngest event data, graphile-worker, a method in the payload.
      code: code`
        import { tasks } from '@trigger.dev/sdk';
        import { Inngest } from 'inngest';
        import { quickAddJob } from 'graphile-worker';
        const inngest = new Inngest({ id: 'shop' });
        await tasks.trigger('sync', { at: new Date() });
        await inngest.send({ name: 'user/created', data: { at: new Date() } });
        await quickAddJob({}, 'ping', { run() { return 1; } });
      `,
      errors: [
        { messageId: 'nonSerializable', line: 5, column: 35 },
        { messageId: 'nonSerializable', line: 6, column: 56 },
        { messageId: 'nonSerializable', line: 7, column: 33 },
      ],
    },
    {
      // Typed: a record with a Date field passed whole (an ORM entity).
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function send(user: { id: string; createdAt: Date }) {
          await emails.add('welcome', user);
        }
      `,
      languageOptions: typed,
      errors: [{ messageId: 'nonSerializable', line: 4, column: 31, data: { value: '`user` (its field `createdAt`)', job: "BullMQ job 'welcome'", why: 'a `Date` arrives as an ISO string', instead: 'an ISO string (`.toISOString()`) or an epoch number' } }],
    },
    {
      // Typed: a declared bigint is not a JSON-safe primitive, and is still reported through its type.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function send(id: string, amount: bigint) {
          await emails.add('charge', { id, amount });
        }
      `,
      languageOptions: typed,
      errors: [{ messageId: 'nonSerializable', line: 4, column: 36, data: { value: '`amount`', job: "BullMQ job 'charge'", why: '`JSON.stringify` throws on a BigInt', instead: 'a string (`String(value)`)' } }],
    },
  ],
});
