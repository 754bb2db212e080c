/**
 * The per-job report (the contract's "The report" section): for every job, the effects, writes and
 * enqueues it performs (helpers included, with the call chain) and how each is protected, where it
 * is enqueued and with which key, and its effective retry policy with where each value came from.
 * Built from the same models and checks as the findings; nothing here decides a finding.
 */
import type * as TS from 'typescript';
import { findGuard, optionAt } from '../analysis/guards.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { unwrap } from '../analysis/syntax.js';
import { operationLabel } from '../checks/describe.js';
import { numberValue, optionSource, policySites, type PolicySite } from '../checks/policy.js';
import { readOption } from '../checks/options.js';
import { collectNamedQueues, enqueueRoutes, type NamedQueue } from './project-rules.js';
import type { ChainStep, JobDetail, JobEnqueueSite, JobOperation, JobRetry, Location } from './report.js';

type Locate = (node: TS.Node) => Location;

/** pg-boss `createQueue(name, options)` of the current run: queue-level retry settings. */
let namedQueues: ReadonlyMap<string, NamedQueue> = new Map();

export function jobDetails(models: readonly FileModel[], locate: Locate): Map<TS.Node, JobDetail> {
  const details = new Map<TS.Node, JobDetail>();
  const routes = enqueueRoutes(models);
  const policies = policyIndex(models);
  namedQueues = collectNamedQueues(models);
  for (const model of models) {
    for (const handler of model.handlers) {
      if (details.has(handler.fn)) continue;
      const enqueuedAt = (routes.get(handler.fn) ?? []).map((call) => enqueueSite(model, call, policies, handler, locate));
      details.set(handler.fn, {
        operations: operations(model, handler, locate),
        enqueuedAt,
        ...(handlerRetry(model, handler, policies, locate) ? { retry: handlerRetry(model, handler, policies, locate)! } : {}),
      });
    }
  }
  return details;
}

function operations(model: FileModel, handler: Handler, locate: Locate): JobOperation[] {
  const out: JobOperation[] = [];
  const seen = new Set<TS.Node>();
  for (const op of model.operations(handler)) {
    if (op.kind === 'read' || op.kind === 'network' || seen.has(op.call)) continue;
    seen.add(op.call);
    out.push({
      ...locate(op.call),
      kind: op.kind,
      label: operationLabel(model, op),
      protection: protection(model, handler, op),
      ...(op.chain.length ? { chain: op.chain.map((call) => chainStep(call, locate)) } : {}),
    });
  }
  return out;
}

function protection(model: FileModel, handler: Handler, op: Operation): JobOperation['protection'] {
  if (op.step) return 'step';
  if (op.kind === 'enqueue' && op.role.role === 'enqueue') {
    const spec = op.role.spec;
    if (spec.memoised) return 'step';
    const options = spec.optionsArg === undefined ? undefined : op.call.arguments?.[spec.optionsArg];
    if (options && spec.keyOptions.some((path) => optionAt(model.context.ts, options, path))) return 'key';
  }
  const guard = findGuard(model, handler, op);
  if (guard) return guard.kind === 'key' ? 'key' : guard.kind === 'step' ? 'step' : 'guard';
  if (op.transaction && op.kind === 'write') return 'transaction';
  return 'none';
}

function chainStep(call: TS.Node, locate: Locate): ChainStep {
  return { ...locate(call), text: call.getText(call.getSourceFile()).replace(/\s+/g, ' ').slice(0, 120) };
}

/** Policy sites by the node they are reported at (the enqueue call, or the handler registration). */
function policyIndex(models: readonly FileModel[]): Map<TS.Node, { model: FileModel; site: PolicySite }> {
  const index = new Map<TS.Node, { model: FileModel; site: PolicySite }>();
  for (const model of models) {
    for (const entry of model.context.catalogue.entries) {
      if (entry.kind !== 'framework' || !entry.retry) continue;
      try {
        for (const site of policySites(model, entry, entry.retry.at, entry.retry.builderMethod === true)) {
          if (!index.has(site.node)) index.set(site.node, { model, site });
        }
      } catch {
        // a policy the analysis cannot read is left out of the report
      }
    }
  }
  return index;
}

function enqueueSite(
  model: FileModel,
  call: TS.CallExpression | TS.NewExpression,
  policies: ReadonlyMap<TS.Node, { model: FileModel; site: PolicySite }>,
  handler: Handler,
  locate: Locate,
): JobEnqueueSite {
  const ts = model.context.ts;
  const site = model.resolver.forFile(call.getSourceFile()).matchCall(call).find((match) => match.role.role === 'enqueue');
  let key: string | null = null;
  if (site && site.role.role === 'enqueue') {
    const spec = site.role.spec;
    const options = spec.optionsArg === undefined ? undefined : call.arguments?.[spec.optionsArg];
    for (const path of spec.keyOptions) {
      const value = options ? optionAt(ts, options, path) : undefined;
      if (value) {
        key = unwrap(ts, value).getText(call.getSourceFile());
        break;
      }
    }
  }
  const policy = policies.get(call);
  const retry = policy ? retryOf(policy.model, policy.site, handler, locate) : undefined;
  return { ...locate(call), key, ...(retry ? { retry } : {}) };
}

function handlerRetry(
  model: FileModel,
  handler: Handler,
  policies: ReadonlyMap<TS.Node, { model: FileModel; site: PolicySite }>,
  locate: Locate,
): JobRetry | undefined {
  const policy = policies.get(handler.site);
  return policy ? retryOf(policy.model, policy.site, handler, locate) : undefined;
}

/** The effective value of the framework's retry option at a site, and where it came from. */
function retryOf(model: FileModel, site: PolicySite, handler: Handler, locate: Locate): JobRetry | undefined {
  const facts = handler.framework.retry;
  if (!facts) return undefined;
  const ts = model.context.ts;
  const source = optionSource(model, site, facts.option);
  switch (source.from) {
    case 'job':
    case 'queue': {
      const value = numberValue(ts, source.value);
      return {
        option: facts.option,
        value: value ?? source.value.getText(source.value.getSourceFile()),
        source: source.from === 'job' ? 'job options' : 'queue defaults',
        ...locate(source.node),
      };
    }
    case 'builder':
      return { option: facts.option, value: source.call.getText(source.call.getSourceFile()), source: 'job options', ...locate(source.call) };
    case 'unknown':
      return { option: facts.option, value: null, source: 'not visible' };
    case 'absent': {
      // A queue created with its own policy (pg-boss `createQueue(name, { retryLimit })`).
      const queue = handler.framework.namedQueues && handler.name !== undefined ? namedQueues.get(handler.name) : undefined;
      const queueOption = queue?.options ? readOption(ts, queue.options, facts.option) : undefined;
      if (queueOption?.state === 'set') {
        return {
          option: facts.option,
          value: numberValue(ts, queueOption.value) ?? queueOption.value.getText(queueOption.value.getSourceFile()),
          source: 'queue options',
          ...locate(queueOption.property),
        };
      }
      return {
        option: facts.option,
        value: facts.default,
        source: source.queueVisible ? `${handler.framework.title} default` : 'not visible (queue defined elsewhere)',
      };
    }
  }
}
