/**
 * no-unstable-idempotency-key: a dedup or idempotency key (any key option of the catalogue: `jobId`,
 * `singletonKey`, `idempotencyKey`, `MessageDeduplicationId`, an `Idempotency-Key` header, …) built
 * from a value that changes on every call (`Date.now()`, `new Date()`, `Math.random()`,
 * `crypto.randomUUID()`, uuid v1/v4, nanoid, cuid), directly or through a local `const`. Values passed
 * through another function (`startOfDay(new Date())`, `hash(…)`) are taken as intentional.
 */
import type * as TS from 'typescript';
import type { EffectSpec } from '../catalogue/types.js';
import type { FileModel } from '../analysis/model.js';
import { httpMethod, propertyValue } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { effectOptionsArgument } from './require-idempotency-key.js';
import { builderMethods, jobsOf, readOption } from './options.js';
import type { Check, Finding } from './types.js';

export const messages = {
  unstableKey:
    'The {{option}} of {{what}} is built from `{{source}}`, which is different on every call: a retry, a redelivery or ' +
    'a double click gets a new key, so nothing is deduplicated. Derive it from what identifies the work (a payload ' +
    'id, the job or event id, a hash of the payload); an intentional time bucket such as `startOfDay(…)` is fine.',
} as const;

export type MessageIds = keyof typeof messages;

/** Callees whose result differs on every call (module#export plus member path). */
const UNSTABLE_CALLS = new Set([
  'global#Date.now',
  'global#Math.random',
  'global#crypto.randomUUID',
  'global#performance.now',
  'crypto#randomUUID',
  'crypto#randomBytes',
  'uuid#v1',
  'uuid#v4',
  'uuid#v6',
  'uuid#v7',
  'nanoid#nanoid',
  'cuid#default',
  'cuid#cuid',
  '@paralleldrive/cuid2#createId',
  'ulid#ulid',
]);
/** Methods that only format their receiver: `new Date().toISOString()` is as unstable as `new Date()`. */
const FORMATTERS = new Set(['toString', 'toISOString', 'toJSON', 'getTime', 'valueOf', 'toUTCString', 'slice', 'substring', 'replace', 'toLowerCase', 'toUpperCase']);

/** Methods that cut a string: applied to a timestamp they make a bucket (a day, an hour). */
const TRUNCATORS = new Set(['slice', 'substring', 'substr']);

/** Is the unstable source a clock reading (rather than a random value)? */
function isClock(source: string): boolean {
  return /^(new Date\(\)|Date\.now\(\)|performance\.now\(\))/.test(source);
}

export const check: Check = {
  id: 'no-unstable-idempotency-key',
  messages,
  check(model) {
    const ts = model.context.ts;
    const findings: Finding[] = [];
    const seen = new Set<TS.Node>();
    const report = (reportNode: TS.Node, value: TS.Expression, option: string, what: string): void => {
      if (seen.has(reportNode)) return;
      const source = unstableSource(model, value, 0);
      if (!source) return;
      seen.add(reportNode);
      findings.push({ messageId: 'unstableKey', data: { option: `\`${option}\``, what, source }, node: reportNode });
    };

    for (const site of model.enqueues) {
      const what = `${site.framework.title} ${site.name !== undefined ? `job '${site.name}'` : 'job'}`;
      if (site.spec.keyMethods) {
        const { methods } = builderMethods(ts, site.call);
        for (const method of site.spec.keyMethods) {
          const call = methods.get(method);
          const argument = call?.arguments[0];
          if (call && argument) report(call, argument, `.${method}()`, what);
        }
      }
      // Batch-level options of a bulk enqueue (Trigger.dev `batchTrigger(items, { idempotencyKey })`).
      const batchArg = site.spec.bulk?.batchKeyArg;
      const batchOptions = batchArg !== undefined ? site.call.arguments?.[batchArg] : undefined;
      if (batchOptions) {
        for (const path of site.spec.keyOptions) {
          const state = readOption(ts, batchOptions, path);
          if (state.state === 'set') report(keyNode(ts, state.property, site.call), state.value, path, what);
        }
      }
      for (const job of jobsOf(model, site)) {
        if (job.options === 'unknown' || !job.options) continue;
        for (const path of site.spec.keyOptions) {
          const state = readOption(ts, job.options, path);
          if (state.state === 'set') report(keyNode(ts, state.property, site.call), state.value, path, what);
        }
      }
    }

    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        for (const { role } of model.resolver.matchCall(node)) {
          if (role.role !== 'effect') continue;
          const what = role.spec.label.replace('{callee}', node.expression.getText(model.context.sourceFile)).replace('{method}', httpMethod(model.resolver, role.spec, node) ?? '').replace(/\s+/g, ' ');
          for (const { value, property, option } of effectKeys(model, node, role.spec)) report(keyNode(ts, property, node), value, option, what);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(model.context.sourceFile);
    return findings;
  },
};

/** The property when the call spans lines (its own line), else the call. */
function keyNode(ts: typeof TS, property: TS.Node, call: TS.Node): TS.Node {
  const sourceFile = call.getSourceFile();
  const line = (pos: number) => ts.getLineAndCharacterOfPosition(sourceFile, pos).line;
  return line(call.getStart(sourceFile)) === line(call.getEnd()) ? call : property;
}

function effectKeys(model: FileModel, call: TS.CallExpression | TS.NewExpression, spec: EffectSpec): { value: TS.Expression; property: TS.Node; option: string }[] {
  const ts = model.context.ts;
  const out: { value: TS.Expression; property: TS.Node; option: string }[] = [];
  const key = spec.idempotencyKey;
  if (key) {
    const places = [...(key.arg === 'any' ? (call.arguments ?? []).map((_, arg) => ({ arg, path: key.path })) : [{ arg: key.arg, path: key.path }]), ...(key.alternatives ?? [])];
    for (const place of places) {
      const argument = effectOptionsArgument(model, call, spec, place.arg);
      if (key.entries) {
        // A batch send: the key of each entry (`Entries[i].MessageDeduplicationId`).
        const list = readOption(ts, argument, key.entries);
        const array = list.state === 'set' ? unwrap(ts, list.value) : undefined;
        for (const element of array && ts.isArrayLiteralExpression(array) ? array.elements : []) {
          const state = readOption(ts, element, place.path);
          if (state.state === 'set') out.push({ value: state.value, property: state.property, option: place.path });
        }
        continue;
      }
      const state = readOption(ts, argument, place.path);
      if (state.state === 'set') out.push({ value: state.value, property: state.property, option: place.path });
    }
  }
  if (spec.headers) {
    const options = call.arguments?.[spec.headers.arg];
    const headers = options ? propertyValue(ts, options, spec.headers.property) : undefined;
    const object = headers ? unwrap(ts, headers) : undefined;
    if (object && ts.isObjectLiteralExpression(object)) {
      for (const property of object.properties) {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
        if (name && /^(x-)?idempotency-key$/i.test(name) && ts.isPropertyAssignment(property)) {
          out.push({ value: property.initializer, property, option: name });
        }
      }
    }
  }
  return out;
}

/** The text of the unstable expression a key is built from, if any. */
export function unstableSource(model: FileModel, expression: TS.Expression, depth: number): string | undefined {
  const ts = model.context.ts;
  if (depth > 6) return undefined;
  const node = unwrap(ts, expression);
  const text = () => node.getText(model.context.sourceFile).replace(/\s+/g, ' ');
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      const found = unstableSource(model, span.expression, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return unstableSource(model, node.left, depth + 1) ?? unstableSource(model, node.right, depth + 1);
  }
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const found = unstableSource(model, element, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isNewExpression(node)) {
    const callee = model.resolver.resolve(node.expression);
    if (callee?.kind === 'export' && callee.base === 'global#Date' && callee.path.length === 0 && (node.arguments?.length ?? 0) === 0) return text();
    return undefined;
  }
  if (ts.isCallExpression(node)) {
    const callee = model.resolver.resolve(node.expression);
    if (callee?.kind === 'export') {
      for (const candidate of model.resolver.candidates(callee)) {
        const ref = [candidate.base, ...candidate.path].join('.');
        if (UNSTABLE_CALLS.has(ref)) return text();
        if (candidate.base === 'global#String' && candidate.path.length === 0 && node.arguments[0]) {
          return unstableSource(model, node.arguments[0], depth + 1);
        }
      }
    }
    // `new Date().toISOString()`, `randomUUID().slice(0, 8)`: formatting keeps the instability, but
    // cutting a timestamp (`new Date().toISOString().slice(0, 10)`) makes an intentional time bucket.
    if (ts.isPropertyAccessExpression(node.expression) && FORMATTERS.has(node.expression.name.text)) {
      const inner = unstableSource(model, node.expression.expression, depth + 1);
      if (inner && TRUNCATORS.has(node.expression.name.text) && isClock(inner)) return undefined;
      return inner;
    }
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(ts, node.text, node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
      return unstableSource(model, declaration.initializer, depth + 1);
    }
  }
  return undefined;
}
