/**
 * Whether a file can hold job code at all, told before it is analysed (or, in the analyzer, parsed).
 * Every callee the analysis resolves starts at an import, a `require`, or a global the catalogue
 * names (`fetch`), and module-shaped handlers are told by platform type names (`MessageBatch`).
 * A file with none of these has no handler, enqueue, effect or write to report, and the rules
 * would walk it for nothing: in a typical repository that is every types, constants and pure
 * utility module.
 */
import type * as TS from 'typescript';
import type { CompiledCatalogue } from './catalogue.js';

const patterns = new WeakMap<CompiledCatalogue, { readonly relevant: RegExp; readonly ambient: RegExp | undefined }>();

function wordsPattern(words: readonly string[]): RegExp {
  return new RegExp(`\\b(?:${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`);
}

function patternsOf(catalogue: CompiledCatalogue) {
  let found = patterns.get(catalogue);
  if (!found) {
    const ambient = catalogue.ambientNames;
    found = { relevant: wordsPattern(['import', 'require', ...ambient]), ambient: ambient.length > 0 ? wordsPattern(ambient) : undefined };
    patterns.set(catalogue, found);
  }
  return found;
}

/**
 * From the text alone: the file imports or requires something, or names a catalogue global. The
 * analyzer uses it before parsing: a file imported from elsewhere is still parsed when followed.
 */
export function mayHoldJobCode(text: string, catalogue: CompiledCatalogue): boolean {
  return patternsOf(catalogue).relevant.test(text);
}

/**
 * For one file seen alone (ESLint without type information): the file imports a module the
 * catalogue knows, requires or imports something dynamically, or names a catalogue global. An
 * import of the project's own `./queues` cannot be followed here, so it does not count.
 */
export function reachesCatalogue(ts: typeof TS, sourceFile: TS.SourceFile, catalogue: CompiledCatalogue): boolean {
  const text = sourceFile.text;
  if (/\brequire\s*\(|\bimport\s*\(/.test(text) || patternsOf(catalogue).ambient?.test(text)) return true;
  for (const statement of sourceFile.statements) {
    let specifier: TS.Expression | undefined;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) specifier = statement.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) specifier = statement.moduleReference.expression;
    if (specifier && ts.isStringLiteralLike(specifier) && catalogue.knowsModule(catalogue.canonicalModule(specifier.text))) return true;
  }
  return false;
}
