/**
 * Queues of handlers that name jobs within a queue (Bull `queue.process('welcome', fn)`, NestJS
 * Bull `@Process('welcome')` in `@Processor('emails')`): the model records both the job name and the
 * queue, since Bull routes jobs to a queue first and to a named processor within it.
 */
import type * as TS from 'typescript';
import { propertyValue } from './model.js';
import { stringValue } from './syntax.js';

/** A decorator's (or call's) first argument as a name: `'emails'` or `{ name: 'emails' }`. */
export function nameArgument(ts: typeof TS, decorator: TS.Decorator): string | undefined {
  if (!ts.isCallExpression(decorator.expression)) return undefined;
  const first = decorator.expression.arguments[0];
  if (!first) return undefined;
  const direct = stringValue(ts, first);
  if (direct !== undefined) return direct;
  const name = propertyValue(ts, first, 'name');
  return name ? stringValue(ts, name) : undefined;
}

/**
 * The job name a Bull processor is registered for, when it names one: `'*'` (every job of the queue)
 * names none.
 */
export function jobName(name: string | undefined): string | undefined {
  return name === '*' ? undefined : name;
}
