/**
 * Implicit transaction joining (CLS / AsyncLocalStorage): a setting that makes every query inside a
 * transaction callback join the transaction without the data layer's join option (Sequelize
 * `Sequelize.useCLS(namespace)`, Mongoose `mongoose.set('transactionAsyncLocalStorage', true)`).
 * The catalogue lists the calls that turn it on (`TransactionSpec.implicitJoin`).
 *
 * One analysis for both front ends: it looks at the model's own file and, when the cross-file host
 * lists the project's files (the analyzer), at every one of them. So ESLint sees a setting made in the
 * same file; the analyzer sees it anywhere in the project. The project-wide answer is computed once
 * per host and layer.
 */
import type * as TS from 'typescript';
import type { ImplicitJoinSpec, TransactionSpec } from '../catalogue/types.js';
import { parseTarget } from './catalogue.js';
import { callMatches } from './failure-paths.js';
import type { FileModel } from './model.js';
import { propertyValue } from './model.js';
import { calleeMayMatch, type CrossFileHost, type Resolver } from './resolve.js';
import { stringValue, unwrap } from './syntax.js';

/** Where implicit joining was turned on: the call, for messages and tests. */
export interface ImplicitJoin {
  readonly spec: ImplicitJoinSpec;
  readonly call: TS.CallExpression;
}

/** Memoised by the catalogue's list of calls (shared by the transaction specs of one layer). */
type Specs = readonly ImplicitJoinSpec[];
const perFile = new WeakMap<TS.SourceFile, Map<Specs, ImplicitJoin | null>>();
const perProject = new WeakMap<CrossFileHost, Map<Specs, ImplicitJoin | null>>();

/**
 * The call that turns on implicit joining for transactions of this spec, in the model's file or (in
 * the analyzer) anywhere in the project; undefined when the analysis sees none.
 */
export function implicitJoinFor(model: FileModel, spec: TransactionSpec): ImplicitJoin | undefined {
  const specs = spec.implicitJoin;
  if (!specs || specs.length === 0) return undefined;
  const local = inFile(model.resolver, model.context.sourceFile, specs);
  if (local) return local;
  const host = model.context.host;
  const files = host?.projectFiles?.();
  if (!host || !files) return undefined;
  let memo = perProject.get(host);
  if (!memo) perProject.set(host, (memo = new Map()));
  const cached = memo.get(specs);
  if (cached !== undefined) return cached ?? undefined;
  let found: ImplicitJoin | undefined;
  for (const file of files) {
    if (file === model.context.sourceFile) continue;
    found = inFile(model.resolver.forFile(file), file, specs);
    if (found) break;
  }
  memo.set(specs, found ?? null);
  return found;
}

function inFile(resolver: Resolver, sourceFile: TS.SourceFile, specs: Specs): ImplicitJoin | undefined {
  let memo = perFile.get(sourceFile);
  if (!memo) perFile.set(sourceFile, (memo = new Map()));
  const cached = memo.get(specs);
  if (cached !== undefined) return cached ?? undefined;
  const ts = resolver.ts;
  const patterns = specs.map((entry) => ({ entry, pattern: parseTarget(entry.call) }));
  // Cheap text test first: the name the call must end with (`useCLS`, `set`), and the setting it must name.
  const mayHold = patterns.some(
    ({ entry, pattern }) => sourceFile.text.includes(lastName(pattern.path, pattern.base)) && (entry.setting === undefined || sourceFile.text.includes(entry.setting)),
  );
  let found: ImplicitJoin | undefined;
  if (mayHold) {
    const visit = (node: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) {
        for (const { entry, pattern } of patterns) {
          if (!calleeMayMatch(ts, node.expression, pattern)) continue;
          if (callMatches(resolver, node, entry.call) && turnsOn(ts, node, entry)) {
            found = { spec: entry, call: node };
            return;
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  memo.set(specs, found ?? null);
  return found;
}

function lastName(path: readonly string[], base: string): string {
  const last = path[path.length - 1];
  return last && last !== '*' && last !== '**' && last !== '()' ? last : base.slice(base.indexOf('#') + 1);
}

/** `(setting, value)` or `({ [setting]: value })` with a value other than a literal `false`; any call without `setting`. */
function turnsOn(ts: typeof TS, call: TS.CallExpression, entry: ImplicitJoinSpec): boolean {
  if (entry.setting === undefined) return true;
  const [first, second] = call.arguments;
  if (!first) return false;
  let value: TS.Expression | undefined;
  if (stringValue(ts, first) === entry.setting) value = second;
  else value = propertyValue(ts, first, entry.setting);
  if (!value) return false;
  return unwrap(ts, value).kind !== ts.SyntaxKind.FalseKeyword;
}
