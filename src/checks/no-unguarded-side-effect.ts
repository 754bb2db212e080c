/**
 * no-unguarded-side-effect: an external effect inside a handler with no guard before it and no
 * idempotency key on it. Effects of APIs that accept a key are left to require-idempotency-key, and
 * effects in replaying runtimes (Inngest) to no-side-effect-outside-step: one defect, one report.
 * Enqueueing another job counts as an effect here only when the enqueue API cannot take a key at all
 * (its catalogue entry lists no `keyOptions`: amqplib `publish`, Cloudflare `env.QUEUE.send`); an
 * enqueue that could carry a key belongs to require-idempotency-key.
 */
import type * as TS from 'typescript';
import type { EffectFamily } from '../catalogue/types.js';
import { findGuard } from '../analysis/guards.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { calleeText, chainSuffix, effectLabel, jobLabel, jobParameter, recordBefore, RETRY_REPEATS } from './describe.js';
import { acceptsKey } from './options.js';
import type { Check, Finding } from './types.js';

export const messages = {
  unguarded:
    '{{effect}} in {{job}}{{via}} has no guard: jobs run at least once, so a retry or redelivery {{repeat}}. ' +
    'Make the rerun skip it: {{hint}}.',
} as const;

export type MessageIds = keyof typeof messages;

const FLAGS: Record<EffectFamily | 'enqueue', string> = {
  email: 'emailSentAt',
  sms: 'smsSentAt',
  push: 'notifiedAt',
  payment: 'chargedAt',
  http: 'notifiedAt',
  webhook: 'webhookSentAt',
  message: 'publishedAt',
  chat: 'postedAt',
  enqueue: 'enqueuedAt',
};

export const check: Check = {
  id: 'no-unguarded-side-effect',
  messages,
  check(model) {
    const byCall = new Map<TS.Node, { op: Operation; handlers: Handler[] }>();
    for (const handler of model.handlers) {
      if (handler.framework.replaying) continue;
      for (const op of model.operations(handler)) {
        if (!isReportable(model, op)) continue;
        if (findGuard(model, handler, op)) continue;
        const seen = byCall.get(op.call);
        if (seen) {
          if (!seen.handlers.includes(handler)) seen.handlers.push(handler);
        } else {
          byCall.set(op.call, { op, handlers: [handler] });
        }
      }
    }
    const findings: Finding[] = [];
    for (const { op, handlers } of byCall.values()) {
      const family: EffectFamily | 'enqueue' = op.role.role === 'effect' ? op.role.spec.family : 'enqueue';
      const first = handlers[0]!;
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      findings.push({
        messageId: 'unguarded',
        data: {
          effect: capitalize(op.role.role === 'effect' ? effectLabel(model, op) : enqueueLabel(model, op)),
          job,
          via: chainSuffix(model, op),
          repeat: (op.role.role === 'effect' ? op.role.spec.repeat : undefined) ?? RETRY_REPEATS[family],
          hint: guardHint(model, first, op, FLAGS[family]),
        },
        node: op.expression,
        job,
        chain: op.chain,
      });
    }
    return findings;
  },
};

/** An effect of an API without an idempotency key, or an enqueue that cannot carry one. */
function isReportable(model: FileModel, op: Operation): boolean {
  // An API that accepts a key for this call is require-idempotency-key's finding (a standard SQS/SNS
  // send cannot be keyed, so it stays here).
  if (op.kind === 'effect' && op.role.role === 'effect') return !op.role.spec.idempotencyKey || !acceptsKey(model, op.call, op.role.spec);
  if (op.kind === 'enqueue' && op.role.role === 'enqueue') {
    const spec = op.role.spec;
    // Keyable enqueues (options, builder methods) and repeatable schedulers belong to require-idempotency-key.
    return spec.keyOptions.length === 0 && !spec.keyMethods && !spec.scheduler && !spec.memoised;
  }
  return false;
}

/** "message to another job via amqplib `channel.sendToQueue`" */
function enqueueLabel(model: FileModel, op: Operation): string {
  const framework = op.role.role === 'enqueue' ? op.role.entry.title : 'a queue';
  return `message to another job via ${framework} \`${calleeText(model.context.ts, model.context.sourceFile, op.call)}\``;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A concrete guard in the user's identifiers: the record the handler already loads, if any. */
function guardHint(model: FileModel, handler: Handler, effect: Operation, flag: string): string {
  const record = recordBefore(model, handler, effect.chain[0] ?? effect.call);
  if (record) {
    return `check a field that records the work, e.g. \`if (${record}.${flag}) return;\` before the call, and set \`${flag}\` right after it succeeds`;
  }
  const param = jobParameter(model, handler);
  const key = param ? `\`${param}.id\`` : handler.framework.firstParameterHasNoId ? 'the message id' : 'the job id';
  return `record the work in a row keyed by ${key} (or a business id), return early when that row exists, or pass an idempotency key if the API takes one`;
}
