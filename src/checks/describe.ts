/** Wording shared by checks: how a job and an effect are named in messages. */
import type * as TS from 'typescript';
import type { EffectFamily } from '../catalogue/types.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { enclosingFunction } from '../analysis/syntax.js';

/** "BullMQ job 'emails'", "Bull job 'welcome' on queue 'emails'" or "pg-boss job handler `chargeOrder`". */
export function jobLabel(model: FileModel, handler: Handler): string {
  const ts = model.context.ts;
  if (handler.name !== undefined && handler.queue !== undefined && handler.queue !== handler.name) {
    return `${handler.framework.title} job '${handler.name}' on queue '${handler.queue}'`;
  }
  if (handler.name !== undefined) return `${handler.framework.title} job '${handler.name}'`;
  const fn = handler.fn;
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  return name ? `${handler.framework.title} handler \`${name}\`` : `${handler.framework.title} handler`;
}

/** " (reached through `sendReceipt()`)" for operations inside same-file helpers. */
export function chainSuffix(model: FileModel, op: Operation): string {
  if (op.chain.length === 0) return '';
  const names = op.chain.map((call) => `\`${calleeText(model.context.ts, call.getSourceFile(), call)}()\``);
  return ` (reached through ${names.join(' → ')})`;
}

export function calleeText(ts: typeof TS, sourceFile: TS.SourceFile, call: TS.CallExpression | TS.NewExpression): string {
  return call.expression.getText(sourceFile).replace(/\s+/g, '');
}

/** The effect's label with `{callee}` and `{method}` filled in. */
export function effectLabel(model: FileModel, op: Operation): string {
  if (op.role.role !== 'effect') return 'side effect';
  return op.role.spec.label
    .replace('{callee}', calleeText(model.context.ts, op.call.getSourceFile(), op.call))
    .replace('{method}', op.method && op.method !== '?' ? op.method : 'request');
}

/** The name of the handler's first parameter (`job`), for examples in messages. */
export function jobParameter(model: FileModel, handler: Handler): string | undefined {
  if (handler.framework.firstParameterHasNoId) return undefined;
  const ts = model.context.ts;
  const first = handler.fn.parameters[0];
  if (!first) return undefined;
  if (ts.isIdentifier(first.name)) return first.name.text;
  if (ts.isArrayBindingPattern(first.name)) {
    const element = first.name.elements[0];
    if (element && ts.isBindingElement(element) && ts.isIdentifier(element.name)) return element.name.text;
  }
  return undefined;
}

/** The function a node sits in, by name, for "in helper `x`" wording. */
export function functionName(ts: typeof TS, node: TS.Node): string | undefined {
  const fn = enclosingFunction(ts, node);
  if (!fn) return undefined;
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** Any operation in words: the effect's label, "Prisma write `prisma.user.update`", "BullMQ enqueue `queue.add`". */
export function operationLabel(model: FileModel, op: Operation): string {
  const ts = model.context.ts;
  const callee = `\`${calleeText(ts, op.call.getSourceFile(), op.call)}\``;
  switch (op.role.role) {
    case 'effect':
      return effectLabel(model, op);
    case 'data':
      return `${op.role.entry.title} ${op.role.spec.op === 'read' ? 'read' : 'write'} ${callee}`;
    case 'enqueue':
      return `${op.role.entry.title} enqueue ${callee}`;
    case 'transaction':
      return `${op.role.entry.title} transaction ${callee}`;
    default:
      return callee;
  }
}

/**
 * The last record the handler loads at its top level before `position`
 * (`const order = await prisma.order.findUnique(…)`), for guards written with the user's names.
 * Found by syntax alone (a read-like method name) so that the editor and the CLI word it the same
 * way; it shapes a message, never whether a finding is reported.
 */
export function recordBefore(model: FileModel, handler: Handler, position: TS.Node): string | undefined {
  const ts = model.context.ts;
  const before = position.getStart(position.getSourceFile());
  const body = handler.fn.body;
  let record: string | undefined;
  for (const statement of body && ts.isBlock(body) ? body.statements : []) {
    if (statement.getSourceFile() !== position.getSourceFile() || statement.getEnd() > before) break;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      let call: TS.Expression | undefined = init && ts.isAwaitExpression(init) ? init.expression : undefined;
      while (call && ts.isParenthesizedExpression(call)) call = call.expression;
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
  return record;
}

const READ_METHOD = /^(find|get|load|fetch|select|first|retrieve|read|execute)/i;

/** What a retry does again, per effect family (and for an enqueue), for messages. */
export const RETRY_REPEATS: Readonly<Record<EffectFamily | 'enqueue', string>> = {
  email: 'sends the email again',
  sms: 'sends the SMS again',
  push: 'sends the notification again',
  payment: 'repeats the payment',
  http: 'sends the request again',
  webhook: 'delivers the webhook again',
  message: 'publishes the message again',
  chat: 'posts the message again',
  enqueue: 'enqueues the job again',
};
