/**
 * npm / yarn / pnpm workspaces: the packages of the repository the analysed directory belongs to,
 * so that `import { db } from '@acme/db'` resolves to `packages/db/src/index.ts` even when
 * `node_modules` is not installed. The result feeds `paths` in the compiler options.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';

export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  /** The package's source entry, when one can be found. */
  readonly entry: string | undefined;
}

export interface Workspace {
  readonly root: string;
  readonly packages: readonly WorkspacePackage[];
}

/** The workspace that contains `start`, looking upwards until a repository root. */
export function findWorkspace(start: string): Workspace | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const patterns = workspacePatterns(dir);
    if (patterns) return { root: dir, packages: expand(dir, patterns) };
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

function workspacePatterns(dir: string): string[] | undefined {
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) {
    const parsed = safe(() => parseYaml(readFileSync(pnpm, 'utf8')) as { packages?: unknown });
    if (parsed && Array.isArray(parsed.packages)) return parsed.packages.filter((p): p is string => typeof p === 'string');
  }
  const manifest = readJson(path.join(dir, 'package.json'));
  const workspaces = manifest?.['workspaces'];
  if (Array.isArray(workspaces)) return workspaces.filter((p): p is string => typeof p === 'string');
  if (workspaces && typeof workspaces === 'object' && Array.isArray((workspaces as { packages?: unknown }).packages)) {
    return ((workspaces as { packages: unknown[] }).packages).filter((p): p is string => typeof p === 'string');
  }
  return undefined;
}

function expand(root: string, patterns: string[]): WorkspacePackage[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map((p) => `${p.replace(/\/$/, '')}/package.json`);
  const ignore = ['**/node_modules/**', ...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))];
  const manifests = safe(() => globSync(include, { cwd: root, ignore, absolute: true, followSymbolicLinks: false })) ?? [];
  const packages: WorkspacePackage[] = [];
  for (const manifestPath of manifests.sort()) {
    const manifest = readJson(manifestPath);
    const name = manifest?.['name'];
    if (typeof name !== 'string') continue;
    const dir = path.dirname(manifestPath);
    packages.push({ name, dir, entry: sourceEntry(dir, manifest!) });
  }
  return packages;
}

/** Where a workspace package's source starts: its declared entry, or the usual `src/index.ts`. */
function sourceEntry(dir: string, manifest: Record<string, unknown>): string | undefined {
  const declared: unknown[] = [manifest['source'], exportsEntry(manifest['exports']), manifest['types'], manifest['typings'], manifest['module'], manifest['main']];
  const candidates: string[] = [];
  for (const value of declared) {
    if (typeof value !== 'string') continue;
    const file = path.resolve(dir, value);
    if (/\.d\.[cm]?ts$/.test(file)) continue;
    candidates.push(file, file.replace(/\.[cm]?js$/, '.ts'), file.replace(/\.[cm]?js$/, '.tsx'));
  }
  candidates.push(...['src/index.ts', 'src/index.tsx', 'index.ts', 'src/index.js', 'index.js'].map((file) => path.join(dir, file)));
  return candidates.find((file) => isFile(file));
}

function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const root = (exports as Record<string, unknown>)['.'] ?? exports;
  if (typeof root === 'string') return root;
  if (root && typeof root === 'object') {
    for (const key of ['source', 'development', 'import', 'default', 'require', 'node']) {
      const value = exportsEntry((root as Record<string, unknown>)[key]);
      if (value && !/\.d\.[cm]?ts$/.test(value)) return value;
    }
  }
  return undefined;
}

/** `paths` entries for the workspace's packages (absolute targets, so no `baseUrl` is needed). */
export function workspacePaths(workspace: Workspace): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of workspace.packages) {
    if (pkg.entry) paths[pkg.name] = [pkg.entry];
    paths[`${pkg.name}/*`] = [path.join(pkg.dir, '*'), path.join(pkg.dir, 'src', '*')];
  }
  return paths;
}

function readJson(file: string): Record<string, unknown> | undefined {
  const value = safe(() => JSON.parse(readFileSync(file, 'utf8')) as unknown);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isFile(file: string): boolean {
  return safe(() => statSync(file).isFile()) ?? false;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
