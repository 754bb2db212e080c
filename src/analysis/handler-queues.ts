/**
 * Queues of handlers that name jobs within a queue (Bull `queue.process('welcome', fn)`, NestJS
 * Bull `@Process('welcome')` in `@Processor('emails')`): the model records both the job name and the
 * queue, since Bull routes jobs to a queue first and to a named processor within it.
 */
import type * as TS from 'typescript';
import type { QueueDefinitionSpec } from '../catalogue/types.js';
import { queueDefinitionOf } from './definitions.js';
import type { Resolver } from './resolve.js';
import { stringValue, unwrap } from './syntax.js';

/** The literal name of the queue the receiver of `queue.process(...)` was built as, if the analysis can see it. */
export function receiverQueue(resolver: Resolver, call: TS.CallExpression | TS.NewExpression, spec: QueueDefinitionSpec): string | undefined {
  return queueDefinitionOf(resolver, call, spec)?.name;
}

/** A decorator's (or call's) first argument as a name: `'emails'` or `{ name: 'emails' }`. */
export function nameArgument(ts: typeof TS, decorator: TS.Decorator): string | undefined {
  if (!ts.isCallExpression(decorator.expression)) return undefined;
  const first = decorator.expression.arguments[0];
  if (!first) return undefined;
  const direct = stringValue(ts, first);
  if (direct !== undefined) return direct;
  const object = unwrap(ts, first);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) && property.name.text === 'name') {
      return stringValue(ts, property.initializer);
    }
  }
  return undefined;
}

/**
 * The job name a Bull processor is registered for, when it names one: `'*'` (every job of the queue)
 * names none.
 */
export function jobName(name: string | undefined): string | undefined {
  return name === '*' ? undefined : name;
}
