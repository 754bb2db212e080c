/**
 * On-disk cache of whole audit reports, so that a second run on an unchanged project costs a file
 * listing and a hash of each file instead of a parse and a type-checker build. Reading the cache
 * loads neither ts-morph nor TypeScript, so the CLI answers a warm run before loading the analyzer.
 *
 * Cross-file findings depend on other files, so the cache is keyed conservatively, per run: one
 * entry per (directory, options, tool build), valid only while every input is byte-identical:
 * - every source and config file under the analysed directory (the loader's globs and ignores, a
 *   superset of what it analyses) and its `job-audit.config.*`, listed and hashed *before* the run;
 * - every file the run's program held elsewhere (workspace packages, `node_modules` declarations,
 *   files added on demand) and the tsconfig's `extends` chain, hashed from the text the run used;
 *   and the entries of each directory outside the analysed one that held a source file of the run
 *   or of the tsconfig's list, so a file added next to them misses too;
 * - the manifests and lockfiles from the directory up to the repository root (a new install);
 * - the tool: its version, a hash of its own built code and the ts-morph / TypeScript versions.
 * A file added, removed or edited in any of these misses the cache and the run starts cold. What it
 * cannot see: a new file in a new directory outside the analysed one that changes how an unchanged
 * import resolves. The CLI reads and writes it only with `--cache` (without it, the CLI writes no file).
 *
 * An entry is written atomically (temporary file + rename); a broken or unreadable entry is a miss.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import type { ts } from 'ts-morph';
import type { LoadedProject } from './project.js';
import type { AuditReport } from './report.js';

export interface CacheOptions {
  /** Read and write the on-disk report cache (default false; the CLI turns it on with `--cache`). */
  readonly cache?: boolean | undefined;
  /** Cache directory (default `<directory>/.job-audit-cache`). */
  readonly cacheDirectory?: string | undefined;
}

/** The audit options: every one but the cache's own goes into the key. */
interface KeyOptions extends CacheOptions {
  readonly root: string;
  readonly tsconfig?: string | undefined;
}

/** Bumped when the entry layout changes. */
const FORMAT = 1;
const SOURCES = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const CONFIGS = '**/{tsconfig*.json,jsconfig*.json,package.json}';
const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/.*/**', '**/*.d.ts'];
const MANIFESTS = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

interface Entry {
  readonly format: number;
  /** Sorted absolute paths of the listed inputs. */
  readonly inputs: readonly string[];
  /** Content hash of every input and every other file of the run's program. */
  readonly hashes: Record<string, string>;
  /** Sorted entry names of directories outside the analysed one that held project sources. */
  readonly directories: Record<string, readonly string[]>;
  readonly report: AuditReport;
}

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

export interface ReportCache {
  /** The cached report when every input is unchanged. */
  read(): AuditReport | undefined;
  /** Stores the report of a cold run (never throws: a cache that cannot be written is skipped). */
  write(loaded: LoadedProject, report: AuditReport): void;
}

/** A cache opened by `cachedReport` that missed, handed to the `audit` that follows (listed once). */
let pending: { key: string; cache: ReportCache } | undefined;

/**
 * The cached report for these audit options, or undefined (caching off, or a miss). Cheap: the
 * CLI calls it before importing the analyzer.
 */
export function cachedReport(options: KeyOptions): AuditReport | undefined {
  const cache = openCache(options);
  const report = cache?.read();
  if (cache && !report) pending = { key: cacheKey(options) ?? '', cache };
  return report;
}

function cacheKey(options: KeyOptions): string | undefined {
  const { cache: _cache, cacheDirectory: _directory, ...rest } = options;
  // Callbacks named `on…` (`onProgress`) observe the run without changing its result.
  const keyed = Object.fromEntries(Object.entries(rest).filter(([name, value]) => !(typeof value === 'function' && /^on[A-Z]/.test(name))));
  const settings = stableJson({ ...keyed, root: path.resolve(options.root) });
  // An option that is not plain data (a callback) cannot be keyed: run cold.
  if (settings === undefined) return undefined;
  return hash(JSON.stringify({ format: FORMAT, version, build: buildFingerprint(), settings, cacheDirectory: options.cacheDirectory ?? null }));
}

/** The cache for one audit, or undefined when caching is off. */
export function openCache(options: KeyOptions): ReportCache | undefined {
  if (!options.cache) return undefined;
  const key = cacheKey(options);
  if (key === undefined) return undefined;
  if (pending?.key === key) {
    const { cache } = pending;
    pending = undefined;
    return cache;
  }
  const root = path.resolve(options.root);
  if (!existsSync(root) || !statSync(root).isDirectory()) return undefined;
  const directory = path.resolve(root, options.cacheDirectory ?? '.job-audit-cache');
  const file = path.join(directory, `${key}.json`);
  // Listed and hashed before the run: an edit during the run then misses next time.
  const inputs = listInputs(root);
  const hashes: Record<string, string> = {};
  for (const input of inputs) {
    const content = readOrUndefined(input);
    hashes[input] = content === undefined ? 'unreadable' : hash(content);
  }
  return {
    read() {
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
      } catch {
        return undefined;
      }
      if (entry.format !== FORMAT || entry.inputs.length !== inputs.length || entry.inputs.some((input, i) => input !== inputs[i])) return undefined;
      for (const [recorded, expected] of Object.entries(entry.hashes)) {
        const current = hashes[recorded] ?? hashOfFile(recorded);
        if (current !== expected) return undefined;
      }
      for (const [directory, names] of Object.entries(entry.directories)) {
        const current = listDirectory(directory);
        if (!current || current.length !== names.length || current.some((name, i) => name !== names[i])) return undefined;
      }
      return entry.report;
    },
    write(loaded, report) {
      try {
        const all: Record<string, string> = { ...hashes };
        const directories: Record<string, readonly string[]> = {};
        const outside = (file: string) => !isInside(root, file) && !file.split(path.sep).includes('node_modules');
        const watch = (file: string) => {
          const directory = path.dirname(file);
          if (directories[directory]) return;
          const names = listDirectory(directory);
          if (names) directories[directory] = names;
        };
        const program = loaded.project.getProgram().compilerObject;
        const seen = [...program.getSourceFiles().map((sf) => sf as unknown as ts.SourceFile), ...loaded.project.getSourceFiles().map((sf) => sf.compilerNode)];
        for (const sourceFile of seen) {
          const name = path.resolve(sourceFile.fileName);
          // Library files ts-morph serves from memory belong to the bundled TypeScript (in the key).
          if (all[name] !== undefined || !existsSync(name)) continue;
          all[name] = hash(sourceFile.text);
          if (outside(name)) watch(name);
        }
        // The tsconfig as the loader read it: its `extends` chain and the files it lists elsewhere.
        if (loaded.tsconfig) {
          const { ts: typescript } = require('ts-morph') as typeof import('ts-morph');
          const parsed = typescript.getParsedCommandLineOfConfigFile(loaded.tsconfig, {}, { ...typescript.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
          const configFile = parsed?.options['configFile'] as ts.TsConfigSourceFile | undefined;
          const configs = [loaded.tsconfig, ...(configFile?.extendedSourceFiles ?? [])];
          for (const reference of parsed?.projectReferences ?? []) configs.push(typescript.resolveProjectReferencePath(reference));
          for (const config of configs.map((file) => path.resolve(file))) {
            if (all[config] === undefined) all[config] = hashOfFile(config) ?? 'missing';
          }
          for (const name of parsed?.fileNames ?? []) if (outside(path.resolve(name))) watch(path.resolve(name));
        }
        const entry: Entry = { format: FORMAT, inputs, hashes: all, directories, report };
        mkdirSync(directory, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(entry));
        renameSync(temporary, file);
      } catch {
        // A read-only checkout or a full disk: the next run is cold, the result is the same.
      }
    },
  };
}

/** Every file under the directory whose content can change the report, listed without parsing. */
function listInputs(root: string): string[] {
  const files = new Set<string>();
  for (const file of globSync([SOURCES, CONFIGS], { cwd: root, ignore: IGNORED, absolute: true, dot: false, followSymbolicLinks: false })) files.add(path.resolve(file));
  // The tool's configuration files at the top of the directory (the CLI also keys on their content,
  // loaded into the options). Other top-level files (a report written with -o) are not inputs.
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && /^(job-audit\.config\.|\.job-auditrc)/.test(entry.name)) files.add(path.join(root, entry.name));
  }
  // Manifests and lockfiles up to the repository root: an install can change what resolves.
  for (let dir = root; ; dir = path.dirname(dir)) {
    for (const name of MANIFESTS) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) files.add(candidate);
    }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  return [...files].sort();
}

/** Hash of the tool's own built code, so a rebuilt tool never reads entries of another build. */
let fingerprint: string | undefined;
function buildFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const digest = createHash('sha1');
  // `dist/src/analyzer/cache.js` → `dist/src` and `dist/rules` (or `src`, `rules` when run from sources).
  const top = path.resolve(here, '..', '..');
  for (const part of ['src', 'rules']) {
    for (const file of walk(path.join(top, part))) digest.update(file).update(readFileSync(file));
  }
  // The bundled TypeScript comes with ts-morph: their manifests name both versions.
  try {
    digest.update(readFileSync(manifestOf('ts-morph')));
    digest.update(readFileSync(manifestOf('@ts-morph/common', createRequire(require.resolve('ts-morph')))));
  } catch {
    digest.update('ts-morph: manifest not found');
  }
  fingerprint = digest.digest('hex');
  return fingerprint;
}

/** A dependency's package.json, found upwards from its entry point (`exports` may hide the manifest). */
function manifestOf(name: string, from: NodeJS.Require = require): string {
  for (let directory = path.dirname(from.resolve(name)); path.dirname(directory) !== directory; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === name) return candidate;
  }
  throw new Error(`package.json of ${name} not found`);
}

function listDirectory(directory: string): string[] | undefined {
  try {
    return readdirSync(directory).sort();
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function walk(directory: string): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (/\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** JSON with sorted keys, or undefined when a value is not plain data. */
function stableJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => stableJson(item));
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const json = stableJson(item);
      if (json === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${json}`);
    }
    return `{${parts.join(',')}}`;
  }
  return undefined;
}

function readOrUndefined(file: string): string | undefined {
  try {
    const content = readFileSync(file, 'utf8');
    // TypeScript drops a byte-order mark; so does the hash, so disk and program text compare equal.
    return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } catch {
    return undefined;
  }
}

function hashOfFile(file: string): string | undefined {
  const content = readOrUndefined(file);
  return content === undefined ? undefined : hash(content);
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
