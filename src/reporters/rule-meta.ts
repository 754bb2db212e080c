/** What reporters know about a rule beyond the report: its description and docs URL, from rule meta. */
import { rules } from '../../rules/index.js';
import { ruleDocsUrl } from '../eslint/create-rule.js';

export interface RuleInfo {
  readonly id: string;
  readonly description: string;
  readonly url: string;
  readonly type: string;
}

export function ruleInfo(id: string): RuleInfo {
  const rule = (rules as Record<string, { meta: { type: string; docs?: { description?: string; url?: string } } }>)[id];
  return {
    id,
    description: rule?.meta.docs?.description ?? id,
    url: rule?.meta.docs?.url ?? ruleDocsUrl(id),
    type: rule?.meta.type ?? 'problem',
  };
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Every rule of the plugin, plus any other rule the report mentions, sorted. */
export function ruleIdsOf(report: { readonly findings: readonly { readonly rule: string }[] }): string[] {
  return [...new Set([...Object.keys(rules), ...report.findings.map((finding) => finding.rule)])].sort();
}
