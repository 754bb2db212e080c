/** Cross-file resolution for the analysis, backed by the ts-morph project. */
import fs from 'node:fs';
import path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import type { ts } from 'ts-morph';
import type { CrossFileHost } from '../analysis/resolve.js';

export function createHost(project: Project): CrossFileHost {
  const memo = new Map<string, ts.Node | null>();
  return {
    exportedDeclaration(fromFile, specifier, name) {
      const key = `${fromFile.fileName}\0${specifier}\0${name}`;
      const cached = memo.get(key);
      if (cached !== undefined) return cached ?? undefined;
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
      return found;
    },
    nearestFile(fromFile, fileNames) {
      let directory = path.dirname(fromFile.fileName);
      for (let depth = 0; depth < 12; depth++) {
        for (const name of fileNames) {
          const candidate = path.join(directory, name);
          if (!fs.existsSync(candidate)) continue;
          try {
            const file = project.getSourceFile(candidate) ?? project.addSourceFileAtPathIfExists(candidate);
            if (file) return file.compilerNode as unknown as ReturnType<NonNullable<CrossFileHost['nearestFile']>>;
          } catch {
            return undefined;
          }
        }
        if (fs.existsSync(path.join(directory, 'package.json'))) return undefined;
        const parent = path.dirname(directory);
        if (parent === directory) return undefined;
        directory = parent;
      }
      return undefined;
    },
  };
}
