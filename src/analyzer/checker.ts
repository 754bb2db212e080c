/**
 * The type checker the analyzer hands to the analysis, built over as little of the project as the
 * questions need. Most callees resolve from the syntax; types are asked for a payload's fields, a
 * value imported from a package the catalogue does not know, a producer's payload against its
 * handler's. Those questions come from the files that hold jobs and enqueues, and their imports are
 * a small part of a large repository: building a program and a checker for the whole project (what
 * `project.getTypeChecker()` does) would cost about as much as `tsc` itself.
 *
 * The program is built on the first question, from the files `seeds()` names plus the one asked
 * about, with the SourceFiles ts-morph already parsed (so nodes are shared with the analysis) and
 * ts-morph's in-memory lib files. Files announced with `include()` join at the next build. A
 * question about any other file means types are wanted across the project (real code asks while
 * resolving callees in many files): the next build takes every file `everything()` names, so a run
 * builds at most a few programs, the last one no larger than `tsc`'s. TypeScript reuses the old
 * program's structure and bindings. Types and symbols are answered by the checker that made them,
 * so a rebuild never mixes two checkers.
 */
import path from 'node:path';
import type { ts } from 'ts-morph';
import { getLibFiles, libFolderInMemoryPath, tsm, type Project } from './morph.js';
import type * as TS from 'typescript';

export interface ScopedChecker {
  readonly checker: TS.TypeChecker;
  /** Files questions are about to be asked about: the next rebuild covers them all at once. */
  include(fileNames: Iterable<string>): void;
  /** How many programs were built (0 when no question needed types). */
  readonly builds: number;
  /** The source files of the current program (none before the first question). */
  programFiles(): readonly string[];
}

export function scopedChecker(project: Project, root: string, seeds: () => Iterable<string>, everything: () => Iterable<string> = seeds): ScopedChecker {
  const options = { ...project.getCompilerOptions(), noEmit: true };
  const libs = new Map(getLibFiles().map((file) => [path.posix.join(libFolderInMemoryPath, file.fileName), file.text]));
  const parsed = new Map<string, ts.SourceFile>();
  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      const own = project.getSourceFile(fileName)?.compilerNode;
      if (own) return own;
      // A project file the loader skimmed (it imports nothing) joins the ts-morph project, so the
      // analysis and the checker share its nodes if the analysis follows an import there later.
      if (isProjectSource(fileName)) {
        try {
          const added = project.addSourceFileAtPathIfExists(fileName)?.compilerNode;
          if (added) return added;
        } catch {
          // unreadable: TypeScript reports the file missing, as it would
        }
      }
      let file = parsed.get(fileName);
      if (!file) {
        const text = libs.get(fileName) ?? tsm.sys.readFile(fileName);
        if (text === undefined) return undefined;
        file = tsm.createSourceFile(fileName, text, languageVersion, false);
        parsed.set(fileName, file);
      }
      return file;
    },
    getDefaultLibFileName: (compilerOptions) => path.posix.join(libFolderInMemoryPath, tsm.getDefaultLibFileName(compilerOptions)),
    getDefaultLibLocation: () => libFolderInMemoryPath,
    writeFile: () => undefined, // never: the analyzer writes nothing it was not asked to
    getCurrentDirectory: () => root,
    getCanonicalFileName: (fileName) => (tsm.sys.useCaseSensitiveFileNames ? fileName : fileName.toLowerCase()),
    useCaseSensitiveFileNames: () => tsm.sys.useCaseSensitiveFileNames,
    getNewLine: () => '\n',
    fileExists: (fileName) => libs.has(fileName) || tsm.sys.fileExists(fileName),
    readFile: (fileName) => libs.get(fileName) ?? tsm.sys.readFile(fileName),
    directoryExists: (directory) => directory === libFolderInMemoryPath || tsm.sys.directoryExists(directory),
    getDirectories: (directory) => tsm.sys.getDirectories(directory),
    realpath: (file) => (tsm.sys.realpath ? tsm.sys.realpath(file) : file),
    // As `tsc` does: JSDoc is parsed in JavaScript files, where it carries types, and skipped in
    // TypeScript files and declarations (the lib files are mostly JSDoc: lib.dom.d.ts is 2 MB).
    jsDocParsingMode: tsm.JSDocParsingMode.ParseForTypeErrors,
  };

  const inside = path.resolve(root) + path.sep;
  const isProjectSource = (fileName: string) =>
    path.resolve(fileName).startsWith(inside) && !fileName.includes('/node_modules/') && !/\.d\.[cm]?ts$/.test(fileName) && /\.[cm]?[jt]sx?$/.test(fileName);
  const roots = new Set<string>();
  const included = new Set<string>();
  let whole = false;
  let builds = 0;
  let program: ts.Program | undefined;
  let current: TS.TypeChecker | undefined;
  /** The checker that made each type, symbol or signature handed out. */
  const owners = new WeakMap<object, TS.TypeChecker>();

  const checkerFor = (files: readonly TS.SourceFile[]): TS.TypeChecker => {
    const missing = files.filter((file) => program?.getSourceFile(file.fileName) !== (file as unknown));
    if (!program || !current || missing.length > 0) {
      if (!program) {
        for (const file of seeds()) roots.add(file);
      } else if (!whole && missing.some((file) => !included.has(file.fileName))) {
        whole = true;
        for (const file of everything()) roots.add(file);
      }
      for (const file of included) roots.add(file);
      for (const file of missing) roots.add(file.fileName);
      program = tsm.createProgram({ rootNames: [...roots], options, host, ...(program ? { oldProgram: program } : {}) });
      current = program.getTypeChecker() as unknown as TS.TypeChecker;
      builds++;
    }
    return current;
  };

  const remember = (checker: TS.TypeChecker, value: unknown): unknown => {
    if (value && typeof value === 'object') {
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object') owners.set(item, checker);
      } else {
        owners.set(value, checker);
      }
    }
    return value;
  };

  const checker = new Proxy({} as TS.TypeChecker, {
    get(_target, property) {
      return (...args: unknown[]) => {
        let checker: TS.TypeChecker | undefined;
        for (const argument of args) {
          const owner = argument && typeof argument === 'object' ? owners.get(argument) : undefined;
          if (!owner) continue;
          // Types of two programs cannot be compared: an error (callers then stay silent), never a wrong answer.
          if (checker && owner !== checker) throw new Error('types from two type-checker builds cannot be mixed');
          checker = owner;
        }
        const nodes = args.filter(isNode);
        if (checker && checker !== current && nodes.length > 0) throw new Error('a node asked about with a type from an earlier type-checker build');
        checker ??= checkerFor(nodes.map((node) => node.getSourceFile()));
        const method = (checker as unknown as Record<PropertyKey, (...values: unknown[]) => unknown>)[property];
        return remember(checker, method!.apply(checker, args));
      };
    },
  });
  return {
    checker,
    include(fileNames) {
      for (const fileName of fileNames) included.add(fileName);
    },
    get builds() {
      return builds;
    },
    programFiles: () => program?.getSourceFiles().map((file) => file.fileName) ?? [],
  };
}

function isNode(value: unknown): value is TS.Node {
  return !!value && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'number' && typeof (value as { getSourceFile?: unknown }).getSourceFile === 'function';
}
