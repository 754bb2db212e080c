/** RuleTester wired to vitest (no globals), with the typescript-eslint parser. */
import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * `run` typed against this package's `@typescript-eslint/utils` (the rule tester may resolve another
 * copy of it, whose `RuleModule` type is nominally different).
 */
export interface JobAuditRuleTester {
  run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: TSESLint.RuleModule<MessageIds, Options, any>,
    tests: RunTests<NoInfer<MessageIds>, NoInfer<Options>>,
  ): void;
}

export function createRuleTester(): JobAuditRuleTester {
  const tester = new RuleTester();
  return { run: (name, rule, tests) => tester.run(name, rule as never, tests as never) };
}

/** Strips the common indentation of a template literal, so cases read naturally. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  // A multi-line value takes the indentation of the line it is interpolated on.
  const raw = strings.reduce((out, part, i) => {
    if (i >= values.length) return out + part;
    const soFar = out + part;
    const indent = soFar.slice(soFar.lastIndexOf('\n') + 1).match(/^ */)![0];
    return soFar + String(values[i]).replace(/\n/g, `\n${indent}`);
  }, '');
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}
