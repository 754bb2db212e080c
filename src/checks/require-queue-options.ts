/**
 * require-queue-options: BullMQ/Bull queues whose `defaultJobOptions` leave job retention unbounded
 * (`removeOnComplete` / `removeOnFail` missing), reported at the `new Queue(...)`; and, per the
 * `requireOptions` option, options a team requires on every enqueue of a framework.
 * The retention facts come from the framework's `retention` catalogue entry.
 */
import type * as TS from 'typescript';
import type { JobFramework, QueueDefinitionSpec, Target } from '../catalogue/types.js';
import { describe, queueDefinitionOf, type QueueDefinition } from '../analysis/definitions.js';
import type { Pattern } from '../analysis/catalogue.js';
import type { FileModel } from '../analysis/model.js';
import { calleeMayMatch } from '../analysis/resolve.js';
import { functionOf, stringValue, unwrap, type FunctionLike } from '../analysis/syntax.js';
import { addOptions, jobsOf, objectText, readOption } from './options.js';
import { literalObject } from '../analysis/model.js';
import { callsTo } from './policy.js';
import type { Check, Finding } from './types.js';

export const messages = {
  unboundedRetention:
    '{{framework}} queue {{queue}} keeps every {{which}} job forever: no `{{missing}}` in its `defaultJobOptions`. ' +
    'Redis memory grows without limit until the instance falls over. Bound it, e.g. `{{code}}`.',
  missingOption:
    '{{framework}} `{{callee}}` enqueues {{job}} without `{{option}}`, which this project requires on every {{framework}} job ' +
    '(rule option `requireOptions`).',
  addRetention: 'Add `{{code}}`',
} as const;

export type MessageIds = keyof typeof messages;
export type Options = [{ requireOptions?: Record<string, string[]> }?];

export const check: Check<Options> = {
  id: 'require-queue-options',
  messages,
  check(model, options) {
    const findings: Finding[] = [];
    findings.push(...retentionFindings(model));
    const required = options[0]?.requireOptions ?? {};
    findings.push(...requiredOptionFindings(model, required));
    return findings;
  },
};

function retentionFindings(model: FileModel): Finding[] {
  const ts = model.context.ts;
  const findings: Finding[] = [];
  const specs: { framework: JobFramework; spec: QueueDefinitionSpec }[] = [];
  for (const entry of model.context.catalogue.entries) {
    if (entry.kind !== 'framework' || !entry.retention) continue;
    const spec = entry.enqueues.find((e) => e.queueDefinition)?.queueDefinition;
    if (spec) specs.push({ framework: entry, spec });
  }
  findings.push(...registrationFindings(model));
  if (specs.length === 0) return findings;
  // Enqueues of this file per queue definition: a queue whose every job sets retention itself is fine.
  const retentionOnJobs = new Map<TS.Node, boolean>();
  for (const site of model.enqueues) {
    const framework = site.framework;
    if (!site.spec.queueDefinition || !framework.retention) continue;
    const definition = queueDefinitionOf(model.resolver, site.call, site.spec.queueDefinition);
    if (!definition || definition.foreign) continue;
    const all = jobsOf(model, site).every(
      (job) => job.options !== 'unknown' && framework.retention!.options.every((option) => readOption(ts, job.options as TS.Expression | undefined, option).state !== 'absent'),
    );
    retentionOnJobs.set(definition.call, (retentionOnJobs.get(definition.call) ?? true) && all);
  }
  const constructors: Pattern[] = specs.flatMap(({ spec }) => spec.constructors.map((base) => ({ kind: 'export' as const, base, path: [] })));
  for (const node of model.calls) {
    if (constructors.some((pattern) => calleeMayMatch(ts, node.expression, pattern))) {
      // Only an export can be a queue constructor: the callee's type has nothing to add.
      const callee = model.resolver.resolve(node.expression, false);
      const candidates = callee ? model.resolver.candidates(callee) : [];
      for (const { framework, spec } of specs) {
        const isQueue = candidates.some((c) => c.kind === 'export' && c.path.length === 0 && spec.constructors.includes(c.base as `${string}#${string}`));
        if (!isQueue) continue;
        const definition = describe(ts, node, spec);
        const finding = retentionFinding(model, framework, spec, definition, retentionOnJobs.get(node) === true && !exported(ts, node));
        if (finding) findings.push(finding);
      }
    }
  }
  return findings;
}

function retentionFinding(
  model: FileModel,
  framework: JobFramework,
  spec: QueueDefinitionSpec,
  definition: QueueDefinition,
  coveredByJobs: boolean,
): Finding | undefined {
  const ts = model.context.ts;
  const retention = framework.retention!;
  if (definition.options === 'unknown' || coveredByJobs) return undefined;
  const missing: string[] = [];
  for (const option of retention.options) {
    const state = readOption(ts, definition.options, `${spec.defaultsProperty}.${option}`);
    if (state.state === 'unknown') return undefined;
    if (state.state === 'absent') missing.push(option);
  }
  if (missing.length === 0) return undefined;
  const entries = Object.fromEntries(missing.map((option) => [`${spec.defaultsProperty}.${option}`, retention.suggestion[option] ?? '{ count: 1_000 }']));
  const code = missing.map((option) => `${option}: ${retention.suggestion[option] ?? '{ count: 1_000 }'}`).join(', ');
  const which = missing.length === retention.options.length ? 'finished' : missing[0] === 'removeOnComplete' ? 'completed' : 'failed';
  const edits = definition.options
    ? addOptions(model, { options: definition.options }, entries)
    : addOptions(model, { options: undefined, insert: { call: definition.call, arg: definition.optionsIndex } }, entries);
  return {
    messageId: 'unboundedRetention',
    data: {
      framework: framework.title,
      queue: definition.label,
      which,
      missing: missing.join('` or `'),
      code,
    },
    node: definition.call,
    ...(edits ? { suggestions: [{ messageId: 'addRetention', data: { code: `${spec.defaultsProperty}: ${objectText(Object.fromEntries(missing.map((o) => [o, retention.suggestion[o] ?? '{ count: 1_000 }'])))}` }, edits }] } : {}),
  };
}

/** NestJS `BullModule.registerQueue({ name, defaultJobOptions }, …)`: each object argument is a queue. */
function registrationFindings(model: FileModel): Finding[] {
  const ts = model.context.ts;
  const findings: Finding[] = [];
  for (const entry of model.context.catalogue.entries) {
    if (entry.kind !== 'framework' || !entry.retention || !entry.queueRegistrations) continue;
    for (const registration of entry.queueRegistrations) {
      for (const call of callsTo(model, registration.call)) {
        for (const argument of call.arguments) {
          const object = literalObject(ts, argument);
          if (!object || object.properties.some((p) => ts.isSpreadAssignment(p))) continue;
          let rootHasDefaults = false;
          if (registration.roots && readOption(ts, object, registration.defaultsProperty).state === 'absent') {
            // No defaults of its own: the module-wide ones apply, when this file shows them.
            const root = rootDefaults(model, registration.roots, registration.defaultsProperty);
            if (root === 'unknown' || entry.retention.options.some((option) => readOption(ts, root, option).state !== 'absent')) continue;
            rootHasDefaults = root !== undefined;
          }
          const nameValue = readOption(ts, object, registration.nameProperty);
          const name = nameValue.state === 'set' ? stringValue(ts, nameValue.value) : undefined;
          const definition: QueueDefinition = { call: argument as unknown as TS.CallExpression, name, options: object, optionsIndex: 0, foreign: false, label: name !== undefined ? `\`${name}\`` : 'here' };
          const spec: QueueDefinitionSpec = { constructors: [], nameArg: 0, optionsArg: 0, defaultsProperty: registration.defaultsProperty };
          const finding = retentionFinding(model, entry, spec, definition, false);
          // Defaults of its own would replace the module-wide ones (NestJS merges shallowly), so the
          // suggestion is only offered when there are none to lose.
          if (finding) findings.push(rootHasDefaults ? { ...finding, node: argument, suggestions: [] } : { ...finding, node: argument });
        }
      }
    }
  }
  return findings;
}

/**
 * The module-wide job defaults of `BullModule.forRoot(options)` / `forRoot(configKey, options)` /
 * `forRootAsync({ useFactory: () => options })` in this file: the `defaultsProperty` object, `undefined`
 * when the options set none, `'unknown'` when there is no such call here or its options cannot be read.
 */
function rootDefaults(model: FileModel, roots: readonly Target[], defaultsProperty: string): TS.Expression | undefined | 'unknown' {
  const ts = model.context.ts;
  const calls = roots.flatMap((root) => callsTo(model, root));
  if (calls.length !== 1) return 'unknown';
  const call = calls[0]!;
  let options: TS.ObjectLiteralExpression | undefined;
  const last = call.arguments[call.arguments.length - 1];
  const object = last ? literalObject(ts, last) : undefined;
  if (object && readOption(ts, object, 'useFactory').state === 'set') {
    const factory = readOption(ts, object, 'useFactory');
    const fn = factory.state === 'set' ? functionOf(ts, unwrap(ts, factory.value)) : undefined;
    const returned = fn ? returnedExpression(ts, fn) : undefined;
    options = returned ? literalObject(ts, returned) : undefined;
  } else {
    options = object;
  }
  if (!options || options.properties.some((p) => ts.isSpreadAssignment(p))) return 'unknown';
  const defaults = readOption(ts, options, defaultsProperty);
  if (defaults.state === 'absent') return undefined;
  if (defaults.state !== 'set') return 'unknown';
  const value = literalObject(ts, defaults.value);
  return value && !value.properties.some((p) => ts.isSpreadAssignment(p)) ? value : 'unknown';
}

/** The one value a function returns: an expression body, or a block whose only `return` is at its end. */
function returnedExpression(ts: typeof TS, fn: FunctionLike): TS.Expression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  const returns: TS.ReturnStatement[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) returns.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  const last = body.statements[body.statements.length - 1];
  return returns.length === 1 && returns[0] === last ? returns[0]!.expression : undefined;
}

/** `export const q = new Queue(…)`: other files may enqueue on it. */
function exported(ts: typeof TS, node: TS.Node): boolean {
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration)) return false;
  const statement = declaration.parent?.parent;
  return !!statement && ts.isVariableStatement(statement) && !!ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function requiredOptionFindings(model: FileModel, required: Record<string, string[]>): Finding[] {
  const ts = model.context.ts;
  const findings: Finding[] = [];
  for (const site of model.enqueues) {
    const options = required[site.framework.id];
    if (!options || options.length === 0 || site.spec.memoised || site.spec.scheduler || site.spec.builder) continue;
    const definition = site.spec.queueDefinition ? queueDefinitionOf(model.resolver, site.call, site.spec.queueDefinition) : undefined;
    for (const job of jobsOf(model, site)) {
      if (job.options === 'unknown') continue;
      for (const option of options) {
        const own = readOption(ts, job.options, option);
        if (own.state !== 'absent') continue;
        if (site.spec.queueDefinition) {
          if (!definition || definition.options === 'unknown') continue; // defaults elsewhere: unknown here
          const defaults = definition.options ? readOption(ts, definition.options, `${site.spec.queueDefinition.defaultsProperty}.${option}`) : { state: 'absent' as const };
          if (defaults.state !== 'absent') continue;
        }
        findings.push({
          messageId: 'missingOption',
          data: {
            framework: site.framework.title,
            callee: site.call.expression.getText(model.context.sourceFile).replace(/\s+/g, ''),
            job: site.name !== undefined ? `job '${site.name}'` : 'a job',
            option,
          },
          node: job.node,
        });
      }
    }
  }
  return findings;
}
