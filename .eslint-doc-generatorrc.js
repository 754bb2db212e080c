/**
 * eslint-doc-generator (npm run docs; npm run docs:check in npm test): the title and notices at the
 * top of each rules/<id>.md and the rules table in README.md, generated from the built plugin
 * (dist/src/index.js, found through package.json `exports`; build first).
 *
 * @type {import('eslint-doc-generator').GenerateOptions}
 */
const config = {
  pathRuleDoc: 'rules/{name}.md',
  pathRuleList: 'README.md',
  // Our docs start with `# <id>` (a meta-test checks it), not `# job-audit/<id>`.
  ruleDocTitleFormat: 'name',
  // Each doc states its description in its own words right below the generated header.
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking'],
  // Every page has an `## Options` section (saying "none" when the rule takes none), so the
  // generator's own check (Options only when the schema has options) does not apply; it checks
  // the house sections instead.
  ruleDocSectionOptions: false,
  ruleDocSectionInclude: ['Why', 'Examples', 'Options', 'Fixes and suggestions', 'What it cannot see', 'When not to use it'],
  // Empty columns are hidden: `requiresTypeChecking` appears once a rule sets
  // meta.docs.requiresTypeChecking (none does today: type information only widens what they recognise).
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'requiresTypeChecking'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['all', '🌐'],
    ['recommended-type-checked', '☑️'],
    ['strict-type-checked', '🔐'],
    ['all-type-checked', '🌍'],
  ],
  // `all` enables every rule and each `*-type-checked` preset enables the same rules as its base
  // preset (with typed linting on): showing them would repeat the same marks on every row.
  ignoreConfig: ['all', 'recommended-type-checked', 'strict-type-checked', 'all-type-checked'],
};

export default config;
