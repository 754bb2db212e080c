/** Cross-file resolution for the analysis, backed by the ts-morph project. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import type { ts } from 'ts-morph';
import type * as TS from 'typescript';
import type { CrossFileHost } from '../analysis/resolve.js';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

export function createHost(project: Project): CrossFileHost {
  const memo = new Map<string, ts.Node | null>();

  /** A project file by path: already loaded, or added on demand (never from node_modules). */
  const load = (file: string): SourceFile | undefined => {
    if (file.includes(`${path.sep}node_modules${path.sep}`) || /\.d\.[cm]?ts$/.test(file)) return undefined;
    try {
      return project.getSourceFile(file) ?? (existsSync(file) && statSync(file).isFile() ? project.addSourceFileAtPathIfExists(file) : undefined);
    } catch {
      return undefined;
    }
  };
  const compiler = (file: SourceFile | undefined) => file?.compilerNode as unknown as TS.SourceFile | undefined;

  return {
    exportedDeclaration(fromFile, specifier, name) {
      const key = `${fromFile.fileName}\0${specifier}\0${name}`;
      const cached = memo.get(key);
      if (cached !== undefined) return (cached ?? undefined) as TS.Node | undefined;
      let found: ts.Node | undefined;
      try {
        const source = project.getSourceFile(fromFile.fileName);
        const declaration = source?.getImportDeclaration((d) => d.getModuleSpecifierValue() === specifier);
        const target: SourceFile | undefined = declaration?.getModuleSpecifierSourceFile();
        if (target && !target.isDeclarationFile() && !target.isInNodeModules()) {
          found = target.getExportedDeclarations().get(name)?.[0]?.compilerNode;
        }
      } catch {
        found = undefined;
      }
      memo.set(key, found ?? null);
      return found as TS.Node | undefined;
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
