/**
 * The bridge from ESLint to the analysis: the `ts.SourceFile` typescript-eslint already built (with
 * the checker when linting is typed), or one parsed from the text for files another parser handled.
 * The `ts` namespace is the one typescript-estree uses, so `SyntaxKind` numbers match the nodes.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import type { TSESLint } from '@typescript-eslint/utils';

export interface EslintSource {
  readonly ts: typeof TS;
  readonly sourceFile: TS.SourceFile;
  readonly checker: TS.TypeChecker | undefined;
}

const require = createRequire(import.meta.url);
let cachedTs: typeof TS | undefined;

/** The `typescript` module that `@typescript-eslint/typescript-estree` resolves. */
export function loadTypeScript(): typeof TS {
  if (cachedTs) return cachedTs;
  let estree: string;
  try {
    const utils = require.resolve('@typescript-eslint/utils');
    estree = createRequire(utils).resolve('@typescript-eslint/typescript-estree');
  } catch {
    estree = import.meta.url;
  }
  cachedTs = createRequire(estree)('typescript') as typeof TS;
  return cachedTs;
}

const parsed = new WeakMap<object, EslintSource>();

export function sourceFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): EslintSource {
  const sourceCode = context.sourceCode;
  const cached = parsed.get(sourceCode.ast);
  if (cached) return cached;
  const ts = loadTypeScript();
  const services = sourceCode.parserServices as Partial<{
    esTreeNodeToTSNodeMap: { get(node: unknown): TS.Node | undefined };
    program: TS.Program | null;
  }> | undefined;
  let result: EslintSource | undefined;
  const node = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  if (node && node.kind === ts.SyntaxKind.SourceFile && (node as TS.SourceFile).text === sourceCode.text) {
    const checker = services?.program ? services.program.getTypeChecker() : undefined;
    result = { ts, sourceFile: node as TS.SourceFile, checker };
  } else {
    const fileName = context.filename;
    const sourceFile = ts.createSourceFile(fileName, sourceCode.text, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
    result = { ts, sourceFile, checker: undefined };
  }
  parsed.set(sourceCode.ast, result);
  return result;
}

function scriptKind(ts: typeof TS, fileName: string): TS.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/i.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
