/**
 * The catalogue compiled for look-ups: call patterns indexed by the export or type they start from,
 * type facts merged across entries. Built once per set of entries (the built-ins, plus a user's
 * additions from settings).
 */
import { builtinEntries } from '../catalogue/index.js';
import type {
  CatalogueEntry,
  DataLayer,
  DataOpSpec,
  EffectProvider,
  EffectSpec,
  EnqueueSpec,
  ExportRef,
  HandlerSpec,
  JobFramework,
  ParamSpec,
  Target,
  TransactionSpec,
  TypeRef,
} from '../catalogue/types.js';

/** A call pattern: where the callee starts and the member path after it. */
export interface Pattern {
  readonly kind: 'export' | 'instance';
  readonly base: string;
  readonly path: readonly string[];
}

export type Role =
  | { readonly role: 'handler'; readonly entry: JobFramework; readonly spec: HandlerSpec }
  | { readonly role: 'enqueue'; readonly entry: JobFramework; readonly spec: EnqueueSpec }
  | { readonly role: 'step'; readonly entry: JobFramework; readonly spec: { readonly callbackArg: number } }
  | { readonly role: 'effect'; readonly entry: EffectProvider; readonly spec: EffectSpec }
  | { readonly role: 'data'; readonly entry: DataLayer; readonly spec: DataOpSpec }
  | { readonly role: 'transaction'; readonly entry: DataLayer; readonly spec: TransactionSpec };

interface Rule {
  readonly pattern: Pattern;
  readonly isNew: boolean;
  readonly role: Role;
}

export interface CompiledCatalogue {
  readonly entries: readonly CatalogueEntry[];
  /** Does any catalogue entry name this (canonical) module, or the package it is a subpath of (`drizzle-orm/pg-core`)? */
  knowsModule(module: string): boolean;
  /** Canonical module for a specifier (aliases applied, `node:` stripped). */
  canonicalModule(specifier: string): string;
  /** Rules whose pattern starts at `base`, for plain calls or `new`. */
  rulesFor(base: string, isNew: boolean): readonly Rule[];
  /** The type `new X()` of this export makes. */
  constructed(ref: string): TypeRef | undefined;
  /** The type a declaration annotated with this export holds. */
  annotated(ref: string): TypeRef | undefined;
  /** The type a parameter decorator injects. */
  injected(ref: string): TypeRef | undefined;
  /** The type a class that `extends` this export is (Sequelize `Model`, TypeORM `BaseEntity`). */
  extended(ref: string): TypeRef | undefined;
  /** Return-type patterns starting at `base`. */
  returnsFor(base: string): readonly { readonly pattern: Pattern; readonly type: TypeRef }[];
  members(type: string): Readonly<Record<string, TypeRef>> | undefined;
  /** The tracked type a checker type named `name`, declared in `pkg`, stands for. */
  checkerType(pkg: string, name: string): TypeRef | undefined;
  /**
   * Whether a call of a member named `name` (`x.name(…)`) can play any catalogue role: false when
   * no call pattern, factory, member type or export of the catalogue uses that name, so the callee
   * need not be resolved at all (most calls of a program: `toLowerCase`, `map`, `json`).
   */
  mayCallMember(name: string): boolean;
  /**
   * Names through which code can reach a catalogue role without importing anything: globals
   * (`fetch`) and the platform types of module-shaped handlers (`MessageBatch`). A file that
   * imports nothing and names none of these holds no job code.
   */
  readonly ambientNames: readonly string[];
  /** Handler specs keyed by a shape that is not a call. */
  readonly classHandlers: readonly { readonly entry: JobFramework; readonly spec: Extract<HandlerSpec, { shape: 'class-method' }> }[];
  readonly annotatedHandlers: ReadonlyMap<string, { readonly entry: JobFramework; readonly spec: Extract<HandlerSpec, { shape: 'annotated' }> }>;
  readonly taskFileHandlers: readonly { readonly entry: JobFramework; readonly spec: Extract<HandlerSpec, { shape: 'task-file' }> }[];
  /** Handlers found from the module's own shape (its default export, its exports). */
  readonly moduleHandlers: readonly {
    readonly entry: JobFramework;
    readonly spec: Extract<HandlerSpec, { shape: 'default-export-method' | 'module-exports' }>;
  }[];
}

export function parseTarget(target: Target): Pattern {
  const path = target.path ? target.path.split('.') : [];
  return 'export' in target
    ? { kind: 'export', base: target.export, path }
    : { kind: 'instance', base: target.instance, path };
}

/** Glob match of a member path: `*` is one name, `**` any run of segments (calls included). */
export function matchPath(pattern: readonly string[], path: readonly string[], i = 0, j = 0): boolean {
  if (i === pattern.length) return j === path.length;
  const segment = pattern[i];
  if (segment === '**') {
    for (let k = j; k <= path.length; k++) if (matchPath(pattern, path, i + 1, k)) return true;
    return false;
  }
  if (j === path.length) return false;
  const actual = path[j]!;
  if (segment === '*' ? actual === '()' || actual.startsWith('[') : segment !== actual) return false;
  return matchPath(pattern, path, i + 1, j + 1);
}

export function compileCatalogue(entries: readonly CatalogueEntry[]): CompiledCatalogue {
  const rules = new Map<string, Rule[]>();
  const constructors = new Map<string, TypeRef>();
  const annotations = new Map<string, TypeRef>();
  const injections = new Map<string, TypeRef>();
  const extensions = new Map<string, TypeRef>();
  const returns = new Map<string, { pattern: Pattern; type: TypeRef }[]>();
  const members = new Map<string, Record<string, TypeRef>>();
  const checkerNames = new Map<string, TypeRef>();
  const aliases: { regex: RegExp; module: string }[] = [];
  const classHandlers: CompiledCatalogue['classHandlers'][number][] = [];
  const annotatedHandlers = new Map<string, CompiledCatalogue['annotatedHandlers'] extends ReadonlyMap<string, infer V> ? V : never>();
  const taskFileHandlers: CompiledCatalogue['taskFileHandlers'][number][] = [];
  const moduleHandlers: CompiledCatalogue['moduleHandlers'][number][] = [];

  const addRule = (target: Target, isNew: boolean, role: Role): void => {
    const pattern = parseTarget(target);
    const key = `${isNew ? 'new ' : ''}${pattern.base}`;
    let list = rules.get(key);
    if (!list) rules.set(key, (list = []));
    list.push({ pattern, isNew, role });
  };

  for (const entry of entries) {
    for (const [module, patterns] of Object.entries(entry.moduleAliases ?? {})) {
      for (const source of patterns) aliases.push({ regex: new RegExp(source), module });
    }
    for (const [type, spec] of Object.entries(entry.types ?? {}) as [TypeRef, NonNullable<CatalogueEntry['types']>[TypeRef]][]) {
      for (const ref of spec.constructedBy ?? (spec.returnedBy || spec.injectedBy || spec.members || spec.extendedBy ? [] : [type])) constructors.set(ref, type);
      for (const ref of spec.annotatedAs ?? (spec.injectedBy || spec.members ? [] : [type])) annotations.set(ref, type);
      for (const ref of spec.injectedBy ?? []) injections.set(ref, type);
      for (const ref of spec.extendedBy ?? []) extensions.set(ref, type);
      for (const target of spec.returnedBy ?? []) {
        const pattern = parseTarget(target);
        let list = returns.get(pattern.base);
        if (!list) returns.set(pattern.base, (list = []));
        list.push({ pattern, type });
      }
      if (spec.members) members.set(type, { ...members.get(type), ...spec.members });
      const typeModule = type.slice(0, type.indexOf('#'));
      for (const name of spec.checkerNames ?? []) {
        for (const pkg of new Set([typeModule, ...entry.packages])) checkerNames.set(`${pkg}#${name}`, type);
      }
    }
    if (entry.kind === 'framework') {
      for (const spec of entry.handlers) {
        if (spec.shape === 'class-method') classHandlers.push({ entry, spec });
        else if (spec.shape === 'annotated') annotatedHandlers.set(spec.type, { entry, spec });
        else if (spec.shape === 'task-file') taskFileHandlers.push({ entry, spec });
        else if (spec.shape === 'default-export-method' || spec.shape === 'module-exports') moduleHandlers.push({ entry, spec });
        else addRule(spec.call, 'new' in spec && spec.new === true, { role: 'handler', entry, spec });
      }
      for (const spec of entry.enqueues) addRule(spec.call, spec.new === true, { role: 'enqueue', entry, spec });
      for (const spec of entry.steps ?? []) addRule(spec.call, false, { role: 'step', entry, spec });
    } else if (entry.kind === 'effect') {
      for (const spec of entry.effects) addRule(spec.call, false, { role: 'effect', entry, spec });
    } else {
      for (const spec of entry.operations) addRule(spec.call, false, { role: 'data', entry, spec });
      for (const spec of entry.transactions) addRule(spec.call, false, { role: 'transaction', entry, spec });
    }
  }

  // Every name through which a member call can reach a catalogue role (see `mayCallMember`).
  const memberNames = new Set<string>();
  let anyMember = false;
  const addNames = (pattern: Pattern): void => {
    memberNames.add(pattern.base.slice(pattern.base.indexOf('#') + 1));
    for (const segment of pattern.path) memberNames.add(segment);
    const last = pattern.path[pattern.path.length - 1];
    if (last === '*' || last === '**') anyMember = true;
  };
  for (const list of rules.values()) for (const rule of list) addNames(rule.pattern);
  for (const list of returns.values()) for (const { pattern } of list) addNames(pattern);
  for (const record of members.values()) for (const name of Object.keys(record)) memberNames.add(name);

  const ambientNames = new Set<string>();
  for (const list of rules.values()) for (const { pattern } of list) if (pattern.base.startsWith('global#')) ambientNames.add(pattern.base.slice('global#'.length));
  for (const { spec } of moduleHandlers) if (spec.shape === 'default-export-method') for (const name of [...spec.paramTypes, ...spec.objectTypes]) ambientNames.add(name);

  const modules = new Set<string>(['global']);
  const addModule = (ref: string) => modules.add(ref.slice(0, ref.indexOf('#')));
  for (const key of rules.keys()) addModule(key.replace(/^new /, ''));
  for (const map of [constructors, annotations, injections, returns, members]) for (const key of map.keys()) addModule(key);
  for (const type of [...constructors.values(), ...annotations.values()]) addModule(type);
  const packages = new Set<string>();
  for (const entry of entries) {
    for (const pkg of entry.packages) {
      modules.add(pkg);
      packages.add(pkg);
    }
  }
  /** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
  const packageOf = (module: string): string => module.split('/').slice(0, module.startsWith('@') ? 2 : 1).join('/');

  const moduleCache = new Map<string, string>();
  return {
    entries,
    knowsModule: (module) => modules.has(module) || packages.has(packageOf(module)),
    canonicalModule(specifier) {
      let canonical = moduleCache.get(specifier);
      if (canonical === undefined) {
        const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
        canonical = aliases.find(({ regex }) => regex.test(bare))?.module ?? bare;
        moduleCache.set(specifier, canonical);
      }
      return canonical;
    },
    rulesFor: (base, isNew) => rules.get(`${isNew ? 'new ' : ''}${base}`) ?? [],
    constructed: (ref) => constructors.get(ref),
    annotated: (ref) => annotations.get(ref),
    injected: (ref) => injections.get(ref),
    extended: (ref) => extensions.get(ref),
    returnsFor: (base) => returns.get(base) ?? [],
    members: (type) => members.get(type),
    checkerType: (pkg, name) => checkerNames.get(`${pkg}#${name}`),
    mayCallMember: (name) => anyMember || memberNames.has(name),
    ambientNames: [...ambientNames].sort(),
    classHandlers,
    annotatedHandlers,
    taskFileHandlers,
    moduleHandlers,
  };
}

let builtin: CompiledCatalogue | undefined;
export function builtinCatalogue(): CompiledCatalogue {
  return (builtin ??= compileCatalogue(builtinEntries));
}

export type { ExportRef, ParamSpec };
