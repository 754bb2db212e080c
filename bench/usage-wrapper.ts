/**
 * Fallback measurement when `/usr/bin/time` is missing: `node dist/bench/usage-wrapper.js <out.json>
 * <script> [args…]` runs a Node script in this process and, on exit, writes this process's
 * `process.resourceUsage()` (peak RSS, CPU) and elapsed time to `<out.json>`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, script, ...args] = process.argv.slice(2);
if (!out || !script) throw new Error('usage: usage-wrapper <out.json> <script> [args…]');
const started = process.hrtime.bigint();
process.on('exit', () => {
  const usage = process.resourceUsage();
  writeFileSync(
    out,
    JSON.stringify({
      elapsed: Number(process.hrtime.bigint() - started) / 1e9,
      user: usage.userCPUTime / 1e6,
      system: usage.systemCPUTime / 1e6,
      maxRssKb: usage.maxRSS,
    }),
  );
});
process.argv = [process.argv[0]!, path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
