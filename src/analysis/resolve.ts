/**
 * Resolves expressions to where their value comes from, in catalogue terms: an export of a module
 * (`axios#default` + path `post`) or an instance of a tracked type (`bullmq#Queue` + path `add`).
 * Resolution goes through imports (named, default, namespace, `require`), local variables and
 * destructuring, `new X()` and factory calls, class fields, constructor parameters (NestJS
 * `@InjectQueue`), type annotations, and parameters the runtime fills (a handler's `job`, a
 * transaction callback's `tx`). Names alone never resolve anything. With a type checker, an
 * expression the syntax cannot place is resolved by its declared type; in the analyzer a host may
 * follow an import into another file.
 */
import type * as TS from 'typescript';
import type { CompiledCatalogue, Pattern, Role } from './catalogue.js';
import { matchPath } from './catalogue.js';
import { argumentsFit } from './arguments.js';
import { declaredMemberType, localTypeDeclaration } from './declared-members.js';
import { bindingPath, findDeclaration, type Declaration } from './scope.js';
import { thisAssignments } from './syntax.js';

export interface Resolved {
  readonly kind: 'export' | 'instance';
  /** `module#export` for exports, the type ref for instances. */
  readonly base: string;
  /** Member path from the base: names, `()` for calls, `[n]` for array elements. */
  readonly path: readonly string[];
}

/** Cross-file help, available in the analyzer only. */
export interface CrossFileHost {
  /** The declaration a module exports under `name`, following re-exports; undefined when not in the project. */
  exportedDeclaration(fromFile: TS.SourceFile, specifier: string, name: string): TS.Node | undefined;
  /** The project source file at a path relative to `fromFile`'s directory (`.js` may stand for `.ts`). */
  fileAt?(fromFile: TS.SourceFile, relativePath: string): TS.SourceFile | undefined;
  /** The project source files directly inside a directory relative to `fromFile`'s directory. */
  filesIn?(fromFile: TS.SourceFile, relativeDirectory: string): readonly TS.SourceFile[];
  /** Every source file of the project as loaded (project-wide settings such as Sequelize CLS: implicit-join.ts). */
  projectFiles?(): readonly TS.SourceFile[];
}

export interface AnalysisContext {
  readonly ts: typeof TS;
  readonly sourceFile: TS.SourceFile;
  readonly catalogue: CompiledCatalogue;
  readonly checker?: TS.TypeChecker | undefined;
  readonly host?: CrossFileHost | undefined;
}

export interface CallMatch {
  readonly role: Role;
  readonly callee: Resolved;
}

const MAX_DEPTH = 24;

/** Memoised resolution for one file (one instance per analysed `ts.SourceFile`). */
export class Resolver {
  readonly ts: typeof TS;
  private readonly cache = new Map<TS.Node, Resolved | null>();
  private readonly inProgress = new Set<TS.Node>();
  private readonly matchCache = new Map<TS.Node, readonly CallMatch[]>();

  constructor(readonly context: AnalysisContext) {
    this.ts = context.ts;
  }

  /**
   * Where the value of `expression` comes from, or undefined when it cannot be told. `byType: false`
   * leaves out the type checker for this expression (not for its parts): a constructor's type can
   * only say it is an instance, which no `new` pattern starts from. Such a partial answer is not cached.
   */
  resolve(expression: TS.Node, byType = true): Resolved | undefined {
    const cached = this.cache.get(expression);
    if (cached !== undefined) return cached ?? undefined;
    const file = expression.getSourceFile();
    if (file !== this.context.sourceFile) return this.forFile(file).resolve(expression, byType);
    if (this.inProgress.has(expression) || this.inProgress.size > MAX_DEPTH) return undefined;
    this.inProgress.add(expression);
    let result: Resolved | undefined;
    try {
      result = this.resolveUncached(expression);
      if (result) result = this.normalize(result);
      // A value from a module the catalogue does not know (the project's own `./mailer`): its
      // declared type, when type information is available, says more than its name.
      if (!result || (result.kind === 'export' && !this.context.catalogue.knowsModule(result.base.slice(0, result.base.indexOf('#'))))) {
        if (!byType) return result;
        result = this.resolveByType(expression) ?? result;
      }
    } finally {
      this.inProgress.delete(expression);
    }
    this.cache.set(expression, result ?? null);
    return result;
  }

  /** Every catalogue role the call or `new` expression plays (usually none or one). */
  matchCall(call: TS.CallExpression | TS.NewExpression): readonly CallMatch[] {
    let matches = this.matchCache.get(call);
    if (matches) return matches;
    const file = call.getSourceFile();
    if (file !== this.context.sourceFile) return this.forFile(file).matchCall(call);
    const ts = this.ts;
    const isNew = ts.isNewExpression(call);
    // `x.name(…)` with a name the catalogue never uses plays no role, whatever `x` is.
    const member = memberName(ts, call.expression);
    if (member !== undefined && !this.context.catalogue.mayCallMember(member)) {
      this.matchCache.set(call, (matches = []));
      return matches;
    }
    const callee = this.resolve(call.expression, !isNew);
    matches = [];
    if (callee) {
      const found: CallMatch[] = [];
      for (const candidate of this.candidates(callee)) {
        for (const rule of this.context.catalogue.rulesFor(candidate.base, isNew)) {
          if (rule.pattern.kind === candidate.kind && matchPath(rule.pattern.path, candidate.path)) {
            if (rule.role.role === 'effect' && rule.role.spec.command && !this.commandArgument(call, rule.role.spec.command)) continue;
            found.push({ role: rule.role, callee: candidate });
          }
        }
      }
      matches = found.filter((match) => argumentsFit(this, call, match.role));
    }
    this.matchCache.set(call, matches);
    return matches;
  }

  /**
   * The `new Command(input)` expression passed as argument `arg` (inline or through a `const`), when
   * its constructor is one of `constructedBy`.
   */
  commandArgument(
    call: TS.CallExpression | TS.NewExpression,
    command: { readonly arg: number; readonly constructedBy: readonly string[] },
  ): TS.NewExpression | undefined {
    const ts = this.ts;
    let argument: TS.Node | undefined = call.arguments?.[command.arg];
    for (let depth = 0; argument && depth < 3; depth++) {
      while (ts.isParenthesizedExpression(argument) || ts.isAsExpression(argument) || ts.isSatisfiesExpression(argument)) argument = argument.expression;
      if (!ts.isIdentifier(argument)) break;
      const declaration = findDeclaration(ts, argument.text, argument);
      argument = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    }
    if (!argument || !ts.isNewExpression(argument)) return undefined;
    const constructor = this.resolve(argument.expression);
    if (!constructor) return undefined;
    const matches = this.candidates(constructor).some(
      (candidate) => candidate.kind === 'export' && candidate.path.length === 0 && command.constructedBy.includes(candidate.base),
    );
    return matches ? argument : undefined;
  }

  /** The resolver of another file of the same program (functions followed across files in the analyzer). */
  forFile(sourceFile: TS.SourceFile): Resolver {
    return resolverFor({ ...this.context, sourceFile });
  }

  /** Equivalent spellings of an export path: `mod#default.x` and `mod#*.x` also stand for `mod#x`. */
  candidates(resolved: Resolved): Resolved[] {
    const list = [resolved];
    if (resolved.kind === 'export' && resolved.path.length > 0) {
      const hash = resolved.base.indexOf('#');
      const name = resolved.base.slice(hash + 1);
      if (name === 'default' || name === '*') {
        const first = resolved.path[0]!;
        if (first !== '()' && !first.startsWith('[')) {
          list.push({ kind: 'export', base: `${resolved.base.slice(0, hash)}#${first}`, path: resolved.path.slice(1) });
        }
      }
    }
    return list;
  }

  private normalize(resolved: Resolved): Resolved {
    const catalogue = this.context.catalogue;
    let current = resolved;
    for (let guard = 0; guard < 8; guard++) {
      let next: Resolved | undefined;
      for (const candidate of this.candidates(current)) {
        if (candidate.kind === 'export' && candidate.base === 'global#globalThis' && candidate.path.length > 0) {
          next = { kind: 'export', base: `global#${candidate.path[0]}`, path: candidate.path.slice(1) };
          break;
        }
        // A factory call: the shortest prefix of the path that a `returnedBy` pattern matches.
        for (const { pattern, type } of catalogue.returnsFor(candidate.base)) {
          if (pattern.kind !== candidate.kind) continue;
          const prefix = prefixMatch(pattern, candidate.path);
          if (prefix !== undefined) {
            next = { kind: 'instance', base: type, path: candidate.path.slice(prefix) };
            break;
          }
        }
        if (next) break;
        if (candidate.kind === 'instance' && candidate.path.length > 0) {
          const member = catalogue.members(candidate.base)?.[candidate.path[0]!];
          if (member) {
            next = { kind: 'instance', base: member, path: candidate.path.slice(1) };
            break;
          }
        }
      }
      if (!next) return current;
      current = next;
    }
    return current;
  }

  private resolveUncached(node: TS.Node): Resolved | undefined {
    const ts = this.ts;
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAwaitExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isTypeAssertionExpression(node)
    ) {
      return this.resolve(node.expression);
    }
    if (ts.isIdentifier(node)) return this.resolveIdentifier(node);
    if (ts.isBinaryExpression(node)) {
      // `app ??= new Inngest()`, `client = client || createClient()`, `cached ?? new Queue()`.
      const kind = node.operatorToken.kind;
      if (kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken) {
        const right = this.resolve(node.right);
        if (kind === ts.SyntaxKind.EqualsToken) return right;
        const left = this.resolve(node.left);
        return [right, left].find((side) => side?.kind === 'instance') ?? right ?? left;
      }
      if (kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken) {
        // Either side may be the value; a tracked instance says the most.
        const left = this.resolve(node.left);
        const right = this.resolve(node.right);
        return [left, right].find((side) => side?.kind === 'instance') ?? left ?? right;
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.resolveThisMember(node, node.name.text);
      // A member of a value annotated with a type of this file (`env.QUEUE`, `env: Env`, `interface Env { QUEUE: Queue }`).
      return append(this.resolve(node.expression), node.name.text) ?? this.fromAnnotation(declaredMemberType(ts, node.expression, node.name.text));
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.resolveThisMember(node, node.argumentExpression.text);
      return append(this.resolve(node.expression), node.argumentExpression.text);
    }
    if (ts.isCallExpression(node)) {
      const required = this.requireCall(node);
      if (required) return { kind: 'export', base: `${required}#*`, path: [] };
      return this.returnOf(node) ?? append(this.resolve(node.expression), '()');
    }
    if (ts.isNewExpression(node)) {
      const constructor = this.resolve(node.expression, false);
      if (!constructor) return undefined;
      for (const candidate of this.candidates(constructor)) {
        if (candidate.kind === 'export' && candidate.path.length === 0) {
          const type = this.context.catalogue.constructed(candidate.base);
          if (type) return { kind: 'instance', base: type, path: [] };
        }
      }
      return undefined;
    }
    return undefined;
  }

  /**
   * What a call of a function declared in this project returns: its return type annotation
   * (`(): Promise<nodemailer.Transporter>`), or the expression it returns when it has one return.
   */
  private returnOf(call: TS.CallExpression): Resolved | undefined {
    const ts = this.ts;
    const callee = call.expression;
    let fn: TS.Node | undefined;
    if (ts.isIdentifier(callee)) {
      const declaration = findDeclaration(ts, callee.text, callee);
      if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) && this.context.host) {
        const module = moduleOf(ts, declaration);
        const name = ts.isImportClause(declaration) ? 'default' : (declaration.propertyName ?? declaration.name).text;
        fn = module === undefined ? undefined : this.context.host.exportedDeclaration(this.context.sourceFile, module, name);
        if (fn && ts.isVariableDeclaration(fn) && fn.initializer) fn = fn.initializer;
        if (fn && fn.getSourceFile() !== this.context.sourceFile) {
          return functionLike(ts, fn) ? this.forFile(fn.getSourceFile()).returnOfFunction(fn as TS.SignatureDeclaration) : undefined;
        }
      } else if (declaration && ts.isFunctionDeclaration(declaration)) {
        fn = declaration;
      } else if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        fn = declaration.initializer;
      }
    }
    return fn && functionLike(ts, fn) ? this.returnOfFunction(fn as TS.SignatureDeclaration) : undefined;
  }

  returnOfFunction(fn: TS.SignatureDeclaration): Resolved | undefined {
    const ts = this.ts;
    const annotated = this.fromAnnotation(fn.type);
    if (annotated) return annotated;
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return this.resolve(body);
    const returns: TS.Expression[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return returns.length === 1 ? this.resolve(returns[0]!) : undefined;
  }

  /** `require('module')` → the canonical module. */
  requireCall(node: TS.CallExpression): string | undefined {
    const ts = this.ts;
    if (
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0]!) &&
      !findDeclaration(ts, 'require', node)
    ) {
      return this.context.catalogue.canonicalModule((node.arguments[0] as TS.StringLiteral).text);
    }
    return undefined;
  }

  private resolveIdentifier(node: TS.Identifier): Resolved | undefined {
    const declaration = findDeclaration(this.ts, node.text, node);
    if (!declaration) {
      if (node.text === 'undefined') return undefined;
      return { kind: 'export', base: `global#${node.text}`, path: [] };
    }
    return this.resolveDeclaration(declaration);
  }

  /** Where the value bound by a declaration comes from. */
  resolveDeclaration(declaration: Declaration): Resolved | undefined {
    const ts = this.ts;
    const catalogue = this.context.catalogue;
    if (ts.isImportSpecifier(declaration)) {
      const module = moduleOf(ts, declaration);
      if (module === undefined) return undefined;
      const name = (declaration.propertyName ?? declaration.name).text;
      return this.fromImport(declaration, module, name);
    }
    if (ts.isImportClause(declaration)) {
      const module = moduleOf(ts, declaration);
      return module === undefined ? undefined : this.fromImport(declaration, module, 'default');
    }
    if (ts.isNamespaceImport(declaration)) {
      const module = moduleOf(ts, declaration);
      return module === undefined ? undefined : { kind: 'export', base: `${catalogue.canonicalModule(module)}#*`, path: [] };
    }
    if (ts.isImportEqualsDeclaration(declaration)) {
      const reference = declaration.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteralLike(reference.expression)) {
        return { kind: 'export', base: `${catalogue.canonicalModule(reference.expression.text)}#*`, path: [] };
      }
      return undefined;
    }
    if (ts.isVariableDeclaration(declaration)) {
      return (
        this.fromAnnotation(declaration.type) ??
        (declaration.initializer ? this.resolve(declaration.initializer) : undefined)
      );
    }
    if (ts.isBindingElement(declaration)) {
      const binding = bindingPath(ts, declaration);
      if (!binding) return undefined;
      const root = ts.isParameter(binding.root) ? this.resolveParameter(binding.root) : this.resolveDeclaration(binding.root);
      if (!root) return undefined;
      return this.normalize({ ...root, path: [...root.path, ...binding.path] });
    }
    if (ts.isParameter(declaration)) return this.resolveParameter(declaration);
    if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) return this.fromHeritage(declaration);
    return undefined;
  }

  /** `class User extends Model`: the class is an instance of the type the catalogue gives `Model`'s subclasses. */
  private fromHeritage(cls: TS.ClassLikeDeclaration): Resolved | undefined {
    const ts = this.ts;
    for (const clause of cls.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const type of clause.types) {
        const base = this.resolve(type.expression);
        if (!base || base.kind !== 'export') continue;
        for (const candidate of this.candidates(base)) {
          if (candidate.path.length > 0) continue;
          const tracked = this.context.catalogue.extended(candidate.base);
          if (tracked) return { kind: 'instance', base: tracked, path: [] };
        }
      }
    }
    return undefined;
  }

  private fromImport(declaration: TS.Node, module: string, name: string): Resolved | undefined {
    const catalogue = this.context.catalogue;
    const canonical = catalogue.canonicalModule(module);
    if (this.context.host) {
      // In the analyzer, a project module's export is resolved where it is declared.
      const target = this.context.host.exportedDeclaration(this.context.sourceFile, module, name);
      const foreign = target && this.resolveForeign(target);
      if (foreign) return foreign;
    }
    return { kind: 'export', base: `${canonical}#${name}`, path: [] };
  }

  /** A declaration in another file: resolved with that file's own resolver. */
  private resolveForeign(target: TS.Node): Resolved | undefined {
    const resolver = this.forFile(target.getSourceFile());
    const ts = this.ts;
    if (ts.isVariableDeclaration(target) || ts.isBindingElement(target) || ts.isParameter(target)) {
      return resolver.resolveDeclaration(target);
    }
    if (ts.isExportAssignment(target)) return resolver.resolve(target.expression);
    return undefined;
  }

  /** A type annotation naming a tracked type (`queue: Queue` with `Queue` from 'bullmq'). */
  fromAnnotation(type: TS.TypeNode | undefined): Resolved | undefined {
    const ts = this.ts;
    if (!type) return undefined;
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const found = this.fromAnnotation(member);
        if (found) return found;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    if (ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise' && type.typeArguments?.length === 1 && !findDeclaration(ts, 'Promise', type)) {
      return this.fromAnnotation(type.typeArguments[0]);
    }
    const ref = this.typeNameRef(type.typeName);
    if (!ref) return undefined;
    // A global type name (`Queue` of a platform) that this file declares itself is not the global one.
    if (ref.startsWith('global#') && ts.isIdentifier(type.typeName) && localTypeDeclaration(ts, type.typeName.text, type)) return undefined;
    const tracked = this.context.catalogue.annotated(ref);
    return tracked ? { kind: 'instance', base: tracked, path: [] } : undefined;
  }

  /** `module#Name` for a type name imported from a module (`Queue`, `bullmq.Queue`). */
  typeNameRef(name: TS.EntityName): string | undefined {
    const ts = this.ts;
    const resolved = ts.isIdentifier(name)
      ? this.resolveIdentifier(name)
      : append(this.resolve(name.left), name.right.text);
    if (!resolved || resolved.kind !== 'export') return undefined;
    const candidates = this.candidates(resolved);
    const exact = candidates.find((candidate) => candidate.path.length === 0);
    return exact?.base;
  }

  /** A parameter: its annotation, a decorator that injects it, or what the runtime passes to the callback. */
  resolveParameter(parameter: TS.ParameterDeclaration): Resolved | undefined {
    const ts = this.ts;
    const annotated = this.fromAnnotation(parameter.type);
    if (annotated) return annotated;
    for (const modifier of parameter.modifiers ?? []) {
      if (!ts.isDecorator(modifier)) continue;
      const expression = ts.isCallExpression(modifier.expression) ? modifier.expression.expression : modifier.expression;
      const ref = this.resolve(expression);
      if (ref?.kind === 'export' && ref.path.length === 0) {
        const type = this.context.catalogue.injected(ref.base);
        if (type) return { kind: 'instance', base: type, path: [] };
      }
    }
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    const provided = this.callbackParameter(fn, index);
    return provided ? { kind: 'instance', base: provided, path: [] } : undefined;
  }

  /** The tracked type a runtime passes as parameter `index` of callback `fn`, if any. */
  callbackParameter(fn: TS.SignatureDeclaration, index: number): string | undefined {
    const ts = this.ts;
    const owner = callbackOwner(ts, fn);
    if (!owner) {
      const annotatedType = handlerAnnotationParams(this, fn);
      return annotatedType?.find((param) => param.index === index)?.type;
    }
    for (const { role } of this.matchCall(owner.call)) {
      if (role.role === 'transaction' && role.spec.client?.index === index && isArgument(owner.call, owner.argument, role.spec.callbackArg)) {
        return role.spec.client.type;
      }
      if (role.role === 'handler' && 'params' in role.spec && role.spec.params) {
        const found = role.spec.params.find((param) => param.index === index);
        if (found) return found.type;
      }
    }
    return undefined;
  }

  /** `this.queue` inside a class: a field initializer, annotation, injected constructor parameter or constructor assignment. */
  private resolveThisMember(node: TS.Node, name: string): Resolved | undefined {
    const ts = this.ts;
    const cls = enclosingClass(ts, node);
    if (!cls) return undefined;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name && ts.isIdentifier(member.name) && member.name.text === name) {
        const fromType = this.fromAnnotation(member.type);
        if (fromType) return fromType;
        if (member.initializer) return this.resolve(member.initializer);
        for (const modifier of member.modifiers ?? []) {
          if (!ts.isDecorator(modifier)) continue;
          const expression = ts.isCallExpression(modifier.expression) ? modifier.expression.expression : modifier.expression;
          const ref = this.resolve(expression);
          const type = ref?.kind === 'export' ? this.context.catalogue.injected(ref.base) : undefined;
          if (type) return { kind: 'instance', base: type, path: [] };
        }
      }
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          if (ts.isIdentifier(parameter.name) && parameter.name.text === name && ts.getModifiers(parameter)?.length) {
            return this.resolveParameter(parameter);
          }
        }
        // The first assignment that runs with the constructor and resolves (not one in a callback).
        for (const { value, nested } of member.body ? thisAssignments(ts, member.body, name) : []) {
          const assigned = nested ? undefined : this.resolve(value);
          if (assigned) return assigned;
        }
      }
    }
    return undefined;
  }

  /**
   * Whether `node` is reached from a name declared with a primitive type (`email: string`,
   * `values: readonly number[]`): members and calls of such values are library types, so the
   * checker has nothing to add and is not asked (it is the costly part of resolution).
   */
  private ofPrimitiveRoot(node: TS.Node): boolean {
    const ts = this.ts;
    let root: TS.Node = node;
    while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root)) return false;
    const declaration = findDeclaration(ts, root.text, root);
    return !!declaration && (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) && isPrimitiveType(ts, declaration.type);
  }

  /**
   * Whether `node` names a function, class or enum declared in the project (in this file, or in
   * another file the host follows an import into): its type is declared there too, never in a
   * package, so the checker cannot map it to a tracked type.
   */
  private namesProjectDeclaration(node: TS.Node): boolean {
    const ts = this.ts;
    if (!ts.isIdentifier(node)) return false;
    let declaration: TS.Node | undefined = findDeclaration(ts, node.text, node);
    if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) && this.context.host) {
      const module = moduleOf(ts, declaration);
      const name = ts.isImportClause(declaration) ? 'default' : (declaration.propertyName ?? declaration.name).text;
      declaration = module === undefined ? undefined : this.context.host.exportedDeclaration(this.context.sourceFile, module, name);
    }
    return !!declaration && (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration));
  }

  /** With type information: the tracked type the checker says this expression has. */
  private resolveByType(node: TS.Node): Resolved | undefined {
    const checker = this.context.checker;
    const ts = this.ts;
    if (!checker || !(ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isCallExpression(node))) return undefined;
    if (this.ofPrimitiveRoot(node) || this.namesProjectDeclaration(node)) return undefined;
    try {
      const type = checker.getTypeAtLocation(node);
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const declaration = symbol?.declarations?.[0];
      if (!symbol || !declaration) return undefined;
      const pkg = packageOfFile(this.context.catalogue, declaration.getSourceFile().fileName);
      if (!pkg) return undefined;
      const tracked = this.context.catalogue.checkerType(pkg, symbol.getName());
      return tracked ? { kind: 'instance', base: tracked, path: [] } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Type keywords whose values (and whatever is reached from them) are never a tracked type. */
const PRIMITIVE_KEYWORDS = new Set(['string', 'number', 'boolean', 'bigint', 'symbol']);

function isPrimitiveType(ts: typeof TS, type: TS.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isArrayTypeNode(type)) return isPrimitiveType(ts, type.elementType);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isPrimitiveType(ts, type.type);
  if (ts.isLiteralTypeNode(type)) return true;
  return PRIMITIVE_KEYWORDS.has(ts.tokenToString(type.kind) ?? '');
}

function append(resolved: Resolved | undefined, segment: string): Resolved | undefined {
  return resolved ? { ...resolved, path: [...resolved.path, segment] } : undefined;
}

/** Length of the path prefix that `pattern` matches exactly, if any. */
function prefixMatch(pattern: Pattern, path: readonly string[]): number | undefined {
  for (let length = 1; length <= path.length; length++) {
    if (matchPath(pattern.path, path.slice(0, length))) return length;
  }
  return undefined;
}

/**
 * Whether the callee of a call can resolve to something `pattern` matches: `x.name` resolves to a
 * path that ends with `name` (or, through a factory or an export, to no path at all), so a pattern
 * ending with another name never matches and the callee need not be resolved.
 */
export function calleeMayMatch(ts: typeof TS, callee: TS.Expression, pattern: Pattern): boolean {
  const member = memberName(ts, callee);
  if (member === undefined) return true;
  // An export itself (`proxyActivities`) is reached from a member only as that export (`wf.proxyActivities`).
  if (pattern.path.length === 0) return pattern.kind === 'instance' || pattern.base.slice(pattern.base.indexOf('#') + 1) === member;
  const last = pattern.path[pattern.path.length - 1];
  return last === '*' || last === '**' || last === member;
}

/**
 * The member name a callee ends with (`a.b.name`, `a['name']`, `a?.name`), when resolving it can
 * only append that name; `this.name` resolves to the member's value instead, so it has none.
 */
export function memberName(ts: typeof TS, callee: TS.Expression): string | undefined {
  let node = callee;
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isPropertyAccessExpression(node)) return node.expression.kind === ts.SyntaxKind.ThisKeyword ? undefined : node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.expression.kind === ts.SyntaxKind.ThisKeyword ? undefined : node.argumentExpression.text;
  }
  return undefined;
}

function moduleOf(ts: typeof TS, node: TS.Node): string | undefined {
  let current: TS.Node | undefined = node;
  while (current && !ts.isImportDeclaration(current)) current = current.parent;
  return current && ts.isStringLiteralLike(current.moduleSpecifier) ? current.moduleSpecifier.text : undefined;
}

function functionLike(ts: typeof TS, node: TS.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function enclosingClass(ts: typeof TS, node: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** The call a function is passed to as an argument, looking through `fn.bind(x)` and object properties. */
export function callbackOwner(
  ts: typeof TS,
  fn: TS.Node,
): { call: TS.CallExpression | TS.NewExpression; argument: TS.Expression } | undefined {
  let node: TS.Node = fn;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as TS.Expression)) {
    return { call: parent, argument: node as TS.Expression };
  }
  return undefined;
}

function isArgument(call: TS.CallExpression | TS.NewExpression, argument: TS.Expression, index: number | 'last'): boolean {
  const args = call.arguments ?? [];
  return index === 'last' ? args[args.length - 1] === argument : args[index] === argument;
}

function handlerAnnotationParams(resolver: Resolver, fn: TS.SignatureDeclaration) {
  const ts = resolver.ts;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && parent.type && ts.isTypeReferenceNode(parent.type)) {
    const ref = resolver.typeNameRef(parent.type.typeName);
    if (ref) return resolver.context.catalogue.annotatedHandlers.get(ref)?.spec.params;
  }
  return undefined;
}

/** The npm package a declaration file belongs to (`…/node_modules/@scope/pkg/…` → `@scope/pkg`). */
export function packageOfFile(catalogue: CompiledCatalogue, fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const index = normalized.lastIndexOf('/node_modules/');
  if (index >= 0) {
    const parts = normalized.slice(index + '/node_modules/'.length).split('/');
    let pkg = parts[0]?.startsWith('@') || parts[0] === '.prisma' ? `${parts[0]}/${parts[1]}` : parts[0];
    if (pkg?.startsWith('@types/')) pkg = pkg.slice('@types/'.length).replace(/^(.*)__(.*)$/, '@$1/$2');
    return pkg ? catalogue.canonicalModule(pkg) : undefined;
  }
  const withoutExtension = normalized.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
  const canonical = catalogue.canonicalModule(withoutExtension);
  return canonical === withoutExtension ? undefined : canonical;
}

const resolvers = new WeakMap<TS.SourceFile, WeakMap<CompiledCatalogue, Resolver>>();

/** The file's resolver, shared by everything that analyses the same `ts.SourceFile`. */
export function resolverFor(context: AnalysisContext): Resolver {
  let byCatalogue = resolvers.get(context.sourceFile);
  if (!byCatalogue) resolvers.set(context.sourceFile, (byCatalogue = new WeakMap()));
  let resolver = byCatalogue.get(context.catalogue);
  if (!resolver) byCatalogue.set(context.catalogue, (resolver = new Resolver(context)));
  return resolver;
}
