/**
 * Where a job's policy (retries, time bounds) is written, per the framework's catalogue facts:
 * the options of each enqueue (plus the queue's `defaultJobOptions` when its construction is
 * visible), the options argument of the handler registration, or a separate call (`proxyActivities`).
 * Shared by require-retry-policy and require-job-timeout.
 */
import type * as TS from 'typescript';
import type { JobFramework, RetryFacts, Target } from '../catalogue/types.js';
import { parseTarget, matchPath } from '../analysis/catalogue.js';
import { queueDefinitionOf, type QueueDefinition } from '../analysis/definitions.js';
import type { FileModel } from '../analysis/model.js';
import { calleeMayMatch } from '../analysis/resolve.js';
import { stringValue, unwrap } from '../analysis/syntax.js';
import { addOptions, builderMethods, calleeOf, jobsOf, readOption, type JobOptions } from './options.js';
import { literalObject } from '../analysis/model.js';
import type { TextEdit } from './types.js';

export interface PolicySite {
  readonly framework: JobFramework;
  /** Where a finding about a missing setting is reported. */
  readonly node: TS.Node;
  /** "job 'send-receipt'", "this job", "activities proxied here". */
  readonly job: string;
  /** The job's own options (undefined: none; 'unknown': hidden). */
  readonly options: JobOptions;
  /** The queue the job goes to, when its construction is visible. */
  readonly queue?: QueueDefinition | undefined;
  /** A builder chain (`createJob(d).retries(2)`): its method calls. */
  readonly builder?: { readonly call: TS.CallExpression | TS.NewExpression; readonly methods: ReadonlyMap<string, TS.CallExpression> };
  /** Is the enqueue a queue whose defaults may live elsewhere (an instance queue with a definition spec)? */
  readonly queueDefaultsPossible: boolean;
  /** Property of the queue options holding the job defaults (`defaultJobOptions`). */
  readonly defaultsProperty?: string | undefined;
}

export function policySites(model: FileModel, framework: JobFramework, at: RetryFacts['at'], builderMethod: boolean): PolicySite[] {
  const ts = model.context.ts;
  const sites: PolicySite[] = [];
  if (at.kind === 'enqueue') {
    for (const site of model.enqueues) {
      if (site.framework !== framework || site.spec.memoised || site.spec.scheduler) continue;
      const job = site.name !== undefined ? `job '${site.name}'` : 'this job';
      if (builderMethod) {
        if (!site.spec.builder) continue;
        const { methods, decided } = builderMethods(ts, site.call);
        if (!decided) continue;
        sites.push({ framework, node: site.call, job, options: { node: site.call, options: 'unknown', payload: undefined }, builder: { call: site.call, methods }, queueDefaultsPossible: false });
        continue;
      }
      if (site.spec.builder) continue;
      const named = framework.namedQueues && site.name !== undefined ? namedQueue(model, framework, site.name) : undefined;
      const queue = named ?? (site.spec.queueDefinition ? queueDefinitionOf(model.resolver, site.call, site.spec.queueDefinition) : undefined);
      // FlowProducer `add(flow, { queuesOptions })`: per-queue defaults the job options do not show.
      const hiddenDefaults = site.spec.optionsPath !== undefined && (site.call.arguments?.length ?? 0) > (site.spec.optionsArg ?? 0) + 1;
      for (const options of jobsOf(model, site)) {
        if (hiddenDefaults) continue;
        sites.push({
          framework,
          node: options.node,
          job,
          options,
          queue,
          queueDefaultsPossible: named !== undefined || site.spec.queueDefinition !== undefined,
          defaultsProperty: named ? '' : site.spec.queueDefinition?.defaultsProperty,
        });
      }
    }
  } else if (at.kind === 'handler') {
    const seen = new Set<TS.Node>();
    for (const handler of model.handlers) {
      if (handler.framework !== framework) continue;
      const call = handler.site;
      if (seen.has(call) || !(ts.isCallExpression(call) || ts.isNewExpression(call))) continue;
      seen.add(call);
      const argument = call.arguments?.[at.arg];
      const job = handler.name !== undefined ? `job '${handler.name}'` : 'this job';
      const options: JobOptions = argument
        ? { node: call, options: literalObject(ts, argument) ?? 'unknown', payload: undefined }
        : { node: call, options: undefined, insert: { call, arg: at.arg }, payload: undefined };
      sites.push({ framework, node: call, job, options, queueDefaultsPossible: false });
    }
  } else if (at.kind === 'handler-entry') {
    for (const handler of model.handlers) {
      if (handler.framework !== framework) continue;
      // `{ perform: async () => … }` or `{ async perform() {} }`: the object literal around the function.
      let entry: TS.Node | undefined = handler.fn.parent;
      if (entry && ts.isPropertyAssignment(entry)) entry = entry.parent;
      if (!entry || !ts.isObjectLiteralExpression(entry)) continue;
      const job = handler.name !== undefined ? `job '${handler.name}'` : 'this job';
      sites.push({ framework, node: handler.site, job, options: { node: handler.site, options: entry, payload: undefined }, queueDefaultsPossible: false });
    }
  } else {
    for (const call of [at.call, ...(at.alsoCalls ?? [])].flatMap((target) => callsTo(model, target))) {
      const argument = call.arguments[at.arg];
      const options: JobOptions = argument
        ? { node: call, options: literalObject(ts, argument) ?? 'unknown', payload: undefined }
        : { node: call, options: undefined, insert: { call, arg: at.arg }, payload: undefined };
      sites.push({ framework, node: call, job: `the activities proxied by \`${calleeOf(model, call)}\``, options, queueDefaultsPossible: false });
    }
  }
  return sites;
}

/** Queues created by name in this file (pg-boss `createQueue`), as policy sites of their own. */
export function namedQueueSites(model: FileModel, framework: JobFramework): PolicySite[] {
  const ts = model.context.ts;
  const spec = framework.namedQueues;
  if (!spec) return [];
  return callsTo(model, spec.call).map((call) => {
    const name = stringValue(ts, call.arguments[spec.nameArg]);
    const argument = call.arguments[spec.optionsArg];
    const options: JobOptions = argument
      ? { node: call, options: literalObject(ts, argument) ?? 'unknown', payload: undefined }
      : { node: call, options: undefined, insert: { call, arg: spec.optionsArg }, payload: undefined };
    return { framework, node: call, job: name !== undefined ? `the jobs of queue \`${name}\`` : 'the jobs of this queue', options, queueDefaultsPossible: false };
  });
}

/** The `createQueue(name, opts)` of this file for a queue name, if there is exactly one. */
function namedQueue(model: FileModel, framework: JobFramework, name: string): QueueDefinition | undefined {
  const ts = model.context.ts;
  const spec = framework.namedQueues!;
  const matches = callsTo(model, spec.call).filter((call) => stringValue(ts, call.arguments[spec.nameArg]) === name);
  if (matches.length !== 1) return undefined;
  const call = matches[0]!;
  const argument = call.arguments[spec.optionsArg];
  const options = argument ? (literalObject(ts, argument) ?? 'unknown') : undefined;
  return { call, name, options, optionsIndex: spec.optionsArg, foreign: false, label: `\`${name}\`` };
}

/** Calls of this file whose callee resolves to `target`. */
export function callsTo(model: FileModel, target: Target): TS.CallExpression[] {
  const ts = model.context.ts;
  const pattern = parseTarget(target);
  const found: TS.CallExpression[] = [];
  for (const node of model.calls) {
    if (ts.isCallExpression(node) && calleeMayMatch(ts, node.expression, pattern)) {
      const callee = model.resolver.resolve(node.expression);
      if (callee && model.resolver.candidates(callee).some((c) => c.kind === pattern.kind && c.base === pattern.base && matchPath(pattern.path, c.path))) {
        found.push(node);
      }
    }
  }
  return found;
}

/** What one option holds for a site: on the job, in the queue defaults, hidden, or nowhere. */
export type OptionSource =
  | { readonly from: 'job' | 'queue'; readonly value: TS.Expression; readonly node: TS.Node }
  | { readonly from: 'builder'; readonly call: TS.CallExpression }
  | { readonly from: 'unknown' }
  | { readonly from: 'absent'; readonly queueVisible: boolean };

export function optionSource(model: FileModel, site: PolicySite, option: string): OptionSource {
  const ts = model.context.ts;
  if (site.builder) {
    const call = site.builder.methods.get(option);
    return call ? { from: 'builder', call } : { from: 'absent', queueVisible: true };
  }
  if (site.options.options === 'unknown') return { from: 'unknown' };
  const own = readOption(ts, site.options.options, option);
  if (own.state === 'set') return { from: 'job', value: own.value, node: own.property };
  if (own.state === 'unknown') return { from: 'unknown' };
  if (!site.queueDefaultsPossible) return { from: 'absent', queueVisible: true };
  const queue = site.queue;
  if (!queue) return { from: 'absent', queueVisible: false };
  if (queue.options === 'unknown') return { from: 'unknown' };
  if (!queue.options) return { from: 'absent', queueVisible: true };
  const defaults = readOption(ts, queue.options, `${defaultsPropertyOf(site)}.${option}`);
  if (defaults.state === 'set') return { from: 'queue', value: defaults.value, node: defaults.property };
  if (defaults.state === 'unknown') return { from: 'unknown' };
  return { from: 'absent', queueVisible: true };
}

function defaultsPropertyOf(site: PolicySite): string {
  return site.defaultsProperty ?? 'defaultJobOptions';
}

/** A numeric literal's value (`5`, `1_000`, `Infinity`), or undefined. */
export function numberValue(ts: typeof TS, expression: TS.Expression | undefined): number | undefined {
  if (!expression) return undefined;
  const inner = unwrap(ts, expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isIdentifier(inner) && inner.text === 'Infinity') return Infinity;
  return undefined;
}

/** Edits that add the suggested options (or builder method calls) to a site. */
export function suggestionEdits(model: FileModel, site: PolicySite, entries: Readonly<Record<string, string>>): TextEdit[] | undefined {
  if (site.builder) {
    const end = site.builder.call.getEnd();
    const text = Object.entries(entries).map(([method, args]) => `.${method}(${args})`).join('');
    return [{ range: [end, end], text }];
  }
  return addOptions(model, site.options, entries);
}

/** `attempts: 5, backoff: { … }` or `.retries(3).backoff('exponential', 1_000)` for messages. */
export function suggestionText(entries: Readonly<Record<string, string>>, builder: boolean): string {
  if (builder) return Object.entries(entries).map(([method, args]) => `.${method}(${args})`).join('');
  return Object.entries(entries).map(([path, value]) => `${path}: ${value}`).join(', ');
}
