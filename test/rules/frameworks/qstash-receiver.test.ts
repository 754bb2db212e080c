/**
 * QStash endpoints checked with `Receiver.verify`: the function that calls `verify` on a
 * `Receiver` from `@upstash/qstash` is a handler (QStash retries any non-2xx response).
 */
import unguarded from '../../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

const hint = (param: string) =>
  `record the work in a row keyed by \`${param}.id\` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one`;

ruleTester.run('no-unguarded-side-effect (QStash Receiver.verify)', unguarded, {
  valid: [
    // `verify` of jsonwebtoken is not a QStash signature check.
    code`
      import jwt from 'jsonwebtoken';
      ${mailer}
      export async function POST(req: Request) {
        jwt.verify(req.headers.get('authorization')!, 'secret');
        await transporter.sendMail({ to: 'ops@example.com', subject: 'hi' });
        return new Response('ok');
      }
    `,
    // A local class named `Receiver` is not @upstash/qstash's.
    code`
      ${mailer}
      class Receiver {
        constructor(readonly keys: { currentSigningKey: string; nextSigningKey: string }) {}
        async verify(input: { signature: string; body: string }) {
          return input.signature.length > 0;
        }
      }
      const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
      export async function POST(req: Request) {
        const body = await req.text();
        if (!(await receiver.verify({ signature: req.headers.get('upstash-signature')!, body }))) return new Response('no', { status: 401 });
        await transporter.sendMail({ to: 'ops@example.com', subject: 'hi' });
        return new Response('ok');
      }
    `,
    // A `Receiver` from another package.
    code`
      import { Receiver } from '@acme/webhooks';
      ${mailer}
      const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
      export async function POST(req: Request) {
        await receiver.verify({ signature: req.headers.get('upstash-signature')!, body: await req.text() });
        await transporter.sendMail({ to: 'ops@example.com', subject: 'hi' });
        return new Response('ok');
      }
    `,
    // A route that builds a QStash Receiver but never calls `verify` is an ordinary route.
    code`
      import { Receiver } from '@upstash/qstash';
      ${mailer}
      export const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
      export async function POST(req: Request) {
        await transporter.sendMail({ to: 'ops@example.com', subject: 'hi' });
        return new Response('ok');
      }
    `,
    // A verified endpoint whose effect is guarded by the state it records.
    code`
      import { Receiver } from '@upstash/qstash';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
      export async function POST(req: Request) {
        const body = await req.text();
        await receiver.verify({ signature: req.headers.get('upstash-signature')!, body });
        const { orderId } = JSON.parse(body);
        const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId } });
        if (order.receiptSentAt) return new Response('done');
        await transporter.sendMail({ to: order.email, subject: 'Your receipt' });
        await prisma.order.update({ where: { id: orderId }, data: { receiptSentAt: new Date() } });
        return new Response('ok');
      }
    `,
  ],
  invalid: [
    {
      // The auditor's reproduction: a Next.js route handler that verifies, then emails.
      code: code`
        import { Receiver } from '@upstash/qstash';
        ${mailer}
        const receiver = new Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
        export async function POST(req: Request) {
          const body = await req.text();
          const ok = await receiver.verify({ signature: req.headers.get('upstash-signature')!, body });
          if (!ok) return new Response('no', { status: 401 });
          await transporter.sendMail({ to: 'x@example.com', subject: 'hi' });
          return new Response('ok');
        }
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 9,
          column: 9,
          data: { effect: 'Email via nodemailer `sendMail`', job: 'QStash handler `POST`', via: '', repeat: 'sends the email again', hint: hint('req') },
        },
      ],
    },
    {
      // An Express-style callback; the Receiver is a namespace import held in a module field.
      code: code`
        import express from 'express';
        import * as qstash from '@upstash/qstash';
        ${mailer}
        const app = express();
        const receiver: qstash.Receiver = new qstash.Receiver({ currentSigningKey: 'a', nextSigningKey: 'b' });
        app.post('/api/welcome', async (req, res) => {
          await receiver.verify({ signature: String(req.headers['upstash-signature']), body: req.body });
          await transporter.sendMail({ to: req.body.email, subject: 'Welcome' });
          res.sendStatus(200);
        });
      `,
      errors: [{ messageId: 'unguarded', line: 9, column: 9, data: { effect: 'Email via nodemailer `sendMail`', job: 'QStash handler', via: '', repeat: 'sends the email again', hint: hint('req') } }],
    },
  ],
});
