/**
 * require-idempotency-key: enqueues that carry no dedup key (anywhere), calls to APIs that accept an
 * idempotency key made inside a handler without one, and BullMQ `jobId` dedup defeated by removing
 * finished jobs at once. Memoised calls (Inngest `step.sendEvent`, anything inside `step.run`) and
 * repeatable-job schedulers are not reported; options hidden by a spread or a variable are not guessed.
 */
import type * as TS from 'typescript';
import type { EffectSpec } from '../catalogue/types.js';
import { constructedArgument } from '../analysis/arguments.js';
import { queueDefinitionOf } from '../analysis/definitions.js';
import type { EnqueueSite, FileModel, Handler } from '../analysis/model.js';
import { literalObject } from '../analysis/model.js';
import { unwrap } from '../analysis/syntax.js';
import { chainSuffix, effectLabel, jobLabel, jobParameter, RETRY_REPEATS } from './describe.js';
import {
  addOptions,
  builderMethods,
  calleeOf,
  insideStep,
  jobsOf,
  readOption,
  type JobOptions,
} from './options.js';
import type { Check, Finding, Suggestion, TextEdit } from './types.js';

export const messages = {
  missingKey:
    '{{framework}} `{{callee}}` enqueues {{job}} without a deduplication key: a retried request, a double click or a ' +
    'redelivered message enqueues it again and the work runs twice. {{hint}}',
  missingApiKey:
    '{{effect}} in {{job}}{{via}} passes no idempotency key, though the API accepts one: a retry of the job {{repeat}}. ' +
    'Pass `{{option}}` built from what identifies the work (a payload id or the job id), so the provider drops the duplicate.',
  removedJobsDefeatDedup:
    "{{framework}} `jobId` dedup for {{job}} is defeated by `{{option}}: true`: the job is deleted as soon as it " +
    'finishes, so a duplicate added later with the same id is accepted and runs again. Keep finished jobs for the ' +
    'dedup window instead, e.g. `{{option}}: { age: 86_400 }`.',
  addKey: 'Add `{{code}}`',
} as const;

export type MessageIds = keyof typeof messages;
export type Options = [{ assumeContentBasedDeduplication?: boolean }?];

export const check: Check<Options> = {
  id: 'require-idempotency-key',
  messages,
  check(model, options) {
    const assume = options[0]?.assumeContentBasedDeduplication === true;
    const findings: Finding[] = [];
    // In replaying functions (Inngest) an enqueue outside a step is no-side-effect-outside-step's finding.
    const replayed = new Set<TS.Node>();
    for (const handler of model.handlers) {
      if (!handler.framework.replaying) continue;
      for (const op of model.operations(handler)) if (op.kind === 'enqueue') replayed.add(op.call);
    }
    for (const site of model.enqueues) if (!replayed.has(site.call)) findings.push(...enqueueFindings(model, site));
    findings.push(...apiFindings(model, assume));
    return findings;
  },
};

function enqueueFindings(model: FileModel, site: EnqueueSite): Finding[] {
  const { spec, framework, call } = site;
  const ts = model.context.ts;
  if (spec.memoised || spec.scheduler) return [];
  if (spec.keyOptions.length === 0 && !spec.keyMethods) return [];
  if (insideStep(model, call)) return [];
  const callee = calleeOf(model, call);
  const job = site.name !== undefined ? `job '${site.name}'` : 'a job';
  const findings: Finding[] = [];

  if (spec.keyMethods) {
    const { methods, decided } = builderMethods(ts, call);
    if (spec.keyMethods.some((method) => methods.has(method))) return [];
    if (spec.builder && !decided) return [];
    const method = spec.keyMethods[0]!;
    const hint = spec.builder
      ? `Chain \`.${method}(…)\` with a value that identifies the work before saving it.`
      : `\`${callee.split('.').pop()}\` cannot take a key: create the job with \`create(name, data).${method}(…).save()\` instead.`;
    findings.push({
      messageId: 'missingKey',
      data: { framework: framework.title, callee, job, hint },
      node: call,
      ...(spec.builder ? { suggestions: builderKeySuggestion(model, site, method) } : {}),
    });
    return findings;
  }

  // A batch-level key keys every item that has none (Trigger.dev `batchTrigger(items, { idempotencyKey })`).
  if (batchKeyState(model, site) !== 'absent') return findings;
  for (const item of jobsOf(model, site)) {
    if (item.options === 'unknown') continue;
    let keyed = false;
    let unknown = false;
    for (const path of spec.keyOptions) {
      const state = readOption(ts, item.options, path);
      if (state.state === 'set') keyed = true;
      if (state.state === 'unknown') unknown = true;
    }
    if (keyed) {
      findings.push(...removedJobs(model, site, item));
      continue;
    }
    if (unknown) continue;
    const option = spec.keyOptions[0]!;
    findings.push({
      messageId: 'missingKey',
      data: {
        framework: framework.title,
        callee,
        job,
        hint: `Pass \`${option}\` in the job options, derived from the payload's identifying fields, so the duplicate is dropped.`,
      },
      node: item.node,
      suggestions: keySuggestion(model, site, item, option),
    });
  }
  return findings;
}

/**
 * The key of a bulk enqueue's batch-level options (`spec.bulk.batchKeyArg`): 'set', 'absent' (no such
 * argument, or a literal without the key), or 'unknown' (a spread or a value the rule cannot read).
 */
export function batchKeyState(model: FileModel, site: EnqueueSite): 'set' | 'absent' | 'unknown' {
  const ts = model.context.ts;
  const index = site.spec.bulk?.batchKeyArg;
  if (index === undefined) return 'absent';
  const argument = site.call.arguments?.[index];
  if (!argument) return 'absent';
  const options = literalObject(ts, argument);
  if (!options) return 'unknown';
  let unknown = false;
  for (const path of site.spec.keyOptions) {
    const state = readOption(ts, options, path);
    if (state.state === 'set') return 'set';
    if (state.state === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'absent';
}

/** BullMQ: `jobId` together with `removeOnComplete/removeOnFail: true` on the job or the queue defaults. */
function removedJobs(model: FileModel, site: EnqueueSite, item: JobOptions): Finding[] {
  const ts = model.context.ts;
  if (site.framework.id !== 'bullmq' && site.framework.id !== 'nestjs-bullmq') return [];
  if (item.options === 'unknown' || readOption(ts, item.options, 'jobId').state !== 'set') return [];
  for (const option of ['removeOnComplete', 'removeOnFail']) {
    let state = readOption(ts, item.options, option);
    if (state.state === 'absent' && site.spec.queueDefinition) {
      const definition = queueDefinitionOf(model.resolver, site.call, site.spec.queueDefinition);
      if (definition && definition.options && definition.options !== 'unknown') {
        state = readOption(ts, definition.options, `${site.spec.queueDefinition.defaultsProperty}.${option}`);
      }
    }
    if (state.state === 'set' && unwrap(ts, state.value).kind === ts.SyntaxKind.TrueKeyword) {
      return [
        {
          messageId: 'removedJobsDefeatDedup',
          data: { framework: site.framework.title, job: site.name !== undefined ? `job '${site.name}'` : 'this job', option },
          node: item.node,
        },
      ];
    }
  }
  return [];
}

function apiFindings(model: FileModel, assumeContentBasedDeduplication: boolean): Finding[] {
  const ts = model.context.ts;
  const reported = new Set<TS.Node>();
  const findings: Finding[] = [];
  const report = (call: TS.CallExpression | TS.NewExpression, spec: EffectSpec, handler: Handler | undefined, via: string, text: string, direct: boolean): void => {
    if (reported.has(call)) return;
    reported.add(call);
    const key = spec.idempotencyKey!;
    findings.push({
      messageId: 'missingApiKey',
      data: {
        effect: text.charAt(0).toUpperCase() + text.slice(1),
        job: handler ? jobLabel(model, handler) : 'this code',
        via,
        repeat: RETRY_REPEATS[spec.family],
        // A batch send: the key goes in each entry that can be deduplicated.
        option: key.entries ? `${key.path}\` in each \`${key.entries}\` item${key.onlyWith ? ` with \`${key.onlyWith}` : ''}` : key.path,
      },
      node: call,
      ...(handler ? { job: jobLabel(model, handler) } : {}),
      suggestions: apiKeySuggestion(model, call, spec, direct ? handler : undefined),
    });
  };
  // Inside handlers: every API that accepts a key.
  for (const handler of model.handlers) {
    if (handler.framework.replaying) continue; // no-side-effect-outside-step / step.run decide there
    for (const op of model.operations(handler)) {
      if (op.kind !== 'effect' || op.role.role !== 'effect' || op.step) continue;
      const spec = op.role.spec;
      if (!spec.idempotencyKey) continue;
      if (keyState(model, op.call, spec, assumeContentBasedDeduplication) !== 'missing') continue;
      report(op.call, spec, handler, chainSuffix(model, op), effectLabel(model, op), op.chain.length === 0);
    }
  }
  // Anywhere: sends into queue services (SQS/SNS FIFO) are enqueues.
  const visit = (node: TS.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !reported.has(node)) {
      for (const { role } of model.resolver.matchCall(node)) {
        if (role.role !== 'effect' || !role.spec.enqueue || !role.spec.idempotencyKey) continue;
        if (insideStep(model, node)) continue;
        if (keyState(model, node, role.spec, assumeContentBasedDeduplication) !== 'missing') continue;
        const label = role.spec.label.replace('{callee}', calleeOf(model, node)).replace('{method}', '');
        report(node, role.spec, undefined, '', label, false);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(model.context.sourceFile);
  return findings;
}

/** The object literal an effect's option path is relative to (the command input for AWS SDK v3). */
export function effectOptionsArgument(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EffectSpec, arg: number): TS.Expression | undefined {
  if (spec.argumentConstructor && spec.argumentConstructor.arg === arg) {
    const constructed = constructedArgument(model.resolver, call, spec.argumentConstructor);
    return constructed?.arguments?.[0];
  }
  return call.arguments?.[arg];
}

/** 'keyed', 'missing', or 'unknown' (hidden options, or the API does not dedupe this call). */
export function keyState(
  model: FileModel,
  call: TS.CallExpression | TS.NewExpression,
  spec: EffectSpec,
  assumeContentBasedDeduplication = false,
): 'keyed' | 'missing' | 'unknown' {
  const ts = model.context.ts;
  const key = spec.idempotencyKey;
  if (!key) return 'unknown';
  const args = call.arguments ?? [];
  if (key.entries) return entriesKeyState(model, call, spec, assumeContentBasedDeduplication);
  if (key.onlyWith) {
    if (assumeContentBasedDeduplication) return 'unknown';
    const input = effectOptionsArgument(model, call, spec, typeof key.arg === 'number' ? key.arg : 0);
    const group = readOption(ts, input, key.onlyWith);
    if (group.state !== 'set') return 'unknown'; // a standard queue/topic cannot dedupe
  }
  const places: { arg: number; path: string }[] = [];
  if (key.arg === 'any') args.forEach((_, index) => places.push({ arg: index, path: key.path }));
  else places.push({ arg: key.arg, path: key.path });
  places.push(...(key.alternatives ?? []));
  let unknown = false;
  for (const place of places) {
    const argument = effectOptionsArgument(model, call, spec, place.arg);
    if (!argument) continue;
    if (!literalObject(ts, argument)) {
      // `'any'`: non-object arguments (ids, strings) are not where the key goes.
      if (key.arg !== 'any' || ts.isIdentifier(unwrap(ts, argument))) unknown = true;
      continue;
    }
    const state = readOption(ts, argument, place.path);
    if (state.state === 'set') return 'keyed';
    if (state.state === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'missing';
}

/**
 * A batch send (`SendMessageBatchCommand({ Entries: [...] })`): 'missing' when an entry that can be
 * deduplicated (FIFO: it has `MessageGroupId`) has no key, 'keyed' when every such entry has one,
 * 'unknown' when no entry can be deduplicated or the entries cannot be read.
 */
function entriesKeyState(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EffectSpec, assumeContentBasedDeduplication: boolean): 'keyed' | 'missing' | 'unknown' {
  const ts = model.context.ts;
  const key = spec.idempotencyKey!;
  if (key.onlyWith && assumeContentBasedDeduplication) return 'unknown';
  const input = effectOptionsArgument(model, call, spec, typeof key.arg === 'number' ? key.arg : 0);
  const list = readOption(ts, input, key.entries!);
  const array = list.state === 'set' ? unwrap(ts, list.value) : undefined;
  if (!array || !ts.isArrayLiteralExpression(array)) return 'unknown';
  let keyable = false;
  let missing = false;
  let unknown = false;
  for (const element of array.elements) {
    const entry = ts.isSpreadElement(element) ? undefined : literalObject(ts, element);
    if (!entry) {
      unknown = true;
      continue;
    }
    if (key.onlyWith) {
      const group = readOption(ts, entry, key.onlyWith);
      if (group.state === 'absent') continue; // a standard queue/topic cannot dedupe
      if (group.state === 'unknown') {
        unknown = true;
        continue;
      }
    }
    keyable = true;
    const state = readOption(ts, entry, key.path);
    if (state.state === 'absent') missing = true;
    else if (state.state === 'unknown') unknown = true;
  }
  if (missing) return 'missing';
  return keyable && !unknown ? 'keyed' : 'unknown';
}

/** A key built from the payload's identifying fields: `send-receipt:${order.id}`. */
function identifyingExpression(model: FileModel, payload: TS.Expression | undefined): string | undefined {
  const ts = model.context.ts;
  if (!payload) return undefined;
  const object = literalObject(ts, payload);
  if (!object) return undefined;
  for (const property of object.properties) {
    if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name))) continue;
    const name = property.name.text;
    if (!/^(id|.+Id|.+_id|.+Key)$/.test(name)) continue;
    const value = ts.isPropertyAssignment(property) ? unwrap(ts, property.initializer) : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (value && (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) && !/\s/.test(value.getText(model.context.sourceFile))) {
      return value.getText(model.context.sourceFile);
    }
  }
  return undefined;
}

function keySuggestion(model: FileModel, site: EnqueueSite, item: JobOptions, option: string): Suggestion[] | undefined {
  const id = identifyingExpression(model, item.payload);
  if (!id) return undefined;
  const prefix = site.name ?? 'job';
  const code = `${option.split('.').length > 1 ? option : option}: \`${prefix}:\${${id}}\``;
  const entries: Record<string, string> = { [option]: `\`${prefix}:\${${id}}\`` };
  const edits = addOptions(model, item, entries);
  return edits ? [{ messageId: 'addKey', data: { code }, edits }] : undefined;
}

function builderKeySuggestion(model: FileModel, site: EnqueueSite, method: string): Suggestion[] | undefined {
  if (method !== 'setId') return undefined; // Agenda `unique(query)` needs a query, not a value
  const payload = site.spec.payloadArg !== undefined ? site.call.arguments?.[site.spec.payloadArg] : undefined;
  const id = identifyingExpression(model, payload);
  if (!id) return undefined;
  const code = `.setId(\`${site.name ?? 'job'}:\${${id}}\`)`;
  const end = site.call.getEnd();
  return [{ messageId: 'addKey', data: { code }, edits: [{ range: [end, end], text: code }] }];
}

function apiKeySuggestion(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EffectSpec, handler: Handler | undefined): Suggestion[] | undefined {
  const ts = model.context.ts;
  const key = spec.idempotencyKey!;
  if (key.entries) return undefined; // one key per entry: nothing in the call identifies each message
  const args = call.arguments ?? [];
  const first = effectOptionsArgument(model, call, spec, 0);
  let id = identifyingExpression(model, first);
  if (!id && handler) {
    const param = jobParameter(model, handler);
    const idBearing = ['bullmq', 'bull', 'nestjs-bullmq', 'pg-boss'].includes(handler.framework.id);
    if (param && idBearing) id = `${param}.id`;
  }
  if (!id) return undefined;
  const method = calleeOf(model, call).split('.').slice(-2).join('-');
  const value = `\`${method}:\${${id}}\``;
  const code = `${key.path}: ${value}`;
  let edits: TextEdit[] | undefined;
  if (spec.argumentConstructor || key.arg === 0) {
    const input = effectOptionsArgument(model, call, spec, 0);
    edits = input ? addOptions(model, { options: literalObject(ts, input) ?? 'unknown' }, { [key.path]: value }) : undefined;
  } else {
    const index = key.arg === 'any' ? args.length : key.arg;
    const existing = key.arg === 'any' ? undefined : args[index];
    edits = existing
      ? addOptions(model, { options: literalObject(ts, existing) ?? 'unknown' }, { [key.path]: value })
      : addOptions(model, { options: undefined, insert: { call, arg: index } }, { [key.path]: value });
  }
  return edits ? [{ messageId: 'addKey', data: { code }, edits }] : undefined;
}
