/**
 * `npm run bench [-- <repository path>] [--files N] [--repeats N] [--seed N] [--scales 1,2,4]
 * [--no-scaling] [--wait-load X] [--json out.json]`
 *
 * Measures, side by side on the same inputs, and prints a table of values, ratios and PASS/MISS:
 * - ESLint with the plugin's `recommended` config vs ESLint with the same parser and no rules;
 * - the `job-audit` CLI cold (spawned, without `--cache`) vs `tsc --noEmit -p`, time and peak memory;
 * - `job-audit` warm (its on-disk cache filled by a previous run) vs cold;
 * - scaling of `job-audit` and ESLint-with-plugin at 1×, 2×, 4× the generated corpus.
 * Every figure is the median of `--repeats` runs, each a fresh process. Runs of compared tools
 * are interleaved so that a change in machine load hits both sides alike.
 *
 * Time and peak memory of a spawned process come from `/usr/bin/time -f '%e %U %S %M'` when it
 * exists, otherwise from `process.resourceUsage()` inside a Node wrapper (`usage-wrapper.js`) that
 * runs the measured script in its own process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, sourceFiles, writeCorpus } from './corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (this file runs from `dist/bench/`). */
const repo = path.resolve(here, '..', '..');
const CLI = path.join(repo, 'dist', 'src', 'cli', 'main.js');
const TSC = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const ESLINT_RUN = path.join(here, 'eslint-run.js');
const WRAPPER = path.join(here, 'usage-wrapper.js');
const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME);

interface Options {
  target: string | undefined;
  files: number;
  repeats: number;
  seed: number;
  scales: number[];
  scaling: boolean;
  waitLoad: number | undefined;
  json: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { target: undefined, files: 2000, repeats: 3, seed: 1, scales: [1, 2, 4], scaling: true, waitLoad: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--files') options.files = Number(value());
    else if (arg === '--repeats') options.repeats = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--scales') options.scales = value().split(',').map(Number);
    else if (arg === '--no-scaling') options.scaling = false;
    else if (arg === '--wait-load') options.waitLoad = Number(value());
    else if (arg === '--json') options.json = value();
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.target = path.resolve(arg);
  }
  return options;
}

interface Usage {
  /** Wall-clock seconds. */
  readonly elapsed: number;
  /** CPU seconds (user + system). */
  readonly cpu: number;
  readonly maxRssKb: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `node <script> args…` in a fresh process and measures it. */
function measure(script: string, args: readonly string[], cwd = repo): Usage {
  const env = { ...process.env, NO_COLOR: '1' };
  if (HAS_TIME) {
    const result = spawnSync(TIME, ['-f', '%e %U %S %M', process.execPath, script, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const line = result.stderr.trim().split('\n').pop() ?? '';
    const [elapsed, user, system, rss] = line.split(' ').map(Number);
    if (elapsed === undefined || rss === undefined || Number.isNaN(rss)) throw new Error(`could not measure ${script}: ${result.stderr.slice(-500)}`);
    return { elapsed, cpu: (user ?? 0) + (system ?? 0), maxRssKb: rss, status: result.status, stdout: result.stdout };
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'job-audit-bench-usage-'));
  try {
    const out = path.join(scratch, 'usage.json');
    const result = spawnSync(process.execPath, [WRAPPER, out, script, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const usage = JSON.parse(readFileSync(out, 'utf8')) as { elapsed: number; user: number; system: number; maxRssKb: number };
    return { elapsed: usage.elapsed, cpu: usage.user + usage.system, maxRssKb: usage.maxRssKb, status: result.status, stdout: result.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Sample {
  elapsed: number;
  cpu: number;
  maxRssKb: number;
  /** ESLint only: milliseconds inside `lintFiles` (wall, CPU). */
  lintMs?: number;
  lintCpuMs?: number;
  detail?: string;
}

interface Summary {
  elapsed: number;
  cpu: number;
  maxRssKb: number;
  lintMs: number;
  lintCpuMs: number;
  detail: string;
}

function summarize(samples: readonly Sample[]): Summary {
  return {
    elapsed: median(samples.map((s) => s.elapsed)),
    cpu: median(samples.map((s) => s.cpu)),
    maxRssKb: median(samples.map((s) => s.maxRssKb)),
    lintMs: median(samples.map((s) => s.lintMs ?? 0)),
    lintCpuMs: median(samples.map((s) => s.lintCpuMs ?? 0)),
    detail: samples[0]?.detail ?? '',
  };
}

function eslintRun(mode: 'floor' | 'noop' | 'plugin', directory: string): Sample {
  const usage = measure(ESLINT_RUN, [mode, directory]);
  const line = usage.stdout.trim().split('\n').pop() ?? '';
  if (usage.status !== 0 || !line.startsWith('{')) throw new Error(`eslint-run ${mode} failed on ${directory} (exit ${usage.status})`);
  const result = JSON.parse(line) as { files: number; lintMs: number; lintCpuMs: number; findings: number; parseErrors: number };
  return { ...usage, lintMs: result.lintMs, lintCpuMs: result.lintCpuMs, detail: `${result.files} files, ${result.findings} findings, ${result.parseErrors} parse errors` };
}

function auditRun(directory: string, cache: boolean): Sample {
  const usage = measure(CLI, [directory, '--format', 'json', ...(cache ? ['--cache'] : [])]);
  if (usage.status !== 0 && usage.status !== 1) throw new Error(`job-audit failed on ${directory} (exit ${usage.status})`);
  const report = JSON.parse(usage.stdout) as { summary: { files: number; jobs: number; findings: number } };
  return { ...usage, detail: `${report.summary.files} files, ${report.summary.jobs} jobs, ${report.summary.findings} findings` };
}

function tscRun(directory: string): Sample {
  const usage = measure(TSC, ['--noEmit', '-p', directory]);
  return { ...usage, detail: `exit ${usage.status}` };
}

/** Runs each task `repeats` times, interleaved (A B A B …), and returns the samples per task. */
function interleaved<K extends string>(repeats: number, tasks: Record<K, () => Sample>): Record<K, Sample[]> {
  const samples = Object.fromEntries(Object.keys(tasks).map((key) => [key, [] as Sample[]])) as Record<K, Sample[]>;
  for (let round = 0; round < repeats; round++) {
    for (const key of Object.keys(tasks) as K[]) {
      samples[key].push(tasks[key]());
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  return samples;
}

interface Row {
  section: string;
  measure: string;
  value: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

const seconds = (s: number) => `${s.toFixed(2)} s`;
const ms = (value: number) => seconds(value / 1000);
const megabytes = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function benchInput(label: string, directory: string, options: Options, rows: Row[], hasTsconfig: boolean): void {
  process.stderr.write(`[${label}] load ${load()}: ESLint parse floor vs plugin `);
  const eslint = interleaved(options.repeats, {
    floor: () => eslintRun('floor', directory),
    noop: () => eslintRun('noop', directory),
    plugin: () => eslintRun('plugin', directory),
  });
  const floor = summarize(eslint.floor);
  const noop = summarize(eslint.noop);
  const withPlugin = summarize(eslint.plugin);
  rows.push(
    { section: label, measure: `ESLint parse floor, lintFiles wall / CPU (${floor.detail})`, value: `${ms(floor.lintMs)} / ${ms(floor.lintCpuMs)}` },
    { section: label, measure: 'ESLint + one rule that does nothing, lintFiles wall / CPU', value: `${ms(noop.lintMs)} / ${ms(noop.lintCpuMs)}` },
    { section: label, measure: `ESLint + recommended, lintFiles wall / CPU (${withPlugin.detail})`, value: `${ms(withPlugin.lintMs)} / ${ms(withPlugin.lintCpuMs)}` },
    judged(label, 'plugin overhead over the parse floor, wall', withPlugin.lintMs / floor.lintMs, 1.1),
    judged(label, 'plugin overhead over the parse floor, CPU', withPlugin.lintCpuMs / floor.lintCpuMs, 1.1),
    { section: label, measure: 'any rule at all (a no-op rule) over the parse floor, wall', value: '', ratio: noop.lintMs / floor.lintMs },
    { section: label, measure: 'any rule at all (a no-op rule) over the parse floor, CPU', value: '', ratio: noop.lintCpuMs / floor.lintCpuMs },
    { section: label, measure: 'plugin over ESLint with a no-op rule (the plugin\'s own share), wall', value: '', ratio: withPlugin.lintMs / noop.lintMs },
    { section: label, measure: 'plugin over ESLint with a no-op rule (the plugin\'s own share), CPU', value: '', ratio: withPlugin.lintCpuMs / noop.lintCpuMs },
    { section: label, measure: 'ESLint whole process, floor vs + recommended (wall; CPU)', value: `${seconds(floor.elapsed)} vs ${seconds(withPlugin.elapsed)}; ${seconds(floor.cpu)} vs ${seconds(withPlugin.cpu)}` },
  );

  process.stderr.write(`[${label}] load ${load()}: job-audit cold vs tsc --noEmit `);
  const cold = interleaved(options.repeats, {
    audit: () => auditRun(directory, false),
    ...(hasTsconfig ? { tsc: () => tscRun(directory) } : {}),
  } as Record<'audit' | 'tsc', () => Sample>);
  const audit = summarize(cold.audit);
  rows.push({ section: label, measure: `job-audit cold, wall / CPU / peak RSS (${audit.detail})`, value: `${seconds(audit.elapsed)} / ${seconds(audit.cpu)} / ${megabytes(audit.maxRssKb)}` });
  if (hasTsconfig && cold.tsc.length > 0) {
    const tsc = summarize(cold.tsc);
    rows.push(
      { section: label, measure: `tsc --noEmit, wall / CPU / peak RSS (${tsc.detail})`, value: `${seconds(tsc.elapsed)} / ${seconds(tsc.cpu)} / ${megabytes(tsc.maxRssKb)}` },
      judged(label, 'job-audit cold / tsc, wall', audit.elapsed / tsc.elapsed, 0.6),
      judged(label, 'job-audit cold / tsc, CPU', audit.cpu / tsc.cpu, 0.6),
      judged(label, 'job-audit cold / tsc, peak RSS', audit.maxRssKb / tsc.maxRssKb, 1),
    );
  } else {
    rows.push({ section: label, measure: 'tsc --noEmit', value: 'skipped: no tsconfig.json' });
  }

  process.stderr.write(`[${label}] load ${load()}: job-audit warm `);
  auditRun(directory, true); // fills the cache
  const warmSamples = interleaved(options.repeats, { warm: () => auditRun(directory, true) });
  const warm = summarize(warmSamples.warm);
  rows.push(
    { section: label, measure: 'job-audit warm (cache filled), wall / CPU / peak RSS', value: `${seconds(warm.elapsed)} / ${seconds(warm.cpu)} / ${megabytes(warm.maxRssKb)}` },
    judged(label, 'job-audit warm / cold, wall', warm.elapsed / audit.elapsed, 0.1),
    judged(label, 'job-audit warm / cold, CPU', warm.cpu / audit.cpu, 0.1),
  );
}

function judged(section: string, measure: string, ratio: number, limit: number): Row {
  return { section, measure, value: '', ratio, target: `≤ ${limit.toFixed(2)}×`, pass: ratio <= limit };
}

function printTable(rows: readonly Row[]): string {
  const header = ['input', 'measurement', 'value', 'ratio', 'target', 'result'];
  const cells = rows.map((row) => [
    row.section,
    row.measure,
    row.value,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function waitForLoad(limit: number): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  while (os.loadavg()[0]! > limit && Date.now() < deadline) {
    process.stderr.write(`waiting for load < ${limit} (now ${load()})\n`);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${path.relative(repo, CLI)} is missing: run npm run build first`);
  if (options.waitLoad !== undefined) await waitForLoad(options.waitLoad);
  const started = new Date();
  const loadBefore = load();
  const rows: Row[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'job-audit-bench-'));
  try {
    const corpusDir = (scale: number) => path.join(work, `corpus-x${scale}`);
    const write = (scale: number) => {
      const corpus = generateCorpus({ seed: options.seed, files: options.files * scale });
      writeCorpus(corpusDir(scale), corpus);
      return sourceFiles(corpus).length;
    };
    const baseFiles = write(1);
    const label = `corpus ×1 (${baseFiles} files)`;
    benchInput(label, corpusDir(1), options, rows, true);

    if (options.scaling) {
      process.stderr.write(`[scaling] load ${load()}: job-audit cold and ESLint + recommended at ${options.scales.map((s) => `${s}×`).join(', ')} `);
      const figures: { scale: number; files: number; audit: Summary; eslint: Summary }[] = [];
      for (const scale of options.scales) {
        const files = scale === 1 ? baseFiles : write(scale);
        const samples = interleaved(options.repeats, {
          audit: () => auditRun(corpusDir(scale), false),
          eslint: () => eslintRun('plugin', corpusDir(scale)),
        });
        figures.push({ scale, files, audit: summarize(samples.audit), eslint: summarize(samples.eslint) });
        if (scale !== 1) rmSync(corpusDir(scale), { recursive: true, force: true });
      }
      const base = figures.find((f) => f.scale === 1) ?? figures[0]!;
      for (const figure of figures) {
        const section = `scaling ×${figure.scale} (${figure.files} files)`;
        rows.push(
          { section, measure: 'job-audit cold, wall / CPU / peak RSS', value: `${seconds(figure.audit.elapsed)} / ${seconds(figure.audit.cpu)} / ${megabytes(figure.audit.maxRssKb)}` },
          { section, measure: 'ESLint + recommended, lintFiles wall / CPU', value: `${ms(figure.eslint.lintMs)} / ${ms(figure.eslint.lintCpuMs)}` },
        );
        if (figure === base) continue;
        const limit = (figure.scale / base.scale) * 1.1;
        rows.push(
          judged(section, `job-audit time vs ×${base.scale}, wall`, figure.audit.elapsed / base.audit.elapsed, limit),
          judged(section, `job-audit time vs ×${base.scale}, CPU`, figure.audit.cpu / base.audit.cpu, limit),
          judged(section, `ESLint + recommended time vs ×${base.scale}, wall`, figure.eslint.lintMs / base.eslint.lintMs, limit),
          judged(section, `ESLint + recommended time vs ×${base.scale}, CPU`, figure.eslint.lintCpuMs / base.eslint.lintCpuMs, limit),
        );
      }
    }

    if (options.target) {
      const hasTsconfig = existsSync(path.join(options.target, 'tsconfig.json'));
      benchInput(path.basename(options.target), options.target, options, rows, hasTsconfig);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = printTable(rows);
  const header = [
    `job-audit benchmark, ${started.toISOString()}`,
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
    `corpus: seed ${options.seed}, ${options.files} files at ×1; median of ${options.repeats} runs; timing: ${HAS_TIME ? `${TIME} -f '%e %U %S %M'` : 'process.resourceUsage() in a Node wrapper'}`,
    `load average (1, 5, 15 min): ${loadBefore} at start, ${load()} at end`,
  ];
  process.stdout.write(`${header.join('\n')}\n\n${table}\n`);
  if (options.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(options.json, `${JSON.stringify({ header, rows }, null, 2)}\n`);
  }
  const missed = rows.filter((row) => row.pass === false).length;
  process.stdout.write(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
