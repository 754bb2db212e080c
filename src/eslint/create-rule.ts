/**
 * Rule plumbing: `createRule` (typed meta, docs URL) and `checkRule`, which turns a check from
 * `src/checks/` into an ESLint rule that reports the check's findings for the file once, on `Program`.
 */
import type { TSESLint } from '@typescript-eslint/utils';
// The `eslint-utils` entry point only: the package root would load all of ESLint into the CLI.
import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';
import type * as TS from 'typescript';
import { builtinCatalogue, type CompiledCatalogue } from '../analysis/catalogue.js';
import { getFileModel } from '../analysis/model.js';
import { reachesCatalogue } from '../analysis/relevance.js';
import type { Check, Finding, TextEdit } from '../checks/types.js';
import { catalogueFromSettings } from '../config/load.js';
import { sourceFor } from './source-file.js';

export const REPOSITORY_URL = 'https://github.com/job-audit/eslint-plugin-job-audit';

export interface JobAuditDocs {
  description: string;
  /** The smallest preset that enables the rule. */
  recommended: 'recommended' | 'strict' | 'all';
  requiresTypeChecking?: boolean;
}

export const ruleDocsUrl = (name: string): string => `${REPOSITORY_URL}/blob/main/rules/${name}.md`;

export const createRule = ESLintUtils.RuleCreator<JobAuditDocs>(ruleDocsUrl);

type RuleMeta<MessageIds extends string, Options extends readonly unknown[]> = ESLintUtils.NamedCreateRuleMeta<MessageIds, JobAuditDocs, Options>;

/** The check behind each rule, so the CLI runs exactly what ESLint runs. */
const checksByRule = new WeakMap<object, Check<readonly unknown[]>>();

export function checkOf(rule: object): Check<readonly unknown[]> | undefined {
  return checksByRule.get(rule);
}

/** An ESLint rule whose logic is a shared check. */
export function checkRule<MessageIds extends string, Options extends readonly unknown[]>(definition: {
  name: string;
  meta: RuleMeta<MessageIds, Options>;
  defaultOptions: Options;
  check: Check<Options>;
}) {
  const rule = createRule<Options, MessageIds>({
    name: definition.name,
    meta: definition.meta,
    defaultOptions: definition.defaultOptions,
    create(context, options) {
      const { ts, sourceFile, checker } = sourceFor(context);
      const catalogue = catalogueFromSettings(context.settings);
      // Without types, a file that imports no module the catalogue knows cannot hold job code:
      // the rule listens to nothing there.
      if (!checker && !relevant(ts, sourceFile, catalogue ?? builtinCatalogue())) return {};
      return {
        Program() {
          let findings: Finding[];
          try {
            findings = definition.check.check(getFileModel(ts, sourceFile, { checker, catalogue }), options as Options);
          } catch (error) {
            // Pathologically nested code: skip the file rather than crash the lint run (the CLI notes it).
            if (error instanceof RangeError) return;
            throw error;
          }
          for (const finding of findings) context.report(toDescriptor<MessageIds>(context, finding));
        },
      };
    },
  });
  checksByRule.set(rule, definition.check as unknown as Check<readonly unknown[]>);
  return rule;
}

const relevance = new WeakMap<object, WeakMap<CompiledCatalogue, boolean>>();

/** `reachesCatalogue`, once per file for all the plugin's rules. */
function relevant(ts: typeof TS, sourceFile: TS.SourceFile, catalogue: CompiledCatalogue): boolean {
  let byCatalogue = relevance.get(sourceFile);
  if (!byCatalogue) relevance.set(sourceFile, (byCatalogue = new WeakMap()));
  let answer = byCatalogue.get(catalogue);
  if (answer === undefined) byCatalogue.set(catalogue, (answer = reachesCatalogue(ts, sourceFile, catalogue)));
  return answer;
}

function toDescriptor<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
  finding: Finding,
): TSESLint.ReportDescriptor<MessageIds> {
  const sourceCode = context.sourceCode;
  const start = finding.node.getStart(finding.node.getSourceFile());
  const end = finding.node.getEnd();
  const applied = (edits: readonly TextEdit[]) => (fixer: TSESLint.RuleFixer) =>
    edits.map((edit) => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text));
  return {
    messageId: finding.messageId as MessageIds,
    data: finding.data,
    loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) },
    ...(finding.fix ? { fix: applied(finding.fix) } : {}),
    ...(finding.suggestions
      ? {
          suggest: finding.suggestions.map((suggestion) => ({
            messageId: suggestion.messageId as MessageIds,
            data: suggestion.data ?? {},
            fix: applied(suggestion.edits),
          })),
        }
      : {}),
  };
}
