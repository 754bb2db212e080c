/**
 * Cross-file resolution for the analysis, backed by the ts-morph project: module specifiers are
 * resolved with the project's compiler options (TypeScript's own resolver, cached) and exports are
 * read from the syntax (`exports.ts`), so following an import never builds the type checker.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import type { ts } from 'ts-morph';
import { tsm as morphTs } from './morph.js';
import type * as TS from 'typescript';
import type { CrossFileHost } from '../analysis/resolve.js';
import { exportedDeclaration } from './exports.js';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** `projectFiles`: the files the project was loaded with (the same in every worker thread), for project-wide settings. */
export function createHost(project: Project, projectFiles?: () => readonly SourceFile[]): CrossFileHost {
  const memo = new Map<string, TS.Node | null>();
  const ts = morphTs as unknown as typeof TS;
  const options = project.getCompilerOptions();
  const resolutionCache = morphTs.createModuleResolutionCache(project.getFileSystem().getCurrentDirectory(), (name) => name, options);

  /** A project file by path: already loaded, or added on demand (never from node_modules). */
  const load = (file: string): SourceFile | undefined => {
    if (file.includes(`${path.sep}node_modules${path.sep}`) || /\.d\.[cm]?ts$/.test(file)) return undefined;
    try {
      return project.getSourceFile(file) ?? (existsSync(file) && statSync(file).isFile() ? project.addSourceFileAtPathIfExists(file) : undefined);
    } catch {
      return undefined;
    }
  };
  /**
   * A directory of several projects analysed at once: an import the project-wide options cannot
   * resolve (`@/lib/client` from one app's own `paths`) is resolved with the importing file's
   * nearest tsconfig.
   */
  const configs = new Map<string, ts.CompilerOptions | null>();
  const nearestOptions = (directory: string): ts.CompilerOptions | undefined => {
    const cached = configs.get(directory);
    if (cached !== undefined) return cached ?? undefined;
    let options: ts.CompilerOptions | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(directory, name);
      if (!existsSync(file)) continue;
      const read = morphTs.readConfigFile(file, morphTs.sys.readFile);
      if (!read.error && read.config && typeof read.config === 'object') {
        const { extends: _base, ...config } = read.config as Record<string, unknown>;
        options = morphTs.parseJsonConfigFileContent(config, morphTs.sys, directory, undefined, file).options;
      }
      break;
    }
    const parent = path.dirname(directory);
    if (!options && parent !== directory && !existsSync(path.join(directory, '.git'))) options = nearestOptions(parent);
    configs.set(directory, options ?? null);
    return options;
  };
  const resolveWithNearestConfig = (fromFile: string, specifier: string): SourceFile | undefined => {
    if (specifier.startsWith('.')) return undefined;
    const options = nearestOptions(path.dirname(fromFile));
    if (!options?.paths && !options?.baseUrl) return undefined;
    const resolved = morphTs.resolveModuleName(specifier, fromFile, options, morphTs.sys).resolvedModule;
    return resolved && !resolved.isExternalLibraryImport ? load(resolved.resolvedFileName) : undefined;
  };
  const compiler = (file: SourceFile | undefined) => file?.compilerNode as unknown as TS.SourceFile | undefined;
  /** The project source file an import specifier names (none for packages and declaration files). */
  const modules = new Map<string, TS.SourceFile | null>();
  const lookup = (fromFile: TS.SourceFile, specifier: string): TS.SourceFile | undefined => {
    const key = `${path.dirname(fromFile.fileName)}\0${specifier}`;
    const cached = modules.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: SourceFile | undefined;
    try {
      const resolved = morphTs.resolveModuleName(specifier, fromFile.fileName, options, morphTs.sys, resolutionCache).resolvedModule;
      found = resolved ? (resolved.isExternalLibraryImport ? undefined : load(resolved.resolvedFileName)) : resolveWithNearestConfig(fromFile.fileName, specifier);
    } catch {
      found = undefined;
    }
    const file = compiler(found);
    modules.set(key, file ?? null);
    return file;
  };

  let listed: readonly TS.SourceFile[] | undefined;
  return {
    ...(projectFiles
      ? {
          projectFiles() {
            listed ??= projectFiles().map((file) => file.compilerNode as unknown as TS.SourceFile);
            return listed;
          },
        }
      : {}),
    exportedDeclaration(fromFile, specifier, name) {
      const key = `${fromFile.fileName}\0${specifier}\0${name}`;
      const cached = memo.get(key);
      if (cached !== undefined) return cached ?? undefined;
      let found: TS.Node | undefined;
      try {
        const target = lookup(fromFile, specifier);
        found = target && exportedDeclaration(ts, target, name, lookup);
      } catch {
        found = undefined;
      }
      memo.set(key, found ?? null);
      return found;
    },

    fileAt(fromFile, relativePath) {
      const base = path.resolve(path.dirname(fromFile.fileName), relativePath);
      const candidates = [base];
      const variants = (file: string) => [
        file.replace(/\.([cm]?)js$/, '.$1ts'),
        file.replace(/\.js$/, '.tsx'),
        ...(SOURCE.test(file) ? [] : ['.ts', '.js', '/index.ts', '/index.js'].map((ext) => file + ext)),
      ];
      candidates.push(...variants(base));
      // A build output path (`dist/processor.js`) stands for its source (`src/processor.ts`).
      const fromSource = base.replace(`${path.sep}dist${path.sep}`, `${path.sep}src${path.sep}`);
      if (fromSource !== base) candidates.push(fromSource, ...variants(fromSource));
      for (const candidate of candidates) {
        const file = load(candidate);
        if (file) return compiler(file);
      }
      return undefined;
    },

    filesIn(fromFile, relativeDirectory) {
      const directory = path.resolve(path.dirname(fromFile.fileName), relativeDirectory);
      let names: string[];
      try {
        names = readdirSync(directory).filter((name) => SOURCE.test(name) && !/\.d\.[cm]?ts$/.test(name)).sort();
      } catch {
        return [];
      }
      return names.map((name) => compiler(load(path.join(directory, name)))).filter((file): file is TS.SourceFile => file !== undefined);
    },
  };
}
