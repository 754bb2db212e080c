/**
 * `node dist/bench/threads.js [--packages N] [--files N] [--repeats N]` (after `npm run bench` or
 * `npm run build && tsc -p bench/tsconfig.json`): `job-audit` serial vs `job-audit --threads` on a
 * generated workspace of N packages, each a corpus of `--files` files (bench/corpus.ts, seeds 1…N).
 * Prints wall and CPU seconds (median of fresh processes, runs interleaved) and checks that both
 * JSON reports are identical.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, writeCorpus } from './corpus.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
};
const packages = option('--packages', 4);
const files = option('--files', 500);
const repeats = option('--repeats', 3);

const root = mkdtempSync(path.join(os.tmpdir(), 'job-audit-bench-threads-'));
try {
  for (let index = 0; index < packages; index++) {
    const dir = path.join(root, 'packages', `p${index}`);
    writeCorpus(dir, generateCorpus({ files, seed: index + 1 }));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@bench/p${index}`, version: '1.0.0' }));
  }
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, workspaces: ['packages/*'] }));
  const run = (extra: readonly string[]) => {
    const started = process.hrtime.bigint();
    const time = existsSync('/usr/bin/time');
    const command = time ? '/usr/bin/time' : process.execPath;
    const args = [...(time ? ['-f', '%U %S', process.execPath] : []), CLI, root, '--format', 'json', ...extra];
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const [user, system] = time ? result.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [Number.NaN, 0];
    return { wall, cpu: user! + system!, stdout: result.stdout, status: result.status };
  };
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const serial: ReturnType<typeof run>[] = [];
  const threaded: ReturnType<typeof run>[] = [];
  for (let index = 0; index < repeats; index++) {
    serial.push(run([]));
    threaded.push(run(['--threads']));
  }
  const identical = serial.every((sample) => sample.stdout === serial[0]!.stdout) && threaded.every((sample) => sample.stdout === serial[0]!.stdout);
  const row = (name: string, samples: ReturnType<typeof run>[]) =>
    `${name.padEnd(20)} wall ${median(samples.map((s) => s.wall)).toFixed(2)} s   CPU ${median(samples.map((s) => s.cpu)).toFixed(2)} s`;
  console.log(`${packages} packages × ${files} files, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}, median of ${repeats}`);
  console.log(row('job-audit', serial));
  console.log(row('job-audit --threads', threaded));
  console.log(`reports identical: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
