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
import type { NamedQueueFact } from './project-rules.js';
import type { ChainStep, JobDetail, JobEnqueueSite, JobOperation, JobPolicyValue, JobRetry, Location } from './report.js';

type Locate = (node: TS.Node) => Location;

/** Where an enqueue site's retry value comes from, before the handler it feeds is known. */
export type RetryPart =
  | { readonly kind: 'set'; readonly retry: Omit<JobRetry, 'option'> }
  | { readonly kind: 'absent'; readonly queueVisible: boolean };

/** What the per-job report says about one enqueue site (plain data; the handler it feeds is known later). */
export type ProducerDetail =
  | {
      readonly location: Location;
      readonly key: string | null;
      /** Its retry policy per retry option of the catalogue, when the site has one. */
      readonly retry?: Readonly<Record<string, RetryPart>>;
    }
  | { readonly failed: string };

/** The part of a job's report its own file decides: operations and the policy at the handler. */
export type LocalDetail =
  | {
      readonly operations: readonly JobOperation[];
      readonly retry?: RetryPart;
      /** The backoff options at the handler, when the policy is written there. */
      readonly backoff?: Readonly<Record<string, RetryPart>>;
      readonly facts?: RetryContext;
    }
  | { readonly failed: string };

/** What finishing a retry value needs from the handler. */
interface RetryContext {
  readonly option: string;
  /** The framework's backoff options (`backoff`; pg-boss `retryDelay`, `retryBackoff`), when it has any. */
  readonly backoffOptions?: readonly string[];
  readonly default: number;
  readonly title: string;
  readonly namedQueues: boolean;
  readonly name: string | undefined;
}

type Policies = ReadonlyMap<TS.Node, { model: FileModel; site: PolicySite }>;

/** The local part of every handler's report in these models (first occurrence of each handler). */
export function localDetails(models: readonly FileModel[], locate: Locate, policies: Policies, describe: (error: unknown) => string): Map<TS.Node, LocalDetail> {
  const details = new Map<TS.Node, LocalDetail>();
  for (const model of models) {
    for (const handler of model.handlers) {
      if (details.has(handler.fn)) continue;
      try {
        const facts = handler.framework.retry;
        const policy = policies.get(handler.site);
        const retry = policy && facts ? retryPart(policy.model, policy.site, facts.option, locate) : undefined;
        const backoff =
          policy && facts?.backoffOptions ? Object.fromEntries(facts.backoffOptions.map((option) => [option, retryPart(policy.model, policy.site, option, locate)])) : undefined;
        details.set(handler.fn, {
          operations: operations(model, handler, locate),
          ...(retry ? { retry } : {}),
          ...(backoff ? { backoff } : {}),
          ...(facts
            ? {
                facts: {
                  option: facts.option,
                  ...(facts.backoffOptions ? { backoffOptions: facts.backoffOptions } : {}),
                  default: facts.default,
                  title: handler.framework.title,
                  namedQueues: handler.framework.namedQueues !== undefined,
                  name: handler.name,
                },
              }
            : {}),
        });
      } catch (error) {
        details.set(handler.fn, { failed: describe(error) });
      }
    }
  }
  return details;
}

/** Describes an enqueue site for the per-job report: the key it passes and its retry policy. */
export function producerDetail(
  model: FileModel,
  call: TS.CallExpression | TS.NewExpression,
  policies: Policies,
  retryOptions: readonly string[],
  locate: Locate,
  describe: (error: unknown) => string,
): ProducerDetail {
  try {
    const policy = policies.get(call);
    const retry: Record<string, RetryPart> = {};
    if (policy) for (const option of retryOptions) retry[option] = retryPart(policy.model, policy.site, option, locate);
    return { location: locate(call), key: enqueueKey(model, call), ...(policy ? { retry } : {}) };
  } catch (error) {
    return { failed: describe(error) };
  }
}

/** Every retry and backoff option of the catalogue's frameworks (what an enqueue site's policy is read for). */
export function retryOptionsOf(models: readonly FileModel[]): string[] {
  const options = new Set<string>();
  for (const model of models) {
    for (const entry of model.context.catalogue.entries) {
      if (entry.kind !== 'framework' || !entry.retry) continue;
      options.add(entry.retry.option);
      for (const option of entry.retry.backoffOptions ?? []) options.add(option);
    }
  }
  return [...options].sort();
}

/**
 * A job's report from its local part, the enqueue sites routed to it and the project's named queues.
 * Throws the first failure recorded while collecting (the per-job report is then skipped).
 */
export function jobDetail(local: LocalDetail, routed: readonly ProducerDetail[], namedQueues: ReadonlyMap<string, NamedQueueFact>): JobDetail {
  if ('failed' in local) throw new DetailFailure(local.failed);
  const finish = (part: RetryPart | undefined, backoffParts: Readonly<Record<string, RetryPart>> | undefined): JobRetry | undefined => {
    if (!part || !local.facts) return undefined;
    const backoff = finishBackoff(backoffParts, local.facts, namedQueues);
    return { ...finishRetry(part, local.facts, local.facts.option, namedQueues), ...(backoff ? { backoff } : {}) };
  };
  const enqueuedAt = routed.map((producer): JobEnqueueSite => {
    if ('failed' in producer) throw new DetailFailure(producer.failed);
    const retry = local.facts ? finish(producer.retry?.[local.facts.option], producer.retry) : undefined;
    return { ...producer.location, key: producer.key, ...(retry ? { retry } : {}) };
  });
  const retry = finish(local.retry, local.backoff);
  return { operations: local.operations, enqueuedAt, ...(retry ? { retry } : {}) };
}

/** A failure recorded in another thread (its message already worded). */
export class DetailFailure extends Error {}

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
export function policyIndex(models: readonly FileModel[]): Map<TS.Node, { model: FileModel; site: PolicySite }> {
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

function enqueueKey(model: FileModel, call: TS.CallExpression | TS.NewExpression): string | null {
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
  return key;
}

/** The value of a retry option at a site and where it came from, as far as the site decides it. */
function retryPart(model: FileModel, site: PolicySite, option: string, locate: Locate): RetryPart {
  const ts = model.context.ts;
  const source = optionSource(model, site, option);
  switch (source.from) {
    case 'job':
    case 'queue': {
      const value = numberValue(ts, source.value);
      return {
        kind: 'set',
        retry: {
          value: value ?? source.value.getText(source.value.getSourceFile()),
          source: source.from === 'job' ? 'job options' : 'queue defaults',
          ...locate(source.node),
        },
      };
    }
    case 'builder':
      return { kind: 'set', retry: { value: source.call.getText(source.call.getSourceFile()), source: 'job options', ...locate(source.call) } };
    case 'unknown':
      return { kind: 'set', retry: { value: null, source: 'not visible' } };
    case 'absent':
      return { kind: 'absent', queueVisible: source.queueVisible };
  }
}

/** The effective value of one of the framework's policy options at a site, and where it came from. */
function finishRetry(part: RetryPart, facts: RetryContext, option: string, namedQueues: ReadonlyMap<string, NamedQueueFact>): JobPolicyValue {
  if (part.kind === 'set') return { option, ...part.retry };
  const queueOption = namedQueueOption(facts, option, namedQueues);
  if (queueOption) return queueOption;
  return {
    option,
    value: facts.default,
    source: part.queueVisible ? `${facts.title} default` : 'not visible (queue defined elsewhere)',
  };
}

/** A queue created with its own policy (pg-boss `createQueue(name, { retryLimit, retryDelay })`). */
function namedQueueOption(facts: RetryContext, option: string, namedQueues: ReadonlyMap<string, NamedQueueFact>): JobPolicyValue | undefined {
  const queue = facts.namedQueues && facts.name !== undefined ? namedQueues.get(facts.name) : undefined;
  const queueOption = queue?.retry[option];
  return queueOption ? { option, value: queueOption.value, source: 'queue options', ...queueOption.at } : undefined;
}

/**
 * Where the delay between attempts comes from: the first backoff option set at the site, on its
 * queue or in the queue's options; otherwise the framework's default (no backoff).
 */
function finishBackoff(
  parts: Readonly<Record<string, RetryPart>> | undefined,
  facts: RetryContext,
  namedQueues: ReadonlyMap<string, NamedQueueFact>,
): JobPolicyValue | undefined {
  const options = facts.backoffOptions;
  if (!options?.length || !parts) return undefined;
  let visible = true;
  for (const option of options) {
    const part = parts[option];
    if (!part) continue;
    if (part.kind === 'set') return { option, ...part.retry };
    const queueOption = namedQueueOption(facts, option, namedQueues);
    if (queueOption) return queueOption;
    if (!part.queueVisible) visible = false;
  }
  return {
    option: options.join(' / '),
    value: visible ? 'none' : null,
    source: visible ? `${facts.title} default` : 'not visible (queue defined elsewhere)',
  };
}
