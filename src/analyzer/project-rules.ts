/**
 * Analyzer-only rules: they need the whole project, so ESLint (one file at a time) never runs them.
 *
 * - `no-orphan-job`: a job name or queue enqueued with no handler in the project, and a handler whose
 *   name or queue nothing enqueues (unless it is scheduled, or a dead-letter queue). Routed per name
 *   where the framework routes by name (pg-boss, graphile-worker, Trigger.dev task ids, Inngest
 *   events) and per queue for BullMQ. When a producer's or a handler's name is not a literal the
 *   analysis can see, the rule stays silent for that framework rather than guess.
 * - `require-failure-handler`: a BullMQ worker whose failures nobody sees (no `failed` listener on
 *   it, no `QueueEvents` `failed` listener on its queue, no NestJS `@OnWorkerEvent('failed')`), a Bull
 *   processor whose queue has no `failed`/`global:failed` listener (nor a NestJS `@OnQueueFailed()`),
 *   and a pg-boss `work()` whose queue's `createQueue` sets no `deadLetter`.
 */
import type * as TS from 'typescript';
import { constructionSite, queueDefinitionOf } from '../analysis/definitions.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { constantString, propertyValue } from '../analysis/model.js';
import { parseTarget } from '../analysis/catalogue.js';
import { calleeMayMatch, memberName } from '../analysis/resolve.js';
import { stringValue, unwrap } from '../analysis/syntax.js';
import { jobLabel } from '../checks/describe.js';
import { jobsOf, readOption } from '../checks/options.js';
import { injectedQueueName } from '../analysis/injected-queues.js';
import { nameArgument } from '../analysis/handler-queues.js';
import { numberValue } from '../checks/policy.js';
import type { ProducerDetail } from './job-report.js';
import { nodeKey, type NodeRef } from './refs.js';
import type { Location } from './report.js';

export const projectRuleMeta = {
  'no-orphan-job': {
    description: 'Disallow jobs that are enqueued with no handler, and handlers that nothing enqueues',
    messages: {
      noHandler:
        '{{framework}} {{what}} \'{{name}}\' is enqueued here but no handler in the project processes it: the jobs pile up unprocessed (or fail as unknown). Add a handler, or fix the name.',
      neverEnqueued:
        '{{job}} is never enqueued anywhere in the project: no code adds {{what}} \'{{name}}\'. Remove the handler, enqueue it, or schedule it.',
      payloadMismatch:
        'This payload for {{what}} \'{{name}}\' has type `{{actual}}`, but {{job}} expects `{{expected}}`: the handler reads fields that are not there. Send what the handler expects, or change its payload type.',
    },
  },
  'require-failure-handler': {
    description: 'Require a place where a job\'s final failure is seen (a failed listener, a dead-letter queue)',
    messages: {
      noFailedListener:
        "Nobody sees the failures of {{job}}: no `failed` listener on this worker, no `QueueEvents` listener for queue '{{name}}' and no `@OnWorkerEvent('failed')`. A job that exhausts its retries disappears into the failed set. Add `worker.on('failed', (job, error) => …)` that logs or alerts.",
      noQueueFailedListener:
        "Nobody sees the failures of {{job}}: no `failed` or `global:failed` listener on queue '{{name}}' and no `@OnQueueFailed()` in its processor. A job that exhausts its retries sits in the failed set and nobody is told. Add `queue.on('failed', (job, error) => …)` that logs or alerts.",
      noDeadLetter:
        "{{job}} has no dead-letter queue: `createQueue('{{name}}')` sets no `deadLetter`, so a job that exhausts its retries is only marked failed and nobody is told. Add `deadLetter: '{{name}}-failed'` to its `createQueue` options.",
    },
  },
} as const;

export type ProjectRuleId = keyof typeof projectRuleMeta;

/** A project finding, located by a node reference (it may come from another thread's files). */
export interface ProjectFinding {
  readonly rule: ProjectRuleId;
  readonly messageId: string;
  readonly data: Record<string, string>;
  readonly at: NodeRef;
  readonly job?: string;
}

type Group = 'bullmq' | 'bull' | 'pg-boss' | 'graphile-worker' | 'trigger-dev' | 'inngest';

interface Producer {
  readonly group: Group;
  readonly key: string | undefined;
  readonly node: TS.Node;
  readonly scheduled: boolean;
  /** The payload argument, when the enqueue has one. */
  readonly payload?: TS.Expression | undefined;
  /** Bull: the job name added (`null`: none, so the queue's default processor), undefined when unreadable. */
  readonly jobName?: string | null | undefined;
}

interface Consumer {
  readonly group: Group;
  readonly keys: readonly (string | undefined)[];
  readonly handler: Handler;
  readonly model: FileModel;
  readonly scheduled: boolean;
}

/**
 * What the project rules need to know about one analysed file, as plain data: the rules judge the
 * facts of every file together (`judgeProject`), in the thread that merges the results.
 */
export interface ProjectFacts {
  readonly consumers: readonly ConsumerFact[];
  readonly producers: readonly ProducerFact[];
  readonly namedQueues: readonly NamedQueueFact[];
  /** Inngest events awaited by `step.waitForEvent` or cancelling a run (`cancelOn`). */
  readonly awaited: readonly string[];
  /** `failed` listeners: on `new Worker` sites (node keys), on `QueueEvents` of queue names. */
  readonly listeners: { readonly sites: readonly string[]; readonly queues: readonly string[]; readonly unknownReceivers: boolean; readonly bull: BullListeners };
}

export interface ConsumerFact {
  readonly group: Group;
  readonly keys: readonly (string | undefined)[];
  readonly scheduled: boolean;
  /** Key of the handler function: a handler reached from two files counts once. */
  readonly fn: string;
  readonly site: NodeRef;
  readonly job: string;
  readonly name: string | undefined;
  readonly frameworkId: string;
  /** The framework has named queues (pg-boss `createQueue`). */
  readonly namedQueues: boolean;
  /** A NestJS `@OnWorkerEvent('failed')` method in the processor class. */
  readonly nestFailedHandler: boolean;
  /** The handler states its payload type (`Job<T>`, `new Worker<T>`, `work<T>`) and the checker is there. */
  readonly declaresPayload: boolean;
  /**
   * Bull: the job name the processor registers for within its queue (`'*'`: every job), `null` when it
   * names none (the queue's unnamed jobs), undefined when unreadable. Used for the per-job report only.
   */
  readonly jobName?: string | null | undefined;
}

export interface ProducerFact {
  readonly group: Group;
  readonly key: string | undefined;
  readonly scheduled: boolean;
  readonly at: NodeRef;
  readonly payload?: NodeRef | undefined;
  /** What the per-job report says about this enqueue site (job-report.ts). */
  readonly detail: ProducerDetail;
  /** Bull: the job name added (`null`: none), undefined when unreadable. */
  readonly jobName?: string | null | undefined;
}

export interface NamedQueueFact {
  readonly name: string;
  readonly deadLetter: string | undefined;
  readonly hasOptions: boolean;
  readonly plainOptions: boolean;
  /** Retry options set in the queue's options (per-job report), by option name. */
  readonly retry: Readonly<Record<string, { readonly value: number | string; readonly at: Location }>>;
}

const WHAT: Record<Group, string> = {
  bullmq: 'queue',
  bull: 'queue',
  'pg-boss': 'job',
  'graphile-worker': 'task',
  'trigger-dev': 'task',
  inngest: 'event',
};

const TITLE: Record<Group, string> = {
  bullmq: 'BullMQ',
  bull: 'Bull',
  'pg-boss': 'pg-boss',
  'graphile-worker': 'graphile-worker',
  'trigger-dev': 'Trigger.dev',
  inngest: 'Inngest',
};

function groupOf(frameworkId: string): Group | undefined {
  if (frameworkId === 'bullmq' || frameworkId === 'nestjs-bullmq') return 'bullmq';
  // Bull queues are not BullMQ's (different Redis layout), so they are matched among themselves.
  if (frameworkId === 'bull' || frameworkId === 'nestjs-bull') return 'bull';
  if (frameworkId === 'pg-boss' || frameworkId === 'graphile-worker' || frameworkId === 'trigger-dev' || frameworkId === 'inngest') return frameworkId;
  return undefined;
}

/** A question for the type checker: do these payloads fit the handler's declared payload type? */
export interface PayloadRequest {
  /** Index (in the merged consumer list) of the handler. */
  readonly consumer: number;
  /** The `fn` key of the handler and the `site` file, to find it again in the thread that analysed it. */
  readonly fn: string;
  readonly payloads: readonly string[];
}

/** Per payload compared in order, until the checker failed: a mismatch or undefined. */
export type PayloadAnswer = readonly ({ readonly actual: string; readonly expected: string } | undefined)[];

/** The facts of one model (one analysed file) for the project rules and the per-job report. */
export function collectProjectFacts(
  model: FileModel,
  locate: (node: TS.Node) => NodeRef,
  describeProducer: (model: FileModel, call: TS.CallExpression | TS.NewExpression) => ProducerDetail,
  retryOptions: readonly string[],
): ProjectFacts {
  const ts = model.context.ts;
  const consumers: ConsumerFact[] = [];
  for (const handler of model.handlers) {
    const consumer = consumerOf(model, handler);
    if (!consumer) continue;
    consumers.push({
      group: consumer.group,
      keys: consumer.keys,
      scheduled: consumer.scheduled,
      fn: nodeKey(handler.fn),
      site: locate(handler.site),
      job: jobLabel(model, handler),
      name: handler.name,
      frameworkId: handler.framework.id,
      namedQueues: handler.framework.namedQueues !== undefined,
      nestFailedHandler: consumer.group === 'bullmq' && hasNestFailedHandler(model, handler),
      declaresPayload: model.context.checker !== undefined && declaredPayloadType(ts, handler) !== undefined,
      ...(consumer.group === 'bull' ? { jobName: bullProcessorJob(model, handler) } : {}),
    });
  }
  const producers: ProducerFact[] = [];
  for (const site of model.enqueues) {
    for (const producer of producersOf(model, site)) {
      producers.push({
        group: producer.group,
        key: producer.key,
        scheduled: producer.scheduled,
        at: locate(producer.node),
        payload: producer.payload ? locate(producer.payload) : undefined,
        detail: describeProducer(model, producer.node as TS.CallExpression | TS.NewExpression),
        ...(producer.group === 'bull' ? { jobName: producer.jobName } : {}),
      });
    }
  }
  const namedQueues: NamedQueueFact[] = [...collectNamedQueues([model]).values()].map((queue) => {
    const retry: Record<string, { value: number | string; at: Location }> = {};
    for (const option of retryOptions) {
      const set = queue.options ? readOption(ts, queue.options, option) : undefined;
      if (set?.state !== 'set') continue;
      const { file, line, column } = locate(set.property);
      retry[option] = { value: numberValue(ts, set.value) ?? set.value.getText(set.value.getSourceFile()), at: { file, line, column } };
    }
    return {
      name: queue.name,
      deadLetter: queue.deadLetter,
      hasOptions: queue.options !== undefined,
      plainOptions: queue.options !== undefined && isPlainObject(ts, queue.options),
      retry,
    };
  });
  const listened = failedListeners([model]);
  return {
    consumers,
    producers,
    namedQueues,
    awaited: [...awaitedEvents([model])],
    listeners: { sites: [...listened.sites].map(nodeKey), queues: [...listened.queues], unknownReceivers: listened.unknownReceivers, bull: bullFailedListeners(model) },
  };
}

/** The facts of every file, in file order, as one project. */
export interface MergedFacts {
  /** Every handler once (by its function), first file first. */
  readonly consumers: readonly ConsumerFact[];
  readonly producers: readonly ProducerFact[];
  /** pg-boss `createQueue` calls by name (the last one wins). */
  readonly namedQueues: ReadonlyMap<string, NamedQueueFact>;
  readonly awaited: ReadonlySet<string>;
  readonly listeners: { readonly sites: ReadonlySet<string>; readonly queues: ReadonlySet<string>; readonly unknownReceivers: boolean; readonly bull: BullListeners };
}

export function mergeFacts(list: readonly ProjectFacts[]): MergedFacts {
  const consumers: ConsumerFact[] = [];
  const seen = new Set<string>();
  const namedQueues = new Map<string, NamedQueueFact>();
  const awaited = new Set<string>();
  const sites = new Set<string>();
  const queues = new Set<string>();
  let unknownReceivers = false;
  const bullQueues = new Set<string>();
  let bullUnknown = false;
  for (const facts of list) {
    for (const consumer of facts.consumers) {
      if (seen.has(consumer.fn)) continue;
      seen.add(consumer.fn);
      consumers.push(consumer);
    }
    for (const queue of facts.namedQueues) namedQueues.set(queue.name, queue);
    for (const event of facts.awaited) awaited.add(event);
    for (const site of facts.listeners.sites) sites.add(site);
    for (const queue of facts.listeners.queues) queues.add(queue);
    unknownReceivers ||= facts.listeners.unknownReceivers;
    for (const queue of facts.listeners.bull.queues) bullQueues.add(queue);
    bullUnknown ||= facts.listeners.bull.unknown;
  }
  return {
    consumers,
    producers: list.flatMap((facts) => facts.producers),
    namedQueues,
    awaited,
    listeners: { sites, queues, unknownReceivers, bull: { queues: [...bullQueues], unknown: bullUnknown } },
  };
}

/** The payload comparisons the type checker must answer before `judgeProject` (handlers that declare a payload type). */
export function payloadRequests(facts: MergedFacts): PayloadRequest[] {
  const requests: PayloadRequest[] = [];
  for (const [index, consumer] of facts.consumers.entries()) {
    if (consumer.group !== 'bullmq' && consumer.group !== 'pg-boss') continue;
    const name = consumer.keys[0];
    if (name === undefined || !consumer.declaresPayload) continue;
    const payloads = facts.producers
      .filter((producer) => producer.group === consumer.group && producer.key === name && producer.payload)
      .map((producer) => producer.payload!.key);
    requests.push({ consumer: index, fn: consumer.fn, payloads });
  }
  return requests;
}

/** Answers a payload request with the type checker of the thread that analysed the handler. */
export function comparePayloads(model: FileModel, handler: Handler, payloads: readonly (TS.Expression | undefined)[]): PayloadAnswer {
  const ts = model.context.ts;
  const checker = model.context.checker;
  const expectedNode = declaredPayloadType(ts, handler);
  const answers: ({ actual: string; expected: string } | undefined)[] = [];
  if (!checker || !expectedNode) return answers;
  try {
    const expected = checker.getTypeFromTypeNode(expectedNode);
    if (isOpen(ts, expected)) return payloads.map(() => undefined);
    for (const payload of payloads) {
      if (!payload) break; // a file this thread does not have: compared no further
      const actual = checker.getTypeAtLocation(payload);
      if (isOpen(ts, actual) || checker.isTypeAssignableTo(actual, expected)) answers.push(undefined);
      else answers.push({ actual: checker.typeToString(actual), expected: checker.typeToString(expected) });
    }
  } catch {
    // a type the checker cannot build is not compared
  }
  return answers;
}

/** Both project rules over the facts of every analysed file. */
export function judgeProject(facts: MergedFacts, answers: ReadonlyMap<number, PayloadAnswer>): ProjectFinding[] {
  return [
    ...orphans(facts),
    ...payloadMismatches(facts, answers),
    ...failureHandlers(facts),
  ];
}

/** For every handler (by its `fn` key), the enqueue sites routed to it by name or queue. */
export function enqueueRoutes(facts: MergedFacts): Map<string, ProducerFact[]> {
  const routes = new Map<string, ProducerFact[]>();
  for (const consumer of facts.consumers) {
    const keys = new Set(consumer.keys.filter((key): key is string => key !== undefined));
    const seen = new Set<string>();
    const calls: ProducerFact[] = [];
    for (const producer of facts.producers) {
      if (producer.group !== consumer.group || producer.key === undefined || !keys.has(producer.key) || seen.has(producer.at.key)) continue;
      if (consumer.group === 'bull' && !bullJobRoutes(consumer.jobName, producer.jobName)) continue;
      seen.add(producer.at.key);
      calls.push(producer);
    }
    routes.set(consumer.fn, calls);
  }
  return routes;
}

function consumerOf(model: FileModel, handler: Handler): Consumer | undefined {
  const group = groupOf(handler.framework.id);
  if (!group) return undefined;
  const ts = model.context.ts;
  if (group === 'inngest') {
    // createFunction({ id, triggers: [{ event }] | { cron } }, fn) or v3 createFunction(config, trigger, fn)
    const call = handler.site as TS.CallExpression;
    const triggers = [propertyValue(ts, call.arguments[0]!, 'triggers'), call.arguments.length > 2 ? call.arguments[1] : undefined];
    const keys: (string | undefined)[] = [];
    let scheduled = false;
    for (const value of triggers) {
      if (!value) continue;
      const inner = unwrap(ts, value);
      const items = ts.isArrayLiteralExpression(inner) ? inner.elements : [inner];
      for (const item of items) {
        if (propertyValue(ts, item, 'cron')) scheduled = true;
        const event = propertyValue(ts, item, 'event');
        if (event) keys.push(stringValue(ts, event));
      }
    }
    return { group, keys, handler, model, scheduled };
  }
  // Bull routes to a queue, then by job name within it: orphans are judged per queue.
  if (group === 'bull') return { group, keys: [handler.queue], handler, model, scheduled: false };
  const scheduled =
    group === 'trigger-dev' && 'call' in handler.spec && 'export' in handler.spec.call && handler.spec.call.export.endsWith('#schedules');
  return { group, keys: [handler.name], handler, model, scheduled };
}

function producersOf(model: FileModel, site: FileModel['enqueues'][number]): Producer[] {
  const group = groupOf(site.framework.id);
  if (!group) return [];
  const ts = model.context.ts;
  const resolver = model.resolver.forFile(site.call.getSourceFile());
  const scheduled = site.spec.scheduler === true;
  if (group === 'bullmq') {
    // Any call on a queue instance (add, addBulk, upsertJobScheduler) goes to the queue it was built as.
    const spec = site.spec.queueDefinition ?? site.framework.enqueues.find((enqueue) => enqueue.queueDefinition)?.queueDefinition;
    const onQueue = spec && queueDefinitionOf(resolver, site.call, spec);
    const payload = site.spec.payloadArg === undefined ? undefined : site.call.arguments?.[site.spec.payloadArg];
    if (onQueue || site.spec.queueDefinition) return [{ group, key: onQueue ? onQueue.name : undefined, node: site.call, scheduled, payload }];
    const flow = site.call.arguments?.[0];
    const queueName = flow ? stringValue(ts, propertyValue(ts, flow, 'queueName')) : undefined;
    return [{ group, key: queueName, node: site.call, scheduled }];
  }
  if (group === 'bull') return bullProducers(model, site);
  if (group === 'inngest') {
    const payload = site.spec.payloadArg === undefined ? undefined : site.call.arguments?.[site.spec.payloadArg];
    if (!payload) return [{ group, key: undefined, node: site.call, scheduled }];
    const inner = unwrap(ts, payload);
    const items = ts.isArrayLiteralExpression(inner) ? inner.elements : [inner];
    return items.map((item) => ({ group, key: stringValue(ts, propertyValue(ts, item, 'name')), node: site.call, scheduled }));
  }
  if (group === 'trigger-dev' && site.name === undefined) {
    // `sendReport.trigger(…)` holds the task itself: it is referenced, whatever its id.
    const callee = site.call.expression;
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    const id = receiver ? taskIdOf(model, receiver) : undefined;
    return [{ group, key: id, node: site.call, scheduled }];
  }
  const payload = site.spec.payloadArg === undefined ? undefined : site.call.arguments?.[site.spec.payloadArg];
  return [{ group, key: site.name, node: site.call, scheduled, payload }];
}

/**
 * A Bull enqueue (`queue.add([name,] data, opts)`, `addBulk`) goes to the queue its receiver was built
 * as (`new Queue('emails')`, `Bull('emails')`) or injected as (`@InjectQueue('emails')`). An add with
 * `repeat` schedules the queue's jobs.
 */
function bullProducers(model: FileModel, site: FileModel['enqueues'][number]): Producer[] {
  const ts = model.context.ts;
  const resolver = model.resolver.forFile(site.call.getSourceFile());
  const spec = site.spec.queueDefinition;
  const callee = site.call.expression;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const key =
    (spec ? queueDefinitionOf(resolver, site.call, spec)?.name : undefined) ??
    (receiver ? injectedQueueName(resolver, receiver, 'bull#Queue') : undefined);
  const scheduled = jobsOf(model, site).some((job) => job.options !== undefined && job.options !== 'unknown' && readOption(ts, job.options, 'repeat').state === 'set');
  return [{ group: 'bull', key, node: site.call, scheduled, jobName: bullAddedJob(ts, site) }];
}

/** The job name a Bull `add` passes: a literal name, `null` when the data comes first, undefined when unreadable (or `addBulk`). */
function bullAddedJob(ts: typeof TS, site: FileModel['enqueues'][number]): string | null | undefined {
  if (site.spec.bulk || !site.spec.optionalName) return undefined;
  const first = site.call.arguments?.[0];
  if (!first) return undefined;
  const inner = unwrap(ts, first);
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return null;
  return site.name;
}

/**
 * The job name a Bull processor registers for: `process('welcome', fn)` or `@Process('welcome')` /
 * `@Process({ name })`; `null` for `process(fn)`, `process(2, fn)` or `@Process()`.
 */
function bullProcessorJob(model: FileModel, handler: Handler): string | null | undefined {
  const ts = model.context.ts;
  const site = handler.site;
  if (ts.isCallExpression(site)) {
    const first = site.arguments[0];
    if (!first || site.arguments.length < 2) return null;
    const inner = unwrap(ts, first);
    if (ts.isNumericLiteral(inner)) return null;
    return constantString(model.resolver.forFile(site.getSourceFile()), inner);
  }
  if (ts.isMethodDeclaration(handler.fn)) {
    for (const decorator of ts.getDecorators(handler.fn) ?? []) {
      if (!ts.isCallExpression(decorator.expression)) continue;
      const resolved = model.resolver.resolve(decorator.expression.expression);
      if (resolved?.kind !== 'export' || resolved.base !== '@nestjs/bull#Process') continue;
      const first = decorator.expression.arguments[0];
      if (!first) return null;
      const named = nameArgument(ts, decorator);
      if (named !== undefined) return named;
      // `{ concurrency: 2 }` names no job; a name the analysis cannot read (or a spread) may be any.
      const inner = unwrap(ts, first);
      if (!ts.isObjectLiteralExpression(inner) || inner.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
      return propertyValue(ts, inner, 'name') ? undefined : null;
    }
  }
  return undefined;
}

/** Whether a Bull add of job `added` reaches a processor of job `processed` in the same queue (unreadable names may). */
function bullJobRoutes(processed: string | null | undefined, added: string | null | undefined): boolean {
  if (processed === undefined || added === undefined || processed === '*') return true;
  return processed === added;
}

/** The `id` of the `task({ id })` a Trigger.dev task value was built by, through a const or an import. */
function taskIdOf(model: FileModel, receiver: TS.Expression): string | undefined {
  const ts = model.context.ts;
  const site = constructionSite(model.resolver.forFile(receiver.getSourceFile()), receiver);
  const options = site?.arguments?.[0];
  return options ? stringValue(ts, propertyValue(ts, options, 'id')) : undefined;
}

export interface NamedQueue {
  readonly name: string;
  readonly call: TS.CallExpression;
  readonly options: TS.Expression | undefined;
  readonly deadLetter: string | undefined;
}

/** pg-boss `createQueue(name, options)` calls in the project, by queue name. */
export function collectNamedQueues(models: readonly FileModel[]): Map<string, NamedQueue> {
  const queues = new Map<string, NamedQueue>();
  for (const model of models) {
    const ts = model.context.ts;
    for (const entry of model.context.catalogue.entries) {
      if (entry.kind !== 'framework' || !entry.namedQueues) continue;
      const spec = entry.namedQueues;
      const pattern = parseTarget(spec.call);
      for (const node of model.calls) {
        if (ts.isCallExpression(node) && calleeMayMatch(ts, node.expression, pattern)) {
          const callee = model.resolver.resolve(node.expression);
          const target = 'instance' in spec.call ? spec.call.instance : spec.call.export;
          if (callee && callee.base === target && callee.path.join('.') === (spec.call.path ?? '')) {
            const name = stringValue(ts, node.arguments[spec.nameArg]);
            const options = node.arguments[spec.optionsArg];
            if (name !== undefined) {
              const deadLetter = options ? stringValue(ts, propertyValue(ts, options, 'deadLetter')) : undefined;
              queues.set(name, { name, call: node, options, deadLetter });
            }
          }
        }
      }
    }
  }
  return queues;
}

/**
 * Inngest events that are consumed without triggering a function: awaited by
 * `step.waitForEvent(id, { event })` or cancelling one through `cancelOn: [{ event }]`.
 */
function awaitedEvents(models: readonly FileModel[]): Set<string> {
  const events = new Set<string>();
  for (const model of models) {
    const ts = model.context.ts;
    for (const node of model.calls) {
      const member = ts.isCallExpression(node) ? memberName(ts, node.expression) : undefined;
      if (ts.isCallExpression(node) && (member === undefined || member === 'waitForEvent' || member === 'createFunction')) {
        const callee = model.resolver.resolve(node.expression);
        if (callee?.kind === 'instance' && callee.base === 'inngest#Step' && callee.path.join('.') === 'waitForEvent') {
          const event = node.arguments[1] ? stringValue(ts, propertyValue(ts, node.arguments[1], 'event')) : undefined;
          if (event) events.add(event);
        }
        if (callee?.kind === 'instance' && callee.base === 'inngest#Inngest' && callee.path.join('.') === 'createFunction' && node.arguments[0]) {
          const cancelOn = propertyValue(ts, node.arguments[0], 'cancelOn');
          const list = cancelOn ? unwrap(ts, cancelOn) : undefined;
          for (const item of list && ts.isArrayLiteralExpression(list) ? list.elements : []) {
            const event = stringValue(ts, propertyValue(ts, item, 'event'));
            if (event) events.add(event);
          }
        }
      }
    }
  }
  return events;
}

function orphans(facts: MergedFacts): ProjectFinding[] {
  const { consumers, producers, namedQueues, awaited } = facts;
  const findings: ProjectFinding[] = [];
  const deadLetters = new Set([...namedQueues.values()].map((queue) => queue.deadLetter).filter((name): name is string => name !== undefined));
  for (const group of ['bullmq', 'pg-boss', 'graphile-worker', 'trigger-dev', 'inngest', 'bull'] as const) {
    const groupConsumers = consumers.filter((consumer) => consumer.group === group);
    const groupProducers = producers.filter((producer) => producer.group === group);
    const handled = new Set(groupConsumers.flatMap((consumer) => consumer.keys));
    const produced = new Set(groupProducers.map((producer) => producer.key));
    // A name the analysis cannot read could be any name: then nothing in that direction is reported.
    const consumersKnown = !handled.has(undefined);
    const producersKnown = !produced.has(undefined);
    if (consumersKnown && groupConsumers.length > 0) {
      for (const producer of groupProducers) {
        if (producer.key === undefined || handled.has(producer.key) || deadLetters.has(producer.key)) continue;
        if (group === 'inngest' && awaited.has(producer.key)) continue; // awaited by a step or cancelling a run
        findings.push({
          rule: 'no-orphan-job',
          messageId: 'noHandler',
          data: { framework: TITLE[group], what: WHAT[group], name: producer.key },
          at: producer.at,
        });
      }
    }
    // Only when the analysed code enqueues for this framework at all: a worker-only package (its
    // producers live in another service) is not a project of orphans.
    if (producersKnown && groupProducers.length > 0) {
      for (const consumer of groupConsumers) {
        if (consumer.scheduled || consumer.keys.length === 0) continue;
        const keys = consumer.keys.filter((key): key is string => key !== undefined);
        if (keys.length !== consumer.keys.length) continue;
        if (keys.some((key) => produced.has(key) || deadLetters.has(key))) continue;
        const job = consumer.job;
        findings.push({
          rule: 'no-orphan-job',
          messageId: 'neverEnqueued',
          data: { job, what: WHAT[group], name: keys.join("', '") },
          at: consumer.site,
          job,
        });
      }
    }
  }
  return findings;
}

/**
 * With type information (the analyzer always has it): a payload whose type the handler's declared
 * payload type does not accept. Only where the handler states its type (`job: Job<T>`,
 * `new Worker<T>`, `boss.work<T>`) and neither side is `any` or `unknown`.
 */
function payloadMismatches(facts: MergedFacts, answers: ReadonlyMap<number, PayloadAnswer>): ProjectFinding[] {
  const findings: ProjectFinding[] = [];
  for (const request of payloadRequests(facts)) {
    const consumer = facts.consumers[request.consumer]!;
    const name = consumer.keys[0]!;
    const payloads = facts.producers.filter((producer) => producer.group === consumer.group && producer.key === name && producer.payload);
    for (const [index, answer] of (answers.get(request.consumer) ?? []).entries()) {
      if (!answer) continue;
      findings.push({
        rule: 'no-orphan-job',
        messageId: 'payloadMismatch',
        data: { what: WHAT[consumer.group], name, job: consumer.job, actual: answer.actual, expected: answer.expected },
        at: payloads[index]!.payload!,
        job: consumer.job,
      });
    }
  }
  return findings;
}

/** The payload type a handler declares: `Job<T>` on its first parameter (or `[job]: Job<T>[]`), or `new Worker<T>` / `work<T>`. */
function declaredPayloadType(ts: typeof TS, handler: Handler): TS.TypeNode | undefined {
  const site = handler.site;
  if ((ts.isNewExpression(site) || ts.isCallExpression(site)) && site.typeArguments?.length) return site.typeArguments[0];
  const parameter = handler.fn.parameters[0];
  let type = parameter?.type;
  if (type && ts.isArrayTypeNode(type)) type = type.elementType;
  if (type && ts.isTypeReferenceNode(type) && type.typeArguments?.length) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === 'Job' || name === 'SandboxedJob' || name === 'JobWithMetadata') return type.typeArguments[0];
  }
  return undefined;
}

function isOpen(ts: typeof TS, type: TS.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

function failureHandlers(facts: MergedFacts): ProjectFinding[] {
  const { consumers, namedQueues, listeners: listened } = facts;
  const findings: ProjectFinding[] = [];
  const deadLetters = new Set([...namedQueues.values()].map((queue) => queue.deadLetter));
  for (const consumer of consumers) {
    const name = consumer.name;
    const job = consumer.job;
    if (consumer.group === 'bullmq') {
      if (name === undefined) continue;
      if (listened.queues.has(name) || listened.sites.has(consumer.site.key) || consumer.nestFailedHandler) continue;
      if (listened.unknownReceivers) continue; // a listener on a worker the analysis cannot place
      findings.push({ rule: 'require-failure-handler', messageId: 'noFailedListener', data: { job, name }, at: consumer.site, job });
    } else if (consumer.group === 'bull') {
      const queue = consumer.keys[0];
      if (queue === undefined || listened.bull.queues.includes(queue)) continue;
      if (listened.bull.unknown) continue; // a listener on a queue the analysis cannot name
      findings.push({ rule: 'require-failure-handler', messageId: 'noQueueFailedListener', data: { job, name: queue }, at: consumer.site, job });
    } else if (consumer.frameworkId === 'pg-boss') {
      if (name === undefined || deadLetters.has(name)) continue; // the dead-letter queue itself
      const queue = namedQueues.get(name);
      if (!queue || queue.deadLetter !== undefined) continue;
      if (queue.hasOptions && !queue.plainOptions) continue;
      findings.push({ rule: 'require-failure-handler', messageId: 'noDeadLetter', data: { job, name }, at: consumer.site, job });
    }
  }
  return findings;
}

function isPlainObject(ts: typeof TS, expression: TS.Expression): boolean {
  const inner = unwrap(ts, expression);
  return ts.isObjectLiteralExpression(inner) && !inner.properties.some((property) => ts.isSpreadAssignment(property));
}

/**
 * `x.on('failed', …)` calls in the project: on a BullMQ worker (matched to its `new Worker` site) or
 * on `QueueEvents` (matched to its queue name).
 */
function failedListeners(models: readonly FileModel[]): { sites: Set<TS.Node>; queues: Set<string>; unknownReceivers: boolean } {
  const sites = new Set<TS.Node>();
  const queues = new Set<string>();
  let unknownReceivers = false;
  for (const model of models) {
    const ts = model.context.ts;
    const visit = (node: TS.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        (node.expression.name.text === 'on' || node.expression.name.text === 'once') &&
        stringValue(ts, node.arguments[0]) === 'failed'
      ) {
        const receiver = node.expression.expression;
        const resolved = model.resolver.resolve(receiver);
        const origin = constructionOf(ts, model, receiver);
        if (resolved?.kind === 'instance' && resolved.base === 'bullmq#Worker' && origin) sites.add(origin);
        else if (origin && ts.isNewExpression(origin) && model.resolver.resolve(origin.expression)?.base === 'bullmq#QueueEvents') {
          const queue = stringValue(ts, origin.arguments?.[0]);
          if (queue !== undefined) queues.add(queue);
          else unknownReceivers = true;
        } else if (resolved?.kind === 'instance' && resolved.base === 'bullmq#Worker') unknownReceivers = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(model.context.sourceFile);
  }
  return { sites, queues, unknownReceivers };
}

/** Bull queues with a `failed` or `global:failed` listener, by name; `unknown` when a listened queue has no name the analysis can read. */
export interface BullListeners {
  readonly queues: readonly string[];
  readonly unknown: boolean;
}

const BULL_FAILED_EVENTS = new Set(['failed', 'global:failed']);
const NEST_BULL_FAILED = new Set(['@nestjs/bull#OnQueueFailed', '@nestjs/bull#OnGlobalQueueFailed']);
const NEST_BULL_EVENT = '@nestjs/bull#OnQueueEvent';

/**
 * Failure listeners of Bull queues in a file, by queue name: `queue.on('failed' | 'global:failed', …)`
 * on a queue built as `new Queue('emails')` / `Bull('emails')` or injected with `@InjectQueue('emails')`,
 * and NestJS `@OnQueueFailed()`, `@OnGlobalQueueFailed()` or `@OnQueueEvent('failed')` methods of a
 * `@Processor('emails')` class (any such class of the queue, with or without `@Process` methods).
 */
function bullFailedListeners(model: FileModel): BullListeners {
  const ts = model.context.ts;
  const queues = new Set<string>();
  let unknown = false;
  const add = (name: string | undefined): void => {
    if (name === undefined) unknown = true;
    else queues.add(name);
  };
  const definition = model.context.catalogue.entries
    .flatMap((entry) => (entry.kind === 'framework' && entry.id === 'bull' ? entry.enqueues : []))
    .find((spec) => spec.queueDefinition)?.queueDefinition;
  for (const node of model.calls) {
    if (!ts.isCallExpression(node)) continue;
    const resolver = model.resolver.forFile(node.getSourceFile());
    if (ts.isDecorator(node.parent)) {
      const resolved = resolver.resolve(node.expression);
      if (resolved?.kind !== 'export' || resolved.path.length !== 0) continue;
      const failed = NEST_BULL_FAILED.has(resolved.base) || (resolved.base === NEST_BULL_EVENT && mayBeFailedEvent(ts, node.arguments[0]));
      // NestJS registers these only in a `@Processor` class; one whose queue has no readable name could be any queue's.
      const processor = failed ? processorOf(model, node.parent) : undefined;
      if (processor) add(processor.queue);
      continue;
    }
    if (
      !ts.isPropertyAccessExpression(node.expression) ||
      (node.expression.name.text !== 'on' && node.expression.name.text !== 'once') ||
      !BULL_FAILED_EVENTS.has(stringValue(ts, node.arguments[0]) ?? '')
    ) {
      continue;
    }
    const receiver = node.expression.expression;
    const resolved = resolver.resolve(receiver);
    if (resolved?.kind !== 'instance' || resolved.base !== 'bull#Queue' || resolved.path.length !== 0) continue;
    add((definition ? queueDefinitionOf(resolver, node, definition)?.name : undefined) ?? injectedQueueName(resolver, receiver, 'bull#Queue'));
  }
  return { queues: [...queues], unknown };
}

/**
 * Whether a NestJS Bull `@OnQueueEvent(...)` argument may name the failed event: `'failed'`,
 * `'global:failed'`, `BullQueueEvents.FAILED`, `{ eventName: … }` of those, or anything unreadable.
 */
function mayBeFailedEvent(ts: typeof TS, argument: TS.Expression | undefined): boolean {
  if (!argument) return false;
  let value: TS.Expression | undefined = argument;
  const inner = unwrap(ts, argument);
  if (ts.isObjectLiteralExpression(inner)) value = propertyValue(ts, inner, 'eventName');
  if (!value) return !ts.isObjectLiteralExpression(inner) || inner.properties.some((p) => ts.isSpreadAssignment(p));
  const text = stringValue(ts, value);
  if (text !== undefined) return BULL_FAILED_EVENTS.has(text);
  const member = unwrap(ts, value);
  if (ts.isPropertyAccessExpression(member)) return member.name.text === 'FAILED';
  return true;
}

/** The NestJS Bull `@Processor(name)` class a method decorator sits in, with its queue name if literal. */
function processorOf(model: FileModel, decorator: TS.Decorator): { readonly queue: string | undefined } | undefined {
  const ts = model.context.ts;
  const cls = decorator.parent?.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  for (const classDecorator of ts.getDecorators(cls) ?? []) {
    const expression = classDecorator.expression;
    if (!ts.isCallExpression(expression)) continue;
    const resolved = model.resolver.resolve(expression.expression);
    if (resolved?.kind !== 'export' || resolved.path.length !== 0 || resolved.base !== '@nestjs/bull#Processor') continue;
    const first = expression.arguments[0];
    return { queue: stringValue(ts, first) ?? (first ? stringValue(ts, propertyValue(ts, first, 'name')) : undefined) };
  }
  return undefined;
}

/** The `new X(…)` a receiver was built by: itself, or a `const` initialised with it. */
function constructionOf(ts: typeof TS, model: FileModel, receiver: TS.Expression): TS.Node | undefined {
  const site = constructionSite(model.resolver.forFile(receiver.getSourceFile()), receiver);
  return site && ts.isNewExpression(site) ? site : undefined;
}

/** NestJS: a `@OnWorkerEvent('failed')` method in the processor class. */
function hasNestFailedHandler(model: FileModel, handler: Handler): boolean {
  const ts = model.context.ts;
  const cls = handler.site;
  if (!ts.isClassLike(cls)) return false;
  return cls.members.some((member) =>
    (ts.getDecorators(member as TS.HasDecorators) ?? []).some((decorator) => {
      const expression = decorator.expression;
      if (!ts.isCallExpression(expression)) return false;
      const resolved = model.resolver.resolve(expression.expression);
      return resolved?.base === '@nestjs/bullmq#OnWorkerEvent' && stringValue(ts, expression.arguments[0]) === 'failed';
    }),
  );
}
