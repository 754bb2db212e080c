/**
 * no-side-effect-outside-step: in a durable function that replays (Inngest `createFunction`, and any
 * catalogue framework with `replaying: true` and `steps`), an external effect, write or enqueue
 * outside a step runs again on every replay; a step call nested inside a step callback is reported too.
 * Within a transaction only the transaction call is reported (moving it into a step fixes all its writes).
 */
import type * as TS from 'typescript';
import type { JobFramework } from '../catalogue/types.js';
import { parseTarget } from '../analysis/catalogue.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { reachableFunctions } from '../analysis/control-flow.js';
import { unwrap } from '../analysis/syntax.js';
import { calleeText, chainSuffix, jobLabel, operationLabel } from './describe.js';
import type { Check, Finding } from './types.js';

export const messages = {
  outsideStep:
    '{{effect}} in {{job}}{{via}} runs outside a step: {{framework}} replays the function from the top for every step, ' +
    'so it runs again on each replay. Move it into `{{step}}(…)`, whose result is memoised.',
  nestedStep:
    '`{{call}}` is nested inside `{{outer}}` in {{job}}: a step inside a step callback is not memoised as its own step ' +
    'and breaks replay. Call it from the function body, next to `{{outer}}`.',
} as const;

export type MessageIds = keyof typeof messages;

const KINDS = new Set(['effect', 'write', 'enqueue', 'transaction']);

export const check: Check = {
  id: 'no-side-effect-outside-step',
  messages,
  check(model) {
    const findings: Finding[] = [];
    const seen = new Set<TS.Node>();
    for (const handler of model.handlers) {
      const framework = handler.framework;
      if (!framework.replaying || !framework.steps?.length) continue;
      const job = jobLabel(model, handler);
      for (const op of model.operations(handler)) {
        if (!KINDS.has(op.kind) || op.step) continue;
        if (op.role.role === 'enqueue' && op.role.spec.memoised) continue;
        if (op.transaction && op.kind !== 'transaction') continue;
        if (seen.has(op.call)) continue;
        seen.add(op.call);
        findings.push({
          messageId: 'outsideStep',
          data: {
            effect: capitalize(operationLabel(model, op)),
            job,
            via: chainSuffix(model, op),
            framework: framework.title,
            step: stepName(model, handler, framework),
          },
          node: op.expression,
          job,
          chain: op.chain,
        });
      }
      for (const { call, outer } of nestedSteps(model, handler, framework)) {
        if (seen.has(call)) continue;
        seen.add(call);
        const ts = model.context.ts;
        findings.push({
          messageId: 'nestedStep',
          data: { call: calleeText(ts, call.getSourceFile(), call), outer: calleeText(ts, outer.getSourceFile(), outer), job },
          node: call,
          job,
        });
      }
    }
    return findings;
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `step.run` as the user spells the step object, when the handler destructures it; the catalogue path otherwise. */
function stepName(model: FileModel, handler: Handler, framework: JobFramework): string {
  const path = parseTarget(framework.steps![0]!.call).path.join('.');
  const ts = model.context.ts;
  const first = handler.fn.parameters[0];
  if (first && ts.isObjectBindingPattern(first.name)) {
    for (const element of first.name.elements) {
      const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
      if ((property ?? (ts.isIdentifier(element.name) ? element.name.text : '')) === 'step' && ts.isIdentifier(element.name)) {
        return `${element.name.text}.${path}`;
      }
    }
  }
  return `step.${path}`;
}

/**
 * Calls on a step object (`step.sleep`, `step.run`, …) made inside the callback of a step call, in
 * the handler and the same-file helpers it calls.
 */
function nestedSteps(model: FileModel, handler: Handler, framework: JobFramework): { call: TS.CallExpression; outer: TS.CallExpression }[] {
  const ts = model.context.ts;
  const resolver = model.resolver;
  const stepTypes = new Set(framework.steps!.map((step) => parseTarget(step.call)).filter((p) => p.kind === 'instance').map((p) => p.base));
  const found: { call: TS.CallExpression; outer: TS.CallExpression }[] = [];
  const isStepCall = (call: TS.CallExpression): boolean => {
    const callee = resolver.resolve(call.expression);
    return callee !== undefined && callee.kind === 'instance' && stepTypes.has(callee.base) && callee.path.length === 1;
  };
  const stepCallback = (call: TS.CallExpression): TS.Node | undefined => {
    for (const { role } of resolver.matchCall(call)) {
      if (role.role === 'step' && role.entry === framework) {
        const argument = call.arguments[role.spec.callbackArg];
        return argument ? unwrap(ts, argument) : undefined;
      }
    }
    return undefined;
  };
  for (const fn of reachableFunctions(resolver, handler.fn)) {
    const visit = (node: TS.Node, outer: TS.CallExpression | undefined): void => {
      if (ts.isCallExpression(node)) {
        if (outer && isStepCall(node)) found.push({ call: node, outer });
        const callback = stepCallback(node);
        if (callback) {
          node.forEachChild((child) => visit(child, child === callback ? node : outer));
          return;
        }
      }
      node.forEachChild((child) => visit(child, outer));
    };
    if (fn.body) visit(fn.body, undefined);
  }
  return found;
}

