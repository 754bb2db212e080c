/**
 * no-unguarded-side-effect: an external effect inside a handler with no guard before it and no
 * idempotency key on it. Effects of APIs that accept a key are left to require-idempotency-key, and
 * effects in replaying runtimes (Inngest) to no-side-effect-outside-step: one defect, one report.
 */
import type * as TS from 'typescript';
import type { EffectFamily } from '../catalogue/types.js';
import { findGuard } from '../analysis/guards.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { unwrap } from '../analysis/syntax.js';
import { chainSuffix, effectLabel, jobLabel, jobParameter } from './describe.js';
import type { Check, Finding } from './types.js';

export const messages = {
  unguarded:
    '{{effect}} in {{job}}{{via}} has no guard: jobs run at least once, so a retry or redelivery {{repeat}}. ' +
    'Make the rerun skip it: {{hint}}.',
} as const;

export type MessageIds = keyof typeof messages;

const REPEATS: Record<EffectFamily, string> = {
  email: 'sends the email again',
  sms: 'sends the SMS again',
  push: 'sends the notification again',
  payment: 'repeats the payment',
  http: 'sends the request again',
  webhook: 'delivers the webhook again',
  message: 'publishes the message again',
  chat: 'posts the message again',
};

const FLAGS: Record<EffectFamily, string> = {
  email: 'emailSentAt',
  sms: 'smsSentAt',
  push: 'notifiedAt',
  payment: 'chargedAt',
  http: 'notifiedAt',
  webhook: 'webhookSentAt',
  message: 'publishedAt',
  chat: 'postedAt',
};

export const check: Check = {
  id: 'no-unguarded-side-effect',
  messages,
  check(model) {
    const byCall = new Map<TS.Node, { op: Operation; handlers: Handler[] }>();
    for (const handler of model.handlers) {
      if (handler.framework.replaying) continue;
      for (const op of model.operations(handler)) {
        if (op.kind !== 'effect' || op.role.role !== 'effect') continue;
        if (op.role.spec.idempotencyKey) continue;
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
      if (op.role.role !== 'effect') continue;
      const family = op.role.spec.family;
      const first = handlers[0]!;
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      findings.push({
        messageId: 'unguarded',
        data: {
          effect: capitalize(effectLabel(model, op)),
          job,
          via: chainSuffix(model, op),
          repeat: REPEATS[family],
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A concrete guard in the user's identifiers: the last record the handler loads at its top level
 * before the effect (`const order = await prisma.order.findUnique(…)`). Found by syntax alone (a
 * read-like method name) so that the editor and the CLI word it the same way; it shapes the hint,
 * never whether a finding is reported.
 */
function guardHint(model: FileModel, handler: Handler, effect: Operation, flag: string): string {
  const ts = model.context.ts;
  const sourceFile = handler.fn.getSourceFile();
  const before = (effect.chain[0] ?? effect.call).getStart(sourceFile);
  let record: string | undefined;
  const body = handler.fn.body;
  for (const statement of body && ts.isBlock(body) ? body.statements : []) {
    if (statement.getEnd() > before) break;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      const call = init && ts.isAwaitExpression(init) ? unwrap(ts, init) : undefined;
      if (
        ts.isIdentifier(declaration.name) &&
        call &&
        ts.isCallExpression(call) &&
        ts.isPropertyAccessExpression(call.expression) &&
        READ_METHOD.test(call.expression.name.text)
      ) {
        record = declaration.name.text;
      }
    }
  }
  if (record) {
    return `check a field that records the work, e.g. \`if (${record}.${flag}) return;\` before the call, and set \`${flag}\` right after it succeeds`;
  }
  const param = jobParameter(model, handler);
  const key = param ? `\`${param}.id\`` : 'the job id';
  return `record the work in a row keyed by ${key} (or a business id), return early when that row exists, or pass an idempotency key if the API takes one`;
}

const READ_METHOD = /^(find|get|load|fetch|select|first|retrieve|read)/i;
