/**
 * Loads the analysed project with ts-morph: the directory's tsconfig when there is one (validated
 * first, so a broken one is a clear error), otherwise every source file under the directory. Works
 * without `node_modules`: resolution falls back to import specifiers. Never runs the project's code.
 */
import { closeSync, existsSync, lstatSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { AuditError } from './errors.js';

export interface LoadedProject {
  readonly project: Project;
  readonly root: string;
  /** Files to analyse: project sources, without declaration files and dependencies. */
  readonly files: readonly SourceFile[];
  readonly tsconfig: string | undefined;
  readonly notes: readonly string[];
}

export interface LoadOptions {
  /** A tsconfig path, absolute or relative to the root. Defaults to `<root>/tsconfig.json` when it exists. */
  readonly tsconfig?: string | undefined;
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/.*/**'];

export function loadProject(rootArgument: string, options: LoadOptions = {}): LoadedProject {
  const root = path.resolve(rootArgument);
  if (!existsSync(root)) throw new AuditError(`no such directory: ${rootArgument}`);
  if (!statSync(root).isDirectory()) throw new AuditError(`not a directory: ${rootArgument}`);
  const notes: string[] = [];
  const tsconfig = options.tsconfig ? path.resolve(root, options.tsconfig) : path.join(root, 'tsconfig.json');
  let project: Project;
  let usedTsconfig: string | undefined;
  if (existsSync(tsconfig)) {
    for (const file of validateTsconfig(tsconfig, root)) assertReadable(root, file);
    try {
      project = new Project({ tsConfigFilePath: tsconfig, skipFileDependencyResolution: true });
    } catch (error) {
      throw new AuditError(`${path.relative(root, tsconfig) || tsconfig}: ${firstLine(error)}`);
    }
    usedTsconfig = tsconfig;
    if (project.getSourceFiles().length === 0) {
      notes.push(`${path.relative(root, tsconfig)} includes no source files; analysing every source file under the directory`);
      addAll(project, root);
    }
  } else {
    if (options.tsconfig) throw new AuditError(`tsconfig not found: ${options.tsconfig}`);
    assertSourcesReadable(root);
    project = new Project({
      compilerOptions: {
        allowJs: true,
        checkJs: false,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        jsx: ts.JsxEmit.Preserve,
        noEmit: true,
      },
      skipFileDependencyResolution: true,
    });
    addAll(project, root);
    notes.push('no tsconfig.json: analysing every source file under the directory');
  }
  const files = project
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile() && !file.isInNodeModules() && isInside(root, file.getFilePath()));
  return { project, root, files, tsconfig: usedTsconfig, notes };
}

function addAll(project: Project, root: string): void {
  const posixRoot = root.split(path.sep).join('/');
  project.addSourceFilesAtPaths([`${posixRoot}/${SOURCE_GLOB}`, ...IGNORED.map((glob) => `!${posixRoot}/${glob}`), `!${posixRoot}/**/*.d.ts`]);
}

function validateTsconfig(file: string, root: string): readonly string[] {
  const display = path.relative(root, file) || file;
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new AuditError(`${display}: ${flatten(read.error.messageText)}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const fatal = parsed.errors.find((error) => error.code !== 18003 /* no inputs found */);
  if (fatal) throw new AuditError(`${display}: ${flatten(fatal.messageText)}`);
  return parsed.fileNames;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage']);

/**
 * A source file that cannot be read (no permission, a symlink to nothing) would silently drop out of
 * the analysis; say so instead (exit code 2), naming the file.
 */
function assertSourcesReadable(root: string): void {
  const walk = (directory: string): void => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      throw new AuditError(`cannot read ${path.relative(root, directory) || '.'}: ${code(error)}`);
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (SOURCE_EXTENSION.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        assertReadable(root, full);
      }
    }
  };
  walk(root);
}

function assertReadable(root: string, file: string): void {
  const display = path.relative(root, file).split(path.sep).join('/') || file;
  try {
    if (lstatSync(file).isSymbolicLink() && !existsSync(file)) throw Object.assign(new Error('broken symbolic link'), { code: 'a symbolic link to a missing file' });
    if (!statSync(file).isFile()) return;
    closeSync(openSync(file, 'r'));
  } catch (error) {
    throw new AuditError(`cannot read ${display}: ${code(error)}`);
  }
}

function code(error: unknown): string {
  const { code: errorCode, message } = error as NodeJS.ErrnoException;
  return errorCode === 'EACCES' ? 'permission denied' : errorCode === 'ENOENT' ? 'no such file' : (errorCode ?? message);
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, ' ');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
