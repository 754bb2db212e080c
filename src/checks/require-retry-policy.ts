/**
 * require-retry-policy: jobs whose effective retry policy is a dangerous framework default because
 * nothing set it (no retry at all, or unlimited retries), retries without backoff, and, with
 * `requireExplicit`, any job that leaves retries to the framework. The facts (option names,
 * defaults, backoff options, suggested code) come from each framework's `retry` catalogue entry.
 */
import type * as TS from 'typescript';
import type { JobFramework, RetryFacts } from '../catalogue/types.js';
import type { FileModel } from '../analysis/model.js';
import { unwrap } from '../analysis/syntax.js';
import { addImport, readOption } from './options.js';
import { namedQueueSites, numberValue, optionSource, policySites, suggestionEdits, suggestionText, type OptionSource, type PolicySite } from './policy.js';
import type { Check, Finding, Suggestion, TextEdit } from './types.js';

export const messages = {
  noRetry:
    '{{framework}} runs {{job}} once: no `{{option}}` {{where}}, and the default is {{effective}}. A transient failure ' +
    '(a timeout, a deploy, a rate limit) loses the job for good. Set a bounded retry with backoff, e.g. `{{code}}`.',
  unlimitedRetries:
    '{{framework}} retries {{job}} without limit: no `{{option}}` {{where}}, and the default is {{effective}}. A ' +
    'permanent failure retries forever and repeats every side effect. Bound it, e.g. `{{code}}`.',
  implicitDefault:
    '{{framework}} leaves the retries of {{job}} to its default ({{effective}}): no `{{option}}` {{where}}. ' +
    'Write the policy down so a reader (and a framework upgrade) cannot change it silently, e.g. `{{code}}`.',
  retryWithoutBackoff:
    '{{framework}} retries {{job}} ({{option}}: {{value}}) with no backoff or delay: a failing dependency is hit again ' +
    'at once, in a tight loop. Add a backoff, e.g. `{{code}}`.',
  addRetryPolicy: 'Add `{{code}}`',
} as const;

export type MessageIds = keyof typeof messages;
export type Options = [{ requireExplicit?: boolean }?];

export const check: Check<Options> = {
  id: 'require-retry-policy',
  messages,
  check(model, options) {
    const requireExplicit = options[0]?.requireExplicit === true;
    const findings: Finding[] = [];
    const reported = new Set<TS.Node>();
    const frameworks = new Set<JobFramework>([...model.handlers.map((h) => h.framework), ...model.enqueues.map((e) => e.framework)]);
    for (const entry of model.context.catalogue.entries) {
      if (entry.kind === 'framework' && entry.retry && entry.retry.at.kind === 'call') frameworks.add(entry);
    }
    for (const framework of frameworks) {
      const facts = framework.retry;
      if (!facts) continue;
      let project: ProjectDefault | undefined;
      if (facts.defaultOutsideCode) {
        // Only the analyzer can read the project file that holds the default.
        project = projectDefault(model, facts);
        if (!project || project.state === 'unknown' || project.state === 'set') continue;
      }
      for (const site of [...namedQueueSites(model, framework), ...policySites(model, framework, facts.at, facts.builderMethod === true)]) {
        const finding = evaluate(model, site, facts, requireExplicit, project);
        if (finding && !reported.has(finding.node)) {
          reported.add(finding.node);
          findings.push(finding);
        }
      }
    }
    return findings;
  },
};

type ProjectDefault = { readonly state: 'set' | 'absent' | 'unknown'; readonly file: string };

/** The project-level default (Trigger.dev `retries.default.maxAttempts` in trigger.config.ts), analyzer only. */
function projectDefault(model: FileModel, facts: RetryFacts): ProjectDefault | undefined {
  const ts = model.context.ts;
  const spec = facts.projectDefault;
  const host = model.context.host;
  if (!spec || !host?.fileAt) return undefined;
  // The nearest config file in the source's directory or above (a few levels: configs sit at the project root).
  let config: TS.SourceFile | undefined;
  for (let depth = 0; depth < 8 && !config; depth++) {
    for (const name of spec.files) {
      config = host.fileAt(model.context.sourceFile, `${depth === 0 ? './' : '../'.repeat(depth)}${name}`);
      if (config) break;
    }
  }
  if (!config) return undefined;
  const file = config.fileName.slice(config.fileName.replace(/\\/g, '/').lastIndexOf('/') + 1);
  for (const statement of config.statements) {
    if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue;
    let value = unwrap(ts, statement.expression);
    if (ts.isCallExpression(value) && value.arguments[0]) value = unwrap(ts, value.arguments[0]);
    if (!ts.isObjectLiteralExpression(value)) return { state: 'unknown', file };
    const state = readOption(ts, value, spec.option).state;
    return { state, file };
  }
  return { state: 'unknown', file };
}

function evaluate(model: FileModel, site: PolicySite, facts: RetryFacts, requireExplicit: boolean, project?: ProjectDefault): Finding | undefined {
  const ts = model.context.ts;
  const count = optionSource(model, site, facts.option);
  if (count.from === 'unknown') return undefined;
  if (facts.counts === 'plugin' && (count.from === 'job' || count.from === 'queue')) {
    const enabled = listHolds(model, count.value, facts.plugin);
    if (enabled === undefined) return undefined;
    if (!enabled) {
      // A plugin list without the retry plugin: no retry, but appending to the list is left to the user.
      return {
        messageId: 'noRetry',
        data: { framework: site.framework.title, job: site.job, option: facts.plugin?.split('#')[1] ?? facts.option, where: `in \`${facts.option}\``, effective: effectiveText(facts), code: suggestionText(facts.suggestion, false) },
        node: site.node,
      };
    }
    return undefined; // the Retry plugin has its own delay
  }
  const builder = site.builder !== undefined;
  const framework = site.framework.title;
  if (count.from === 'absent') {
    if (!count.queueVisible) return undefined; // the queue is defined elsewhere: its defaults are unknown here
    if (site.queue && site.defaultsProperty === '') return undefined; // a named queue (createQueue) reports its own defaults
    const retries = facts.counts === 'attempts' ? facts.default - 1 : facts.default;
    const dangerous = retries === 0 || retries === Infinity;
    if (!dangerous && !requireExplicit) return undefined;
    const code = suggestionText(facts.suggestion, builder);
    const messageId = retries === 0 ? 'noRetry' : retries === Infinity ? 'unlimitedRetries' : 'implicitDefault';
    return {
      messageId,
      data: {
        framework,
        job: site.job,
        option: facts.option,
        where: project ? `here or in \`${facts.projectDefault!.option.split('.').slice(0, -1).join('.')}\` of ${project.file}` : whereText(site),
        effective: effectiveText(facts),
        code,
      },
      node: site.node,
      suggestions: suggestion(model, site, facts, facts.suggestion),
    };
  }
  // The count is written: an explicit choice. Check for a backoff when it retries.
  if (!facts.backoffOptions) return undefined;
  const value = count.from === 'builder' ? numberValue(ts, count.call.arguments[0]) : numberValue(ts, count.value);
  const retries = facts.counts === 'presence' ? 1 : value === undefined ? undefined : facts.counts === 'attempts' ? value - 1 : value;
  if (retries === undefined || retries <= 0) return undefined;
  const backoffs = facts.backoffOptions.map((option) => optionSource(model, site, option));
  if (backoffs.some((source) => source.from !== 'absent')) return undefined;
  const entries = Object.fromEntries(Object.entries(facts.suggestion).filter(([path]) => facts.backoffOptions!.includes(path)));
  const node = reportNode(site, count);
  const atQueue = count.from === 'queue' && !site.queue?.foreign;
  return {
    messageId: 'retryWithoutBackoff',
    data: {
      framework,
      job: atQueue ? `the jobs of queue ${site.queue?.label ?? 'here'}` : site.job,
      option: facts.option,
      value: String(value ?? ''),
      code: suggestionText(entries, builder),
    },
    node,
    ...(atQueue ? {} : { suggestions: suggestion(model, site, facts, entries) }),
  };
}

/** A value written in the queue defaults is reported at the queue definition. */
function reportNode(site: PolicySite, source: OptionSource): TS.Node {
  // A queue of another file (analyzer only) is reported at each enqueue of this file, never in the other file.
  if (source.from === 'queue' && site.queue && !site.queue.foreign) return site.queue.call;
  return site.node;
}

/** Does an array literal hold an element that resolves to `ref` (`Plugins.Retry`)? undefined when it cannot be read. */
function listHolds(model: FileModel, value: TS.Expression, ref: string | undefined): boolean | undefined {
  const ts = model.context.ts;
  if (!ref) return undefined;
  const list = unwrap(ts, value);
  if (!ts.isArrayLiteralExpression(list)) return undefined;
  for (const element of list.elements) {
    if (ts.isSpreadElement(element)) return undefined;
    const resolved = model.resolver.resolve(element);
    if (!resolved || resolved.kind !== 'export') continue;
    for (const candidate of model.resolver.candidates(resolved)) {
      if ([candidate.base, ...candidate.path].join('.') === ref) return true;
    }
  }
  return false;
}

function whereText(site: PolicySite): string {
  if (site.queueDefaultsPossible && site.queue) {
    const name = ` ${site.queue.label}`;
    return `here or in \`${site.defaultsProperty ?? 'defaultJobOptions'}\` of queue${name}`;
  }
  return site.builder ? 'on the job' : 'here';
}

function effectiveText(facts: RetryFacts): string {
  if (facts.counts === 'presence' || facts.counts === 'plugin') return 'no retry';
  if (facts.default === Infinity) return 'unlimited attempts';
  if (facts.counts === 'attempts') return facts.default === 1 ? '1 attempt (no retry)' : `${facts.default} attempts`;
  return facts.default === 0 ? '0 retries' : `${facts.default} retries`;
}

function suggestion(model: FileModel, site: PolicySite, facts: RetryFacts, all: Readonly<Record<string, string>>): Suggestion[] | undefined {
  // Keys the options already have are not added twice.
  const existing = site.options.options;
  const entries =
    existing && existing !== 'unknown' && !site.builder
      ? Object.fromEntries(Object.entries(all).filter(([path]) => readOption(model.context.ts, existing, path).state === 'absent'))
      : all;
  if (Object.keys(entries).length === 0) return undefined;
  const edits = suggestionEdits(model, site, entries);
  if (!edits) return undefined;
  const imports: TextEdit[] = (facts.suggestionImports ?? []).flatMap((ref) => addImport(model, ref));
  return [{ messageId: 'addRetryPolicy', data: { code: suggestionText(entries, site.builder !== undefined) }, edits: [...imports, ...edits] }];
}
