/**
 * eslint-plugin-job-audit: the plugin object. Configs are derived from each rule's
 * `meta.docs.recommended`: `recommended` ⊂ `strict` ⊂ `all`.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import { rules, type RuleId } from '../rules/index.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../../package.json') as { name: string; version: string };

type Preset = 'recommended' | 'strict' | 'all';
type TypedPreset = `${Preset}-type-checked`;
const LEVELS: Record<Preset, readonly string[]> = {
  recommended: ['recommended'],
  strict: ['recommended', 'strict'],
  all: ['recommended', 'strict', 'all'],
};

export const PLUGIN_NAMESPACE = 'job-audit';

const plugin = {
  meta: { name, version, namespace: PLUGIN_NAMESPACE },
  rules,
  configs: {} as Record<Preset | TypedPreset, TSESLint.FlatConfig.Config>,
};

/**
 * Options the `strict` preset (and `all`, which includes it) sets: they widen a rule, so
 * `recommended` leaves them at their defaults (rules.md: "`recommended` never enables an option
 * that widens a rule").
 */
const STRICT_OPTIONS: Partial<Record<RuleId, readonly [Record<string, unknown>]>> = {
  'require-retry-policy': [{ requireExplicit: true }],
  'require-job-timeout': [{ requireExplicit: true }],
  'no-check-then-act': [{ checkGuards: true }],
};

function preset(level: Preset): TSESLint.FlatConfig.Config {
  const enabled: Partial<Record<`job-audit/${RuleId}`, TSESLint.FlatConfig.RuleEntry>> = {};
  for (const [id, rule] of Object.entries(rules) as [RuleId, (typeof rules)[RuleId]][]) {
    if (!rule.meta.docs || !LEVELS[level].includes(rule.meta.docs.recommended)) continue;
    const options = level === 'recommended' ? undefined : STRICT_OPTIONS[id];
    enabled[`job-audit/${id}`] = options ? ['error', ...options] : 'error';
  }
  return {
    name: `job-audit/${level}`,
    plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: enabled,
  };
}

for (const level of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[level] = preset(level);
  // The same rules with typed linting switched on: clients whose type comes from another file
  // (`import { mailer } from './mailer'`) are then recognised by their declared type.
  plugin.configs[`${level}-type-checked`] = {
    ...preset(level),
    name: `job-audit/${level}-type-checked`,
    languageOptions: { parserOptions: { projectService: true } },
  };
}

export const configs = plugin.configs;
export { rules };
export default plugin;
