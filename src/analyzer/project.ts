/**
 * Loads the analysed project with ts-morph: the directory's tsconfig when there is one (validated
 * first, so a broken one is a clear error), otherwise every source file under the directory. Works
 * without `node_modules`: resolution falls back to import specifiers. Never runs the project's code.
 */
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { SourceFile, ts } from 'ts-morph';
import { Project, RealFileSystemHost, tsm } from './morph.js';
import { AuditError } from './errors.js';
import { findWorkspace, workspacePaths } from './workspace.js';

export interface LoadedProject {
  readonly project: Project;
  readonly root: string;
  /** Files to analyse: project sources, without declaration files and dependencies. */
  readonly files: readonly SourceFile[];
  readonly tsconfig: string | undefined;
  readonly notes: readonly string[];
  /** Files read but not parsed: `holdsJobCode` said no (they are still parsed if an import leads there). */
  readonly skimmed: readonly string[];
}

export interface LoadOptions {
  /** A tsconfig path, absolute or relative to the root. Defaults to `<root>/tsconfig.json` when it exists. */
  readonly tsconfig?: string | undefined;
  /** Whether a file's text can hold job code (see `mayHoldJobCode`); every file is parsed without it. */
  readonly holdsJobCode?: ((text: string) => boolean) | undefined;
}

/**
 * The file system ts-morph reads through: the real one, except that a file the loader has just read
 * (to tell text from binary and job code from the rest) is handed over instead of read again.
 */
class ReadOnceFileSystem extends RealFileSystemHost {
  readonly texts = new Map<string, string>();

  override readFileSync(filePath: string, encoding?: string): string {
    const text = this.texts.get(filePath);
    if (text === undefined) return super.readFileSync(filePath, encoding);
    this.texts.delete(filePath);
    return text;
  }
}

/** Options for a directory without a tsconfig: lenient resolution, JavaScript included. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: tsm.ScriptTarget.ES2022,
  module: tsm.ModuleKind.ESNext,
  moduleResolution: tsm.ModuleResolutionKind.Bundler,
  jsx: tsm.JsxEmit.Preserve,
  noEmit: true,
};

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/.*/**'];

export function loadProject(rootArgument: string, options: LoadOptions = {}): LoadedProject {
  const root = path.resolve(rootArgument);
  if (!existsSync(root)) throw new AuditError(`no such directory: ${rootArgument}`);
  if (!statSync(root).isDirectory()) throw new AuditError(`not a directory: ${rootArgument}`);
  const notes: string[] = [];
  const tsconfig = options.tsconfig ? path.resolve(root, options.tsconfig) : path.join(root, 'tsconfig.json');
  let compilerOptions: ts.CompilerOptions = DEFAULT_OPTIONS;
  let fileNames: string[] = [];
  let usedTsconfig: string | undefined;
  if (existsSync(tsconfig)) {
    const parsed = readTsconfig(tsconfig, root, notes);
    compilerOptions = parsed.options;
    fileNames = [...parsed.fileNames, ...referencedFiles(parsed, root, notes, new Set([tsconfig]))];
    for (const file of fileNames) assertReadable(root, file);
    usedTsconfig = tsconfig;
  } else if (options.tsconfig) {
    throw new AuditError(`tsconfig not found: ${options.tsconfig}`);
  } else {
    assertSourcesReadable(root);
  }
  // Workspace packages resolve to their sources, installed or not; the project's own `paths` win.
  const workspace = findWorkspace(root);
  if (workspace && workspace.packages.length > 0) {
    compilerOptions = { ...compilerOptions, paths: { ...workspacePaths(workspace), ...compilerOptions.paths } };
  }
  let project: Project;
  const fileSystem = new ReadOnceFileSystem();
  try {
    project = new Project({ compilerOptions, skipFileDependencyResolution: true, fileSystem });
  } catch (error) {
    throw new AuditError(`${usedTsconfig ? path.relative(root, usedTsconfig) || usedTsconfig : rootArgument}: ${firstLine(error)}`);
  }
  if (!usedTsconfig) {
    fileNames = sourceFilesUnder(root);
    notes.push('no tsconfig.json: analysing every source file under the directory');
  } else if (fileNames.length === 0) {
    notes.push(`${path.relative(root, usedTsconfig)} includes no source files; analysing every source file under the directory`);
    fileNames = sourceFilesUnder(root);
  }
  const skimmed: string[] = [];
  for (const file of new Set(fileNames)) addFile({ project, fileSystem, root, notes, skimmed, holdsJobCode: options.holdsJobCode }, file);
  const files = project
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile() && !file.isInNodeModules() && isInside(root, file.getFilePath()));
  const parsed = new Set(files.map((file) => path.resolve(file.getFilePath())));
  return { project, root, files, tsconfig: usedTsconfig, notes, skimmed: skimmed.filter((file) => isInside(root, file) && !parsed.has(file)) };
}

/** Larger files are skipped with a note: generated bundles, not code a person maintains. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

function sourceFilesUnder(root: string): string[] {
  return globSync([SOURCE_GLOB], { cwd: root, ignore: [...IGNORED, '**/*.d.ts'], absolute: true, followSymbolicLinks: false }).sort();
}

interface Loading {
  readonly project: Project;
  readonly fileSystem: ReadOnceFileSystem;
  readonly root: string;
  readonly notes: string[];
  readonly skimmed: string[];
  readonly holdsJobCode: ((text: string) => boolean) | undefined;
}

/**
 * Adds one file, or says why not: too large, binary, or beyond what the TypeScript parser can
 * take (a stack overflow on pathological nesting). One bad file never stops the run. A file whose
 * text cannot hold job code is read but not parsed.
 */
function addFile({ project, fileSystem, root, notes, skimmed, holdsJobCode }: Loading, file: string): void {
  if (/\.d\.[cm]?ts$/.test(file)) return;
  const display = path.relative(root, file).split(path.sep).join('/');
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    notes.push(`${display}: skipped, cannot be read (${firstLine(error)})`);
    return;
  }
  if (size > MAX_FILE_BYTES) {
    notes.push(`${display}: skipped, ${(size / 1024 / 1024).toFixed(1)} MiB is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit`);
    return;
  }
  try {
    const bytes = readFileSync(file);
    if (bytes.subarray(0, 8000).includes(0)) {
      notes.push(`${display}: skipped, binary content`);
      return;
    }
    const text = bytes.toString('utf8');
    if (holdsJobCode && !holdsJobCode(text)) {
      skimmed.push(path.resolve(file));
      return;
    }
    // ts-morph asks for the absolute path with forward slashes.
    const standardized = path.resolve(file).split(path.sep).join('/');
    fileSystem.texts.set(standardized, text);
    try {
      project.addSourceFileAtPath(file);
    } finally {
      fileSystem.texts.delete(standardized);
    }
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply to parse' : firstLine(error);
    notes.push(`${display}: skipped, ${reason}`);
  }
}

/**
 * Reads and checks a tsconfig. A syntax error or an invalid option is fatal (exit 2). An `extends`
 * that cannot be found (typically a workspace package in a repository without `node_modules`) is
 * not: the analysis needs no compiler option to be right, so it goes on without the base and says so.
 */
function readTsconfig(file: string, root: string, notes: string[]): ts.ParsedCommandLine {
  const display = path.relative(root, file) || file;
  const read = tsm.readConfigFile(file, tsm.sys.readFile);
  if (read.error) throw new AuditError(`${display}: ${flatten(read.error.messageText)}`);
  const config = read.config as Record<string, unknown>;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new AuditError(`${display}: expected a JSON object`);
  let parsed = tsm.parseJsonConfigFileContent(config, tsm.sys, path.dirname(file), undefined, file);
  const missingBase = parsed.errors.find((error) => error.code === 6053 || error.code === 5083);
  if (missingBase && config['extends'] !== undefined) {
    const fromPackage = [config['extends']].flat().some((base) => typeof base === 'string' && !base.startsWith('.') && !path.isAbsolute(base));
    const message = flatten(missingBase.messageText).split(path.dirname(file) + path.sep).join('');
    notes.push(`${display}: ${message} (extends ignored${fromPackage ? '; is node_modules installed?' : ''})`);
    const { extends: _ignored, ...rest } = config;
    parsed = tsm.parseJsonConfigFileContent(rest, tsm.sys, path.dirname(file), undefined, file);
  }
  const fatal = parsed.errors.find((error) => error.code !== 18003 /* no inputs found */);
  if (fatal) throw new AuditError(`${display}: ${flatten(fatal.messageText)}`);
  return parsed;
}

/** Files of referenced projects (`references` in a solution-style tsconfig), depth-first. */
function referencedFiles(parsed: ts.ParsedCommandLine, root: string, notes: string[], seen: Set<string>): string[] {
  const files: string[] = [];
  for (const reference of parsed.projectReferences ?? []) {
    const config = tsm.resolveProjectReferencePath(reference);
    if (seen.has(config) || seen.size > 64) continue;
    seen.add(config);
    if (!existsSync(config)) {
      notes.push(`${path.relative(root, config)}: referenced project not found`);
      continue;
    }
    try {
      const child = readTsconfig(config, root, notes);
      files.push(...child.fileNames, ...referencedFiles(child, root, notes, seen));
    } catch (error) {
      notes.push(`${(error as Error).message} (referenced project skipped)`);
    }
  }
  return files;
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return tsm.flattenDiagnosticMessageText(message, ' ');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
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
