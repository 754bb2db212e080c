/**
 * Reading and writing the options objects of enqueue and API calls, shared by the producer-side
 * checks (require-idempotency-key, require-retry-policy, require-job-timeout, require-queue-options,
 * no-unstable-idempotency-key, no-non-serializable-job-data). Every reader answers "unknown" when
 * a spread or a variable hides the options: the checks stay silent then rather than guess.
 */
import type * as TS from 'typescript';
import type { EffectSpec, EnqueueSpec } from '../catalogue/types.js';
import type { EnqueueSite, FileModel } from '../analysis/model.js';
import { chainTop, literalObject, propertyValue } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import type { TextEdit } from './types.js';

/** What an option path holds in an object literal. */
export type OptionState =
  | { readonly state: 'set'; readonly value: TS.Expression; readonly property: TS.ObjectLiteralElementLike }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

/**
 * The value at `path` (`deduplication.id`) of an options expression. `absent` only when every
 * object on the way is a literal without spreads; `unknown` when a spread or a non-literal hides it.
 */
export function readOption(ts: typeof TS, expression: TS.Expression | undefined, path: string): OptionState {
  if (!expression) return { state: 'absent' };
  let current: TS.Expression = expression;
  let result: OptionState = { state: 'unknown' };
  for (const segment of path.split('.').filter(Boolean)) {
    const object = literalObject(ts, current);
    if (!object) return { state: 'unknown' };
    const property = findProperty(ts, object, segment);
    if (!property) {
      return object.properties.some((p) => ts.isSpreadAssignment(p)) ? { state: 'unknown' } : { state: 'absent' };
    }
    const value = ts.isPropertyAssignment(property)
      ? property.initializer
      : ts.isShorthandPropertyAssignment(property)
        ? property.name
        : undefined;
    if (!value) return { state: 'unknown' };
    current = value;
    result = { state: 'set', value, property };
  }
  return result;
}

export function findProperty(ts: typeof TS, object: TS.ObjectLiteralExpression, name: string): TS.ObjectLiteralElementLike | undefined {
  for (const property of object.properties) {
    if (!property.name) continue;
    const key = ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name) ? property.name.text : undefined;
    if (key === name) return property;
  }
  return undefined;
}

/** One job of an enqueue call: where its options are (or would go) and its payload. */
export interface JobOptions {
  /** The node a finding about this job is reported at: the call, or the item of a bulk call. */
  readonly node: TS.Node;
  /**
   * The options expression: an object literal (possibly a nested `opts` of a bulk item), or
   * undefined when the call has none. `unknown` when it cannot be read.
   */
  readonly options: TS.Expression | undefined | 'unknown';
  /** Where new options are inserted when `options` is undefined. */
  readonly insert?: { readonly call: TS.CallExpression | TS.NewExpression; readonly arg: number } | { readonly object: TS.ObjectLiteralExpression; readonly property: string };
  readonly payload: TS.Expression | undefined;
}

/** The argument indexes of an enqueue call, with Bull's optional name shifted out. */
export function enqueueArgs(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EnqueueSpec): { payload?: number; options?: number } | undefined {
  const ts = model.context.ts;
  const args = call.arguments ?? [];
  let shift = 0;
  if (spec.optionalName && spec.nameArg !== undefined) {
    const first = args[spec.nameArg];
    if (!first) return undefined;
    const inner = unwrap(ts, first);
    if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner)) shift = 0;
    else if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) shift = 1;
    else return undefined; // a variable could be the name or the data: cannot tell
  }
  const out: { payload?: number; options?: number } = {};
  if (spec.payloadArg !== undefined) out.payload = spec.payloadArg - shift;
  if (spec.optionsArg !== undefined) out.options = spec.optionsArg - shift;
  return out;
}

/** The jobs an enqueue call adds, each with its options; empty when the call cannot be read. */
export function jobsOf(model: FileModel, site: EnqueueSite): JobOptions[] {
  const ts = model.context.ts;
  const { call, spec } = site;
  const args = call.arguments ?? [];
  if (spec.bulk) {
    const list = args[spec.bulk.arg];
    const array = list && unwrap(ts, list);
    if (!array || !ts.isArrayLiteralExpression(array)) return [];
    const jobs: JobOptions[] = [];
    for (const element of array.elements) {
      const item = literalObject(ts, element);
      if (!item || item.properties.some((p) => ts.isSpreadAssignment(p))) {
        jobs.push({ node: element, options: 'unknown', payload: undefined });
        continue;
      }
      const payload = spec.bulk.itemPayload ? propertyValue(ts, item, spec.bulk.itemPayload) : undefined;
      if (!spec.bulk.itemOptions) {
        jobs.push({ node: element, options: item, payload });
        continue;
      }
      const state = readOption(ts, item, spec.bulk.itemOptions);
      if (state.state === 'set') {
        jobs.push({ node: element, options: literalObject(ts, state.value) ?? 'unknown', payload });
      } else {
        jobs.push({ node: element, options: undefined, insert: { object: item, property: spec.bulk.itemOptions }, payload });
      }
    }
    return jobs;
  }
  const indexes = enqueueArgs(model, call, spec);
  if (!indexes) return [];
  const payload = indexes.payload !== undefined ? args[indexes.payload] : undefined;
  if (indexes.options === undefined) return [{ node: call, options: undefined, payload }];
  const argument = args[indexes.options];
  if (!argument) return [{ node: call, options: undefined, insert: { call, arg: indexes.options }, payload }];
  // Inngest `send([{...}, {...}])`: one job per event.
  const array = unwrap(ts, argument);
  if (ts.isArrayLiteralExpression(array) && indexes.options === indexes.payload) {
    return array.elements.map((element) => ({ node: element, options: literalObject(ts, element) ?? 'unknown', payload: element }));
  }
  let options: TS.Expression | 'unknown' = literalObject(ts, argument) ?? 'unknown';
  if (options !== 'unknown' && spec.optionsPath) {
    const state = readOption(ts, options, spec.optionsPath);
    if (state.state === 'set') options = literalObject(ts, state.value) ?? 'unknown';
    else if (state.state === 'absent') {
      return [{ node: call, options: undefined, insert: { object: options as TS.ObjectLiteralExpression, property: spec.optionsPath }, payload }];
    } else options = 'unknown';
  }
  return [{ node: call, options, payload }];
}

/** Names of methods called on the builder a call returns (`createJob(d).setId(x).save()` → setId, save). */
export function builderMethods(ts: typeof TS, call: TS.CallExpression | TS.NewExpression): { methods: Map<string, TS.CallExpression>; decided: boolean } {
  const methods = new Map<string, TS.CallExpression>();
  let node: TS.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.parent && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      methods.set(parent.name.text, parent.parent);
      node = parent.parent;
      continue;
    }
    break;
  }
  // The chain ends in a statement, an await or a return: nothing else configures the job later.
  let top: TS.Node = node;
  while (top.parent && (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent))) top = top.parent;
  const parent = top.parent;
  const decided = !!parent && (ts.isExpressionStatement(parent) || ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === top));
  return { methods, decided };
}

/** Is the node inside the callback of a durable step (`step.run(id, fn)`)? Enqueues and calls there are memoised. */
export function insideStep(model: FileModel, node: TS.Node): boolean {
  const ts = model.context.ts;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current)) {
      for (const { role } of model.resolver.matchCall(current)) {
        if (role.role !== 'step') continue;
        const callback = current.arguments[role.spec.callbackArg];
        if (callback && callback.pos <= node.pos && node.end <= callback.end) return true;
      }
    }
  }
  return false;
}

/**
 * Edits that add `entries` (option path → code) to the options of a job: into the object literal
 * (nested paths into their parent object, created when missing), or as a new options argument or
 * property when there are none.
 */
export function addOptions(model: FileModel, job: Pick<JobOptions, 'options' | 'insert'>, entries: Readonly<Record<string, string>>): TextEdit[] | undefined {
  const ts = model.context.ts;
  const sourceFile = model.context.sourceFile;
  if (job.options === 'unknown') return undefined;
  if (job.options) {
    const object = literalObject(ts, job.options);
    return object ? insertIntoObject(ts, sourceFile, object, entries) : undefined;
  }
  if (!job.insert) return undefined;
  const literal = objectText(entries);
  if ('object' in job.insert) {
    return appendProperty(ts, sourceFile, job.insert.object, `${job.insert.property}: ${literal}`);
  }
  const { call, arg } = job.insert;
  const args = call.arguments ?? ts.factory.createNodeArray();
  const padding = Array.from({ length: Math.max(0, arg - args.length) }, () => 'undefined');
  const text = [...padding, literal].join(', ');
  if (args.length === 0) {
    const open = call.getText(sourceFile).lastIndexOf('(');
    if (open < 0) return undefined;
    const at = call.getStart(sourceFile) + open + 1;
    return [{ range: [at, at], text }];
  }
  const last = args[args.length - 1]!;
  return [{ range: [last.getEnd(), last.getEnd()], text: `, ${text}` }];
}

/** `{ a: 1, b: { c: 2 } }` from `{ a: '1', 'b.c': '2' }`. */
export function objectText(entries: Readonly<Record<string, string>>): string {
  const tree: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(entries)) {
    const parts = path.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  const render = (node: Record<string, unknown>): string =>
    `{ ${Object.entries(node).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : render(value as Record<string, unknown>)}`).join(', ')} }`;
  return render(tree);
}

function insertIntoObject(ts: typeof TS, sourceFile: TS.SourceFile, object: TS.ObjectLiteralExpression, entries: Readonly<Record<string, string>>): TextEdit[] | undefined {
  // Group by first segment: nested paths go into an existing nested literal when there is one.
  const direct: string[] = [];
  const edits: TextEdit[] = [];
  const groups = new Map<string, Record<string, string>>();
  for (const [path, value] of Object.entries(entries)) {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) direct.push(`${head}: ${value}`);
    else {
      const group = groups.get(head!) ?? {};
      group[rest.join('.')] = value;
      groups.set(head!, group);
    }
  }
  for (const [head, group] of groups) {
    const property = findProperty(ts, object, head);
    if (property) {
      const value = ts.isPropertyAssignment(property) ? unwrap(ts, property.initializer) : undefined;
      if (!value || !ts.isObjectLiteralExpression(value)) return undefined;
      const nested = insertIntoObject(ts, sourceFile, value, group);
      if (!nested) return undefined;
      edits.push(...nested);
    } else {
      direct.push(`${head}: ${objectText(group)}`);
    }
  }
  if (direct.length > 0) {
    const appended = appendProperty(ts, sourceFile, object, direct.join(', '));
    if (!appended) return undefined;
    edits.push(...appended);
  }
  return edits;
}

/** Adds `text` as the last property of an object literal, keeping its one-line or multi-line layout. */
function appendProperty(ts: typeof TS, sourceFile: TS.SourceFile, object: TS.ObjectLiteralExpression, text: string): TextEdit[] {
  const properties = object.properties;
  const close = object.getEnd() - 1;
  if (properties.length === 0) return [{ range: [object.getStart(sourceFile), object.getEnd()], text: `{ ${text} }` }];
  const last = properties[properties.length - 1]!;
  const source = sourceFile.text;
  const between = source.slice(last.getEnd(), close);
  const trailingComma = between.trimStart().startsWith(',');
  const multiline = source.slice(object.getStart(sourceFile), close).includes('\n');
  if (multiline) {
    const lineStart = source.lastIndexOf('\n', last.getStart(sourceFile)) + 1;
    const indent = source.slice(lineStart, last.getStart(sourceFile)).match(/^\s*/)![0];
    const at = trailingComma ? last.getEnd() + between.indexOf(',') + 1 : last.getEnd();
    return [{ range: [at, at], text: `${trailingComma ? '' : ','}\n${indent}${text}${trailingComma ? ',' : ''}` }];
  }
  return [{ range: [last.getEnd(), last.getEnd()], text: `, ${text}` }];
}

/** Edits that add a named import (`agenda#exponential`) unless the name is already in scope. */
export function addImport(model: FileModel, ref: string): TextEdit[] {
  const ts = model.context.ts;
  const sourceFile = model.context.sourceFile;
  const [module, name] = ref.split('#') as [string, string];
  if (findDeclaration(ts, name, sourceFile.statements[0] ?? sourceFile)) return [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteralLike(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== module) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && !statement.importClause?.isTypeOnly) {
      const last = bindings.elements[bindings.elements.length - 1];
      if (last) return [{ range: [last.getEnd(), last.getEnd()], text: `, ${name}` }];
    }
  }
  return [{ range: [0, 0], text: `import { ${name} } from '${module}';\n` }];
}

/** Text of a call's callee without whitespace (`this.queue.add`). */
export function calleeOf(model: FileModel, call: TS.CallExpression | TS.NewExpression): string {
  return call.expression.getText(model.context.sourceFile).replace(/\s+/g, '');
}

export { chainTop };

/**
 * Does this call go to an API that dedupes by key? False only when the key works with an option
 * that the call visibly lacks (an SQS/SNS send without `MessageGroupId` goes to a standard queue).
 */
export function acceptsKey(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EffectSpec): boolean {
  const key = spec.idempotencyKey;
  if (!key) return false;
  if (!key.onlyWith) return true;
  const ts = model.context.ts;
  const arg = typeof key.arg === 'number' ? key.arg : 0;
  let input: TS.Expression | undefined = call.arguments?.[arg];
  if (spec.argumentConstructor && spec.argumentConstructor.arg === arg && input) {
    const inner = unwrap(ts, input);
    input = ts.isNewExpression(inner) ? inner.arguments?.[0] : undefined;
  }
  if (key.entries) {
    // A batch send accepts keys when any entry may go to a FIFO queue/topic.
    const list = readOption(ts, input, key.entries);
    const array = list.state === 'set' ? unwrap(ts, list.value) : undefined;
    if (!array || !ts.isArrayLiteralExpression(array)) return list.state !== 'absent';
    return array.elements.some((element) => {
      const entry = ts.isSpreadElement(element) ? undefined : literalObject(ts, element);
      return !entry || readOption(ts, entry, key.onlyWith!).state !== 'absent';
    });
  }
  return readOption(ts, input, key.onlyWith).state !== 'absent';
}
