/**
 * The job model of one file: its handlers, its enqueue sites, and for each handler the operations
 * it performs (effects, writes, reads, enqueues, transactions) in execution order, following calls
 * into functions of the same file. Built once per `ts.SourceFile` and shared by every check.
 */
import type * as TS from 'typescript';
import type { DataLayer, EffectSpec, EnqueueSpec, HandlerSpec, JobFramework } from '../catalogue/types.js';
import type { CompiledCatalogue, Role } from './catalogue.js';
import { builtinCatalogue } from './catalogue.js';
import { resolverFor, type AnalysisContext, type CrossFileHost, type Resolved, type Resolver } from './resolve.js';
import { moduleHandlers } from './module-handlers.js';
import { queueDefinitionOf } from './definitions.js';
import { jobName, nameArgument as decoratorName } from './handler-queues.js';
import { findDeclaration } from './scope.js';
import { effectiveOpKind } from './sql.js';
import { stringValue, functionOf, unwrap, enclosingFunction, type FunctionLike } from './syntax.js';

export interface Handler {
  readonly framework: JobFramework;
  readonly spec: HandlerSpec;
  readonly fn: FunctionLike;
  /** The job, queue, task or function name when it is a literal. */
  readonly name: string | undefined;
  /** Where the handler is registered (the `new Worker(...)` call, the decorated class, the task object). */
  readonly site: TS.Node;
  /**
   * The queue it consumes, when the framework routes to a queue and then by job name within it
   * (Bull, NestJS Bull); `name` is then the job name, or the queue's when the handler names no job.
   */
  readonly queue?: string | undefined;
}

export interface EnqueueSite {
  readonly framework: JobFramework;
  readonly spec: EnqueueSpec;
  readonly call: TS.CallExpression | TS.NewExpression;
  readonly name: string | undefined;
}

export interface TransactionScope {
  readonly call: TS.CallExpression;
  readonly layer: DataLayer;
  readonly callback: FunctionLike | undefined;
}

export type OperationKind = 'effect' | 'network' | 'read' | 'write' | 'enqueue' | 'transaction';

export interface Operation {
  readonly kind: OperationKind;
  readonly role: Role;
  readonly call: TS.CallExpression | TS.NewExpression;
  readonly callee: Resolved;
  /** The whole call chain the call heads (`db.insert(t).values(v)`), for reporting and fixes. */
  readonly expression: TS.Expression;
  /** Call sites from the handler into the helper that performs the operation, outermost first. */
  readonly chain: readonly TS.CallExpression[];
  readonly transaction: TransactionScope | undefined;
  /** The durable step (`step.run`) the operation runs inside, if any. */
  readonly step: TS.CallExpression | undefined;
  /** HTTP method for effects and network calls. */
  readonly method?: string | undefined;
}

export interface FileModel {
  readonly context: AnalysisContext;
  readonly resolver: Resolver;
  readonly handlers: readonly Handler[];
  readonly enqueues: readonly EnqueueSite[];
  /** Every call and `new` expression of the file, in source order (outer before inner): checks scan these instead of walking the tree again. */
  readonly calls: readonly (TS.CallExpression | TS.NewExpression)[];
  /** Operations of a handler, in execution order, helpers included. */
  operations(handler: Handler): readonly Operation[];
  /** Operations of any function of this file (same walk as handlers use). */
  functionOperations(fn: FunctionLike): readonly Operation[];
}

export interface ModelOptions {
  readonly catalogue?: CompiledCatalogue | undefined;
  readonly checker?: TS.TypeChecker | undefined;
  readonly host?: CrossFileHost | undefined;
  /** How many helper calls deep to follow from a handler (default 8). */
  readonly maxDepth?: number | undefined;
}

export const DEFAULT_MAX_DEPTH = 8;

const models = new WeakMap<TS.SourceFile, WeakMap<CompiledCatalogue, Map<number, FileModel>>>();

/** The cached model of a file. Every rule of a file reads the same one. */
export function getFileModel(ts: typeof TS, sourceFile: TS.SourceFile, options: ModelOptions = {}): FileModel {
  const catalogue = options.catalogue ?? builtinCatalogue();
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  let byCatalogue = models.get(sourceFile);
  if (!byCatalogue) models.set(sourceFile, (byCatalogue = new WeakMap()));
  let byDepth = byCatalogue.get(catalogue);
  if (!byDepth) byCatalogue.set(catalogue, (byDepth = new Map()));
  let model = byDepth.get(maxDepth);
  if (!model) {
    model = buildModel({ ts, sourceFile, catalogue, checker: options.checker, host: options.host }, maxDepth);
    byDepth.set(maxDepth, model);
  }
  return model;
}

function buildModel(context: AnalysisContext, maxDepth: number): FileModel {
  const { ts, sourceFile, catalogue } = context;
  const resolver = resolverFor(context);
  const handlers: Handler[] = [];
  const enqueues: EnqueueSite[] = [];
  const calls: (TS.CallExpression | TS.NewExpression)[] = [];
  const seenHandlers = new Set<TS.Node>();
  const addHandler = (handler: Handler): void => {
    if (seenHandlers.has(handler.fn)) return;
    seenHandlers.add(handler.fn);
    handlers.push(handler);
  };

  // Task files first: their identifier is the file name, whatever the function is called inside.
  for (const handler of taskFileHandlers(resolver)) addHandler(handler);
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      calls.push(node);
      for (const { role } of resolver.matchCall(node)) {
        if (role.role === 'handler') {
          for (const handler of handlersAtCall(resolver, node, role.entry, role.spec)) addHandler(handler);
        } else if (role.role === 'enqueue') {
          enqueues.push({ framework: role.entry, spec: role.spec, call: node, name: nameArgument(resolver, node, role.spec.nameArg) });
        }
      }
    } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      for (const handler of classHandlers(resolver, node)) addHandler(handler);
    } else if (ts.isVariableDeclaration(node) && node.type && ts.isTypeReferenceNode(node.type) && node.initializer) {
      const ref = resolver.typeNameRef(node.type.typeName);
      const annotated = ref ? catalogue.annotatedHandlers.get(ref) : undefined;
      const fn = annotated ? functionOf(ts, node.initializer) : undefined;
      if (annotated && fn) {
        addHandler({ framework: annotated.entry, spec: annotated.spec, fn, name: ts.isIdentifier(node.name) ? node.name.text : undefined, site: node });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const handler of moduleHandlers(resolver)) addHandler(handler);

  const walker = walkerFor(resolver, maxDepth);
  return {
    context,
    resolver,
    handlers,
    enqueues,
    calls,
    operations: (handler) => walker.operationsOf(handler.fn),
    functionOperations: (fn) => walker.operationsOf(fn),
  };
}

function handlersAtCall(
  resolver: Resolver,
  call: TS.CallExpression | TS.NewExpression,
  framework: JobFramework,
  spec: HandlerSpec,
): Handler[] {
  const ts = resolver.ts;
  const args = call.arguments ?? [];
  if (spec.shape === 'argument') {
    const argument = spec.arg === 'last' ? args[args.length - 1] : args[spec.arg];
    let fn = argument && localFunction(resolver, argument);
    if (!fn && argument && spec.file) fn = processorFile(resolver, argument);
    if (!fn) return [];
    let name = nameArgument(resolver, call, spec.nameArg);
    if (name === undefined && spec.nameProperty) {
      const options = args[spec.nameProperty.arg];
      name = options ? stringValue(ts, propertyValue(ts, options, spec.nameProperty.property)) : undefined;
    }
    if (spec.queueFromReceiver) {
      const queue = queueDefinitionOf(resolver, call, spec.queueFromReceiver)?.name;
      return [{ framework, spec, fn, name: jobName(name) ?? queue, site: call, queue }];
    }
    return [{ framework, spec, fn, name, site: call }];
  }
  if (spec.shape === 'enclosing-function') {
    const fn = enclosingFunction(ts, call);
    return fn?.body ? [{ framework, spec, fn, name: undefined, site: fn }] : [];
  }
  if (spec.shape === 'property') {
    const options = args[spec.arg];
    const value = options && propertyValue(ts, options, spec.property);
    const fn = value && localFunction(resolver, value);
    if (!fn) return [];
    const name = spec.nameProperty ? stringValue(ts, propertyValue(ts, options, spec.nameProperty)) : undefined;
    return [{ framework, spec, fn, name, site: call }];
  }
  if (spec.shape === 'directory-option') {
    const options = args[spec.arg];
    const value = options && propertyValue(ts, options, spec.property);
    const directory = value && pathExpression(resolver, value);
    const host = resolver.context.host;
    if (directory === undefined || !host?.filesIn) return [];
    const found: Handler[] = [];
    for (const file of host.filesIn(call.getSourceFile(), directory)) {
      for (const { fn, site } of defaultExportFunctions(resolver.forFile(file), file)) {
        found.push({ framework, spec, fn, name: baseName(file.fileName), site });
      }
    }
    return found;
  }
  if (spec.shape === 'property-map') {
    let map: TS.Expression | undefined = args[spec.arg];
    if (map && spec.property) map = propertyValue(ts, map, spec.property);
    const literal = map && objectLiteral(resolver, map);
    if (!literal) return [];
    const found: Handler[] = [];
    for (const property of literal.properties) {
      const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
      let fn: FunctionLike | undefined;
      if (spec.member) {
        const entry = ts.isPropertyAssignment(property) ? objectLiteral(resolver, property.initializer) : undefined;
        const member = entry && propertyValue(ts, entry, spec.member);
        fn = member && localFunction(resolver, member);
      } else if (ts.isMethodDeclaration(property)) fn = property;
      else if (ts.isPropertyAssignment(property)) fn = localFunction(resolver, property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) fn = localFunction(resolver, property.name);
      if (fn) found.push({ framework, spec, fn, name, site: property });
    }
    return found;
  }
  return [];
}

function classHandlers(resolver: Resolver, cls: TS.ClassLikeDeclaration): Handler[] {
  const ts = resolver.ts;
  const decorators = ts.getDecorators(cls) ?? [];
  if (decorators.length === 0) return [];
  const found: Handler[] = [];
  for (const { entry, spec } of resolver.context.catalogue.classHandlers) {
    const decorator = decorators.find((d) => decoratorRef(resolver, d) === spec.classDecorator);
    if (!decorator) continue;
    let name: string | undefined;
    if (spec.nameFromDecorator && ts.isCallExpression(decorator.expression)) {
      const first = decorator.expression.arguments[0];
      name = stringValue(ts, first) ?? (first ? stringValue(ts, propertyValue(ts, first, 'name')) : undefined);
    }
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const methodName = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
      const byName = spec.method !== undefined && methodName === spec.method;
      const byDecorator =
        spec.methodDecorator !== undefined &&
        (ts.getDecorators(member) ?? []).some((d) => decoratorRef(resolver, d) === spec.methodDecorator);
      if (!byName && !byDecorator) continue;
      if (spec.jobNameFromMethodDecorator) {
        const marker = (ts.getDecorators(member) ?? []).find((d) => decoratorRef(resolver, d) === spec.methodDecorator);
        const job = marker ? jobName(decoratorName(ts, marker)) : undefined;
        found.push({ framework: entry, spec, fn: member, name: job ?? name, site: cls, queue: name });
      } else found.push({ framework: entry, spec, fn: member, name, site: cls });
    }
  }
  return found;
}

function taskFileHandlers(resolver: Resolver): Handler[] {
  const ts = resolver.ts;
  const { sourceFile, catalogue } = resolver.context;
  const path = sourceFile.fileName.replace(/\\/g, '/');
  const found: Handler[] = [];
  for (const { entry, spec } of catalogue.taskFileHandlers) {
    const directory = spec.directories.find((dir) => path.includes(`/${dir}/`));
    if (!directory) continue;
    // Only files that use the framework: a `tasks/` folder alone proves nothing.
    const usesFramework = sourceFile.statements.some(
      (statement) =>
        ts.isImportDeclaration(statement) &&
        ts.isStringLiteralLike(statement.moduleSpecifier) &&
        entry.packages.includes(catalogue.canonicalModule(statement.moduleSpecifier.text)),
    );
    if (!usesFramework) continue;
    for (const { fn, site } of defaultExportFunctions(resolver, sourceFile)) {
      found.push({ framework: entry, spec, fn, name: baseName(path), site });
    }
  }
  return found;
}

/** Functions a module exports as its default: `export default`, `export =`, `module.exports =`. */
function defaultExportFunctions(resolver: Resolver, sourceFile: TS.SourceFile): { fn: FunctionLike; site: TS.Node }[] {
  const ts = resolver.ts;
  const found: { fn: FunctionLike; site: TS.Node }[] = [];
  for (const statement of sourceFile.statements) {
    let fn: FunctionLike | undefined;
    if (ts.isExportAssignment(statement)) fn = localFunction(resolver, statement.expression);
    else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText(sourceFile) === 'module.exports'
    ) {
      fn = localFunction(resolver, statement.expression.right);
    } else if (ts.isFunctionDeclaration(statement) && statement.body && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      fn = statement;
    }
    if (fn) found.push({ fn, site: statement });
  }
  return found;
}

function baseName(fileName: string): string {
  const normalized = fileName.replace(/\\/g, '/');
  return normalized.slice(normalized.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
}

/** A sandboxed processor: the argument names a module whose default export is the handler. */
function processorFile(resolver: Resolver, argument: TS.Expression): FunctionLike | undefined {
  const host = resolver.context.host;
  const relative = host?.fileAt ? pathExpression(resolver, argument) : undefined;
  const file = relative === undefined ? undefined : host!.fileAt!(argument.getSourceFile(), relative);
  return file ? defaultExportFunctions(resolver.forFile(file), file)[0]?.fn : undefined;
}

/**
 * A file path written in code, relative to the file's directory: a literal, `path.join(__dirname, 'a')`,
 * `path.resolve(__dirname, 'a')`, `new URL('./a', import.meta.url)`, `fileURLToPath(…)`, `` `${__dirname}/a` ``.
 */
export function pathExpression(resolver: Resolver, expression: TS.Expression): string | undefined {
  const ts = resolver.ts;
  const node = unwrap(ts, expression);
  const literal = constantString(resolver, node);
  if (literal !== undefined) return literal;
  const isDirectory = (part: TS.Expression): boolean => {
    const text = part.getText(part.getSourceFile());
    return text === '__dirname' || text === 'import.meta.dirname' || /^(path\.)?dirname\((url\.)?fileURLToPath\(import\.meta\.url\)\)$/.test(text);
  };
  if (ts.isNewExpression(node) && node.arguments?.length === 2 && node.arguments[1]!.getText(node.getSourceFile()) === 'import.meta.url') {
    return stringValue(ts, node.arguments[0]);
  }
  if (ts.isTemplateExpression(node) && node.templateSpans.length === 1 && node.head.text === '' && isDirectory(node.templateSpans[0]!.expression)) {
    return `.${node.templateSpans[0]!.literal.text}`;
  }
  if (ts.isCallExpression(node)) {
    const callee = resolver.resolve(node.expression);
    const names = callee ? resolver.candidates(callee).filter((c) => c.kind === 'export' && c.path.length === 0).map((c) => c.base) : [];
    if (names.some((name) => name === 'url#fileURLToPath') && node.arguments[0]) return pathExpression(resolver, node.arguments[0]);
    if (names.some((name) => name === 'path#join' || name === 'path#resolve')) {
      const [first, ...rest] = node.arguments;
      if (!first || !isDirectory(first)) return undefined;
      const parts = rest.map((part) => constantString(resolver, part));
      return parts.every((part): part is string => part !== undefined) ? ['.', ...parts].join('/') : undefined;
    }
  }
  return undefined;
}

function decoratorRef(resolver: Resolver, decorator: TS.Decorator): string | undefined {
  const ts = resolver.ts;
  const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  const resolved = resolver.resolve(expression);
  if (!resolved || resolved.kind !== 'export') return undefined;
  return resolver.candidates(resolved).find((candidate) => candidate.path.length === 0)?.base;
}

export function nameArgument(
  resolver: Resolver,
  call: TS.CallExpression | TS.NewExpression,
  index: number | undefined,
): string | undefined {
  if (index === undefined) return undefined;
  const argument = call.arguments?.[index];
  return argument ? constantString(resolver, argument) : undefined;
}

/** A string literal, or a `const` in scope initialised with one. */
export function constantString(resolver: Resolver, expression: TS.Expression): string | undefined {
  const ts = resolver.ts;
  const direct = stringValue(ts, expression);
  if (direct !== undefined) return direct;
  const inner = unwrap(ts, expression);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return stringValue(ts, declaration.initializer);
    }
  }
  return undefined;
}

/** An object literal, looking through `as`, parentheses and a `const` of this file. */
export function literalObject(ts: typeof TS, expression: TS.Expression): TS.ObjectLiteralExpression | undefined {
  let inner = unwrap(ts, expression);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    ) {
      inner = unwrap(ts, declaration.initializer);
    }
  }
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

/** The value of property `name` of an object literal expression. */
export function propertyValue(ts: typeof TS, expression: TS.Expression, name: string): TS.Expression | undefined {
  const object = unwrap(ts, expression);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (!property.name) continue;
    const key = ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name) ? property.name.text : undefined;
    if (key !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    if (ts.isMethodDeclaration(property)) return property as unknown as TS.Expression;
  }
  return undefined;
}

function objectLiteral(resolver: Resolver, expression: TS.Expression): TS.ObjectLiteralExpression | undefined {
  const ts = resolver.ts;
  const inner = unwrap(ts, expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = unwrap(ts, declaration.initializer);
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

/**
 * The function an expression denotes in this file: an inline function, a function declaration or a
 * `const` initialised with a function, `this.method` of the enclosing class, `fn.bind(x)`.
 */
export function localFunction(resolver: Resolver, expression: TS.Node): FunctionLike | undefined {
  const ts = resolver.ts;
  const inner = ts.isExpression(expression as TS.Expression) ? unwrap(ts, expression as TS.Expression) : expression;
  const direct = functionOf(ts, inner);
  if (direct) return direct;
  if (ts.isMethodDeclaration(inner) && inner.body) return inner;
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (!declaration) return undefined;
    if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) return functionOf(ts, unwrap(ts, declaration.initializer));
    if ((ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) && resolver.context.host) {
      // The analyzer follows a function imported from a project module into its file.
      return importedFunction(resolver, declaration);
    }
    return undefined;
  }
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') {
    return localFunction(resolver, inner.expression.expression);
  }
  if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return classMethod(ts, inner, inner.name.text);
  }
  return undefined;
}

function importedFunction(resolver: Resolver, declaration: TS.ImportSpecifier | TS.ImportClause): FunctionLike | undefined {
  const ts = resolver.ts;
  let statement: TS.Node = declaration;
  while (!ts.isImportDeclaration(statement)) statement = statement.parent;
  if (declaration.isTypeOnly || (statement as TS.ImportDeclaration).importClause?.isTypeOnly) return undefined;
  const specifier = (statement as TS.ImportDeclaration).moduleSpecifier;
  if (!ts.isStringLiteralLike(specifier)) return undefined;
  const name = ts.isImportClause(declaration) ? 'default' : (declaration.propertyName ?? declaration.name).text;
  const target = resolver.context.host?.exportedDeclaration(declaration.getSourceFile(), specifier.text, name);
  if (!target) return undefined;
  if (ts.isFunctionDeclaration(target) && target.body) return target;
  if (ts.isVariableDeclaration(target) && target.initializer) return functionOf(ts, unwrap(ts, target.initializer));
  if (ts.isExportAssignment(target)) return functionOf(ts, unwrap(ts, target.expression));
  return undefined;
}

function classMethod(ts: typeof TS, from: TS.Node, name: string): FunctionLike | undefined {
  for (let node = from.parent; node; node = node.parent) {
    if (ts.isClassLike(node)) {
      for (const member of node.members) {
        if (ts.isMethodDeclaration(member) && member.body && ts.isIdentifier(member.name) && member.name.text === name) return member;
        if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name && member.initializer) {
          return functionOf(ts, unwrap(ts, member.initializer));
        }
      }
      return undefined;
    }
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) return undefined;
  }
  return undefined;
}

interface WalkState {
  readonly transaction: TransactionScope | undefined;
  readonly step: TS.CallExpression | undefined;
}

const ROOT_STATE: WalkState = { transaction: undefined, step: undefined };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * In the analyzer, one walker per project (host), catalogue and depth, so a helper reached from
 * handlers in several files is summarised once; in ESLint, one per file.
 */
const sharedWalkers = new WeakMap<CrossFileHost, WeakMap<CompiledCatalogue, Map<number, OperationWalker>>>();

function walkerFor(resolver: Resolver, maxDepth: number): OperationWalker {
  const { host, catalogue } = resolver.context;
  if (!host) return new OperationWalker(resolver, maxDepth);
  let byCatalogue = sharedWalkers.get(host);
  if (!byCatalogue) sharedWalkers.set(host, (byCatalogue = new WeakMap()));
  let byDepth = byCatalogue.get(catalogue);
  if (!byDepth) byCatalogue.set(catalogue, (byDepth = new Map()));
  let walker = byDepth.get(maxDepth);
  if (!walker) byDepth.set(maxDepth, (walker = new OperationWalker(resolver, maxDepth)));
  return walker;
}

/** Walks function bodies in evaluation order and lists their operations, memoised per function. */
class OperationWalker {
  private readonly memo = new Map<FunctionLike, readonly Operation[]>();
  private readonly active = new Set<FunctionLike>();
  private readonly ts: typeof TS;

  constructor(
    private readonly resolver: Resolver,
    private readonly maxDepth: number,
  ) {
    this.ts = resolver.ts;
  }

  operationsOf(fn: FunctionLike): readonly Operation[] {
    const memoised = this.memo.get(fn);
    if (memoised) return memoised;
    if (this.active.has(fn)) return [];
    this.active.add(fn);
    const out: Operation[] = [];
    try {
      if (fn.body) this.walk(fn.body, ROOT_STATE, out);
    } finally {
      this.active.delete(fn);
    }
    this.memo.set(fn, out);
    return out;
  }

  private walk(node: TS.Node, state: WalkState, out: Operation[]): void {
    const ts = this.ts;
    if (isDeferredFunction(ts, node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      this.walkCall(node, state, out);
      return;
    }
    ts.forEachChild(node, (child) => this.walk(child, state, out));
  }

  private walkCall(call: TS.CallExpression | TS.NewExpression, state: WalkState, out: Operation[]): void {
    const ts = this.ts;
    const matches = this.resolver.matchCall(call);
    const args = call.arguments ?? [];
    const tx = matches.find((m) => m.role.role === 'transaction');
    const step = matches.find((m) => m.role.role === 'step');
    let scoped: { argument: TS.Expression; state: WalkState } | undefined;
    if (tx && tx.role.role === 'transaction' && ts.isCallExpression(call)) {
      const index = tx.role.spec.callbackArg;
      const argument = index === 'last' ? args[args.length - 1] : args[index];
      const callback = argument ? functionOf(ts, unwrap(ts, argument)) : undefined;
      const scope: TransactionScope = { call, layer: tx.role.entry, callback };
      out.push(this.operation('transaction', tx.role, call, tx.callee, state));
      if (argument) scoped = { argument, state: { ...state, transaction: scope } };
    } else if (step && step.role.role === 'step' && ts.isCallExpression(call)) {
      const argument = args[step.role.spec.callbackArg];
      if (argument) scoped = { argument, state: { ...state, step: call } };
    }
    // Evaluation order: callee, arguments, then the call itself.
    this.walk(call.expression, state, out);
    for (const argument of args) {
      if (scoped && argument === scoped.argument) {
        const fn = functionOf(ts, unwrap(ts, argument));
        if (fn?.body) this.walk(fn.body, scoped.state, out);
        else this.walk(argument, scoped.state, out);
      } else {
        this.walk(argument, state, out);
      }
    }
    for (const match of matches) {
      const kind = this.kindOf(match.role, call);
      if (kind) out.push(this.operation(kind.kind, match.role, call, match.callee, state, kind.method));
    }
    if (matches.length === 0 && ts.isCallExpression(call)) {
      const helper = localFunction(this.resolver, call.expression);
      if (helper && helper.body) {
        for (const op of this.operationsOf(helper)) {
          // Memoised per function with full chains; the depth limit filters what a caller sees.
          if (op.chain.length + 1 > this.maxDepth) continue;
          out.push({
            ...op,
            chain: [call, ...op.chain],
            transaction: op.transaction ?? state.transaction,
            step: op.step ?? state.step,
          });
        }
      }
    }
  }

  private kindOf(role: Role, call: TS.CallExpression | TS.NewExpression): { kind: OperationKind; method?: string } | undefined {
    switch (role.role) {
      case 'effect': {
        if (!role.spec.http) return { kind: 'effect' };
        const method = httpMethod(this.resolver, role.spec, call);
        return { kind: method !== undefined && !SAFE_METHODS.has(method) ? 'effect' : 'network', method: method ?? '?' };
      }
      case 'data': {
        // SQL text decides its own kind; BEGIN/COMMIT/ROLLBACK are transaction statements, not data operations.
        const op = effectiveOpKind(this.ts, role.spec, call);
        if (op === 'begin' || op === 'commit' || op === 'rollback') return undefined;
        return { kind: op === 'read' ? 'read' : 'write' };
      }
      case 'enqueue':
        return { kind: 'enqueue' };
      default:
        return undefined;
    }
  }

  private operation(
    kind: OperationKind,
    role: Role,
    call: TS.CallExpression | TS.NewExpression,
    callee: Resolved,
    state: WalkState,
    method?: string,
  ): Operation {
    return {
      kind,
      role,
      call,
      callee,
      expression: chainTop(this.ts, call),
      chain: [],
      transaction: state.transaction,
      step: state.step,
      method,
    };
  }
}

/** A function that runs only when called by name: declarations and functions stored in variables. */
function isDeferredFunction(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return true;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    if (ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent)) return true;
    // `client.setJson = async () => …`: stored for later, like a declaration.
    if (ts.isBinaryExpression(node.parent) && node.parent.right === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return true;
    // A function stored in an object that is returned or assigned (`return { runTask: async () => … }`)
    // runs when someone calls it later; one in an object handed to a call may run now.
    return ts.isPropertyAssignment(node.parent) && node.parent.initializer === node && !isCallArgument(ts, node.parent.parent);
  }
  if (ts.isMethodDeclaration(node) && node.parent && ts.isObjectLiteralExpression(node.parent)) return !isCallArgument(ts, node.parent);
  return false;
}

function isCallArgument(ts: typeof TS, node: TS.Node): boolean {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent))) {
    current = current.parent;
  }
  const parent: TS.Node | undefined = current.parent;
  if (!parent || !(ts.isCallExpression(parent) || ts.isNewExpression(parent))) return false;
  const args: readonly TS.Node[] = parent.arguments ?? [];
  return args.includes(current);
}

/** The HTTP method of a call, or undefined when it is not a literal. */
export function httpMethod(resolver: Resolver, spec: EffectSpec, call: TS.CallExpression | TS.NewExpression): string | undefined {
  const http = spec.http;
  if (!http) return undefined;
  if ('method' in http) return http.method;
  const { arg, property, default: fallback } = http.methodOption;
  const options = call.arguments?.[arg];
  if (!options) return fallback;
  const ts = resolver.ts;
  const object = literalObject(ts, options);
  if (!object) return undefined;
  if (object.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  const value = propertyValue(ts, object, property);
  if (!value) return fallback;
  return constantString(resolver, value)?.toUpperCase();
}

/** The outermost expression of a fluent chain that starts with `call` (`db.insert(t).values(v)`). */
export function chainTop(ts: typeof TS, call: TS.Expression): TS.Expression {
  let node: TS.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
      const grand = parent.parent;
      if (grand && ts.isCallExpression(grand) && grand.expression === parent) {
        node = grand;
        continue;
      }
    }
    return node;
  }
}
