/**
 * Configuration: `job-audit.config.json` in the analysed directory, else `package.json#job-audit`
 * there, else an explicit `--config` file. Validated against the shared schema; a problem is a
 * one-line AuditError naming the file and the key (exit code 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileCatalogue, type CompiledCatalogue } from '../analysis/catalogue.js';
import { AuditError } from '../analyzer/errors.js';
import { builtinEntries } from '../catalogue/index.js';
import { configSchema, type JobAuditConfig } from './schema.js';
import { describeProblem, validate } from './validate.js';

export const CONFIG_FILE = 'job-audit.config.json';

export interface LoadedConfig {
  readonly config: JobAuditConfig;
  /** Where it came from, relative to the root (`job-audit.config.json`, `package.json#job-audit`), or undefined. */
  readonly source: string | undefined;
}

/** `explicit`: a `--config` path, absolute or relative to `cwd`, shown as given. */
export function loadConfig(root: string, explicit?: string, cwd = process.cwd()): LoadedConfig {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new AuditError(`config file not found: ${explicit}`);
    return { config: checkConfig(readJson(file, explicit), explicit), source: explicit };
  }
  const file = path.join(root, CONFIG_FILE);
  if (existsSync(file)) return { config: checkConfig(readJson(file, CONFIG_FILE), CONFIG_FILE), source: CONFIG_FILE };
  const pkg = path.join(root, 'package.json');
  if (existsSync(pkg)) {
    const json = readJson(pkg, 'package.json') as Record<string, unknown> | null;
    if (json && typeof json === 'object' && 'job-audit' in json) {
      return { config: checkConfig(json['job-audit'], 'package.json#job-audit'), source: 'package.json#job-audit' };
    }
  }
  return { config: {}, source: undefined };
}

function readJson(file: string, display: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditError(`${display}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AuditError(`${display}: invalid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Validates a config value (from a file or ESLint settings); throws a one-line AuditError naming the key. */
export function checkConfig(value: unknown, display: string): JobAuditConfig {
  const problem = validate(configSchema, value);
  if (problem) throw new AuditError(`${display}: ${describeProblem(problem)}`);
  const config = value as JobAuditConfig;
  const ids = new Set(builtinEntries.map((entry) => entry.id));
  config.catalogue?.forEach((entry, index) => {
    if (ids.has(entry.id)) throw new AuditError(`${display}: catalogue[${index}].id: '${entry.id}' is already used by another catalogue entry`);
    ids.add(entry.id);
  });
  return config;
}

/** The compiled catalogue for a config: built-ins plus the user's entries; undefined when there are none. */
const compiledByConfig = new WeakMap<JobAuditConfig, CompiledCatalogue>();

/** The catalogue a configuration adds to, compiled once per configuration object (undefined: the built-in one). */
export function catalogueFor(config: JobAuditConfig): CompiledCatalogue | undefined {
  if (!config.catalogue?.length) return undefined;
  let compiled = compiledByConfig.get(config);
  if (!compiled) compiledByConfig.set(config, (compiled = compileCatalogue([...builtinEntries, ...config.catalogue])));
  return compiled;
}

const compiledBySettings = new WeakMap<object, CompiledCatalogue | null>();

/**
 * ESLint: the catalogue for `settings['job-audit']`, validated and compiled once per settings
 * object. Rule severities and `ignore` there are ignored (ESLint has its own); an invalid value
 * throws one line naming the key.
 */
export function catalogueFromSettings(settings: Readonly<Record<string, unknown>> | undefined): CompiledCatalogue | undefined {
  const value = settings?.['job-audit'];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') throw new Error("job-audit: settings['job-audit']: must be an object");
  const cached = compiledBySettings.get(value);
  if (cached !== undefined) return cached ?? undefined;
  let compiled: CompiledCatalogue | undefined;
  try {
    compiled = catalogueFor(checkConfig(value, "settings['job-audit']"));
  } catch (error) {
    throw new Error(`job-audit: ${(error as Error).message}`);
  }
  compiledBySettings.set(value, compiled ?? null);
  return compiled;
}
