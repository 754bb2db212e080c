/**
 * require-job-timeout: jobs with no time bound where the framework has no default bound (Bull and
 * Bee-Queue `timeout`, Temporal activity timeouts), and with `requireExplicit` also where a default
 * exists (pg-boss `expireInSeconds`, Agenda `lockLifetime`, Trigger.dev `maxDuration`); plus, inside a
 * handler, outbound HTTP calls of any method with no timeout (`fetch` without `signal`, axios and got
 * without `timeout` on the call or on the instance they come from; ky is bounded by its 10-second
 * default). The job-level facts come from each framework's `timeout` catalogue entry.
 */
import type * as TS from 'typescript';
import type { JobFramework, TimeoutFacts } from '../catalogue/types.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { chainSuffix, effectLabel, jobLabel } from './describe.js';
import { addOptions, readOption } from './options.js';
import { literalObject } from '../analysis/model.js';
import { optionSource, policySites, suggestionEdits, suggestionText, type PolicySite } from './policy.js';
import type { Check, Finding } from './types.js';

export const messages = {
  missingJobTimeout:
    '{{framework}} gives {{job}} no time bound: no `{{option}}` {{where}}, and {{fallback}}. A hung call holds the worker ' +
    '(and the job) until someone notices, and a stalled job may be picked up again while the first attempt still runs. ' +
    'Set one, e.g. `{{code}}`.',
  missingNetworkTimeout:
    '{{effect}} in {{job}}{{via}} has no timeout: {{client}} waits indefinitely by default, so a stalled server hangs the ' +
    'job until the runtime gives up on it, and the retry can run while the first attempt is still waiting. Pass `{{code}}`.',
  addTimeout: 'Add `{{code}}`',
} as const;

export type MessageIds = keyof typeof messages;
export type Options = [{ requireExplicit?: boolean }?];

const FETCH_TIMEOUT = 'AbortSignal.timeout(10_000)';
const AXIOS_TIMEOUT = '10_000';

export const check: Check<Options> = {
  id: 'require-job-timeout',
  messages,
  check(model, options) {
    const requireExplicit = options[0]?.requireExplicit === true;
    return [...jobFindings(model, requireExplicit), ...networkFindings(model)];
  },
};

function jobFindings(model: FileModel, requireExplicit: boolean): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<TS.Node>();
  const frameworks = new Set<JobFramework>([...model.handlers.map((h) => h.framework), ...model.enqueues.map((e) => e.framework)]);
  for (const entry of model.context.catalogue.entries) {
    if (entry.kind === 'framework' && entry.timeout && entry.timeout.at.kind === 'call') frameworks.add(entry);
  }
  for (const framework of frameworks) {
    const facts = framework.timeout;
    if (!facts || (facts.default !== undefined && !requireExplicit)) continue;
    for (const site of policySites(model, framework, facts.at, facts.builderMethod === true)) {
      const finding = evaluate(model, site, facts);
      if (finding && !reported.has(finding.node)) {
        reported.add(finding.node);
        findings.push(finding);
      }
    }
  }
  return findings;
}

function evaluate(model: FileModel, site: PolicySite, facts: TimeoutFacts): Finding | undefined {
  let queueVisible = true;
  for (const option of facts.options) {
    const source = optionSource(model, site, option);
    if (source.from !== 'absent') return undefined;
    if (!source.queueVisible) queueVisible = false;
  }
  if (!queueVisible) return undefined;
  const builder = site.builder !== undefined;
  const code = suggestionText(facts.suggestion, builder);
  const edits = suggestionEdits(model, site, facts.suggestion);
  const where =
    site.queueDefaultsPossible && site.queue
      ? `here or in \`${site.defaultsProperty ?? 'defaultJobOptions'}\` of queue ${site.queue.label}`
      : builder
        ? 'on the job'
        : 'here';
  return {
    messageId: 'missingJobTimeout',
    data: {
      framework: site.framework.title,
      job: site.job,
      option: facts.options.join('` or `'),
      where,
      fallback: facts.default !== undefined ? `it falls back to ${facts.default}` : 'the framework has no default bound',
      code,
    },
    node: site.node,
    ...(edits ? { suggestions: [{ messageId: 'addTimeout', data: { code }, edits }] } : {}),
  };
}

function networkFindings(model: FileModel): Finding[] {
  const ts = model.context.ts;
  const byCall = new Map<TS.Node, { op: Operation; handlers: Handler[] }>();
  for (const handler of model.handlers) {
    for (const op of model.operations(handler)) {
      if ((op.kind !== 'network' && op.kind !== 'effect') || op.role.role !== 'effect' || !op.role.spec.http) continue;
      if (hasTimeout(model, op) !== false) continue;
      const seen = byCall.get(op.call);
      if (seen) {
        if (!seen.handlers.includes(handler)) seen.handlers.push(handler);
      } else byCall.set(op.call, { op, handlers: [handler] });
    }
  }
  const findings: Finding[] = [];
  for (const { op, handlers } of byCall.values()) {
    if (op.role.role !== 'effect') continue;
    const { option, value, configArg } = timeoutFacts(op);
    const fetchLike = option === 'signal';
    const entries: Record<string, string> = { [option]: value };
    const code = `${option}: ${value}`;
    let edits;
    if (configArg !== undefined) {
      const argument = op.call.arguments?.[configArg];
      edits = argument
        ? addOptions(model, { options: literalObject(ts, argument) ?? 'unknown' }, entries)
        : addOptions(model, { options: undefined, insert: { call: op.call, arg: configArg } }, entries);
    }
    const label = effectLabel(model, op);
    const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
    findings.push({
      messageId: 'missingNetworkTimeout',
      data: {
        effect: label.charAt(0).toUpperCase() + label.slice(1),
        job,
        via: chainSuffix(model, op),
        client: fetchLike ? '`fetch`' : op.role.entry.id === 'http' ? 'axios' : op.role.entry.title,
        code,
      },
      node: op.expression,
      job,
      chain: op.chain,
      ...(edits ? { suggestions: [{ messageId: 'addTimeout', data: { code }, edits }] } : {}),
    });
  }
  return findings;
}

/** true: a timeout is set; false: visibly none; undefined: cannot tell (spread, variable, foreign instance). */
function hasTimeout(model: FileModel, op: Operation): boolean | undefined {
  const ts = model.context.ts;
  if (op.role.role !== 'effect') return undefined;
  const { option, configArg } = timeoutFacts(op);
  if (configArg === undefined) return undefined;
  const fetchLike = option === 'signal';
  const argument = op.call.arguments?.[configArg];
  if (argument) {
    const state = readOption(ts, argument, option);
    if (state.state === 'set') return true;
    if (state.state === 'unknown') return undefined;
  }
  if (fetchLike) return false;
  // axios: an instance made by `axios.create({ timeout })` in this file carries it.
  if (op.callee.kind === 'instance') return instanceTimeout(model, op.call, option);
  return false;
}

/** The option that bounds a network call, its suggested value, and the argument it goes in. */
function timeoutFacts(op: Operation): { option: string; value: string; configArg: number | undefined } {
  if (op.role.role !== 'effect') return { option: 'timeout', value: AXIOS_TIMEOUT, configArg: undefined };
  const spec = op.role.spec;
  if (spec.timeout) return { option: spec.timeout.option, value: spec.timeout.suggestion, configArg: spec.timeout.arg };
  const fetchLike = op.callee.kind === 'export' && /#fetch$/.test(op.callee.base) && op.callee.path.length === 0;
  return fetchLike
    ? { option: 'signal', value: FETCH_TIMEOUT, configArg: spec.headers?.arg }
    : { option: 'timeout', value: AXIOS_TIMEOUT, configArg: spec.headers?.arg };
}

function instanceTimeout(model: FileModel, call: TS.CallExpression | TS.NewExpression, option: string): boolean | undefined {
  const ts = model.context.ts;
  let receiver: TS.Expression | undefined = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : call.expression;
  for (let depth = 0; receiver && depth < 6; depth++) {
    const inner: TS.Expression = unwrap(ts, receiver);
    if (ts.isCallExpression(inner)) {
      const config = inner.arguments[0];
      if (!config) return false;
      const state = readOption(ts, config, option);
      return state.state === 'set' ? true : state.state === 'absent' ? false : undefined;
    }
    if (!ts.isIdentifier(inner)) return undefined;
    const declaration = findDeclaration(ts, inner.text, inner);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    receiver = declaration.initializer;
  }
  return undefined;
}
