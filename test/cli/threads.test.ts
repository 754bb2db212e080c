import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers.js';
import { writeThreadsWorkspace } from '../threads-workspace.js';

let root: string;
let serial: CliResult;
beforeAll(() => {
  root = writeThreadsWorkspace();
  serial = runCli([root, '--format', 'json']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('job-audit --threads', () => {
  it('prints the serial JSON report byte for byte, with the same exit code', () => {
    const threaded = runCli([root, '--threads', '--format', 'json']);
    expect(serial.status).toBe(1);
    expect(JSON.parse(serial.stdout).findings.length).toBeGreaterThan(0);
    expect(threaded.stdout).toBe(serial.stdout);
    expect(threaded.stderr).toBe(serial.stderr);
    expect(threaded.status).toBe(serial.status);
  });

  it('applies the same fixes and suggestions with --dry-run', () => {
    const fix = [root, '--fix', '--dry-run'];
    const serialFix = runCli(fix);
    const threadedFix = runCli([...fix, '--threads=2']);
    expect(serialFix.stdout).toContain('+  await mailer.sendMail(');
    expect(threadedFix.stdout).toBe(serialFix.stdout);
    expect(threadedFix.stderr).toBe(serialFix.stderr);
    expect(threadedFix.status).toBe(0);

    const suggestions = [root, '--fix-suggestions', 'require-retry-policy', '--dry-run'];
    const serialSuggestions = runCli(suggestions);
    const threadedSuggestions = runCli([...suggestions, '--threads=2']);
    expect(serialSuggestions.stdout).toContain('+++ b/packages/producers/src/index.ts');
    expect(threadedSuggestions.stdout).toBe(serialSuggestions.stdout);
    expect(threadedSuggestions.stderr).toBe(serialSuggestions.stderr);
  });

  it('writes a report cache from a worker that the next run reads', () => {
    // The cache a threaded run writes (from a worker, which has the project loaded) serves the next run.
    const first = runCli([root, '--threads=2', '--cache', '--format', 'json']);
    expect(existsSync(path.join(root, '.job-audit-cache'))).toBe(true);
    const second = runCli([root, '--cache', '--format', 'json']);
    rmSync(path.join(root, '.job-audit-cache'), { recursive: true, force: true });
    expect(first.stdout).toBe(serial.stdout);
    expect(second.stdout).toBe(first.stdout);
  });

  it('hides the findings of a baseline recorded by a serial run', () => {
    const baseline = path.join(root, '..', `${path.basename(root)}-baseline.json`);
    try {
      expect(runCli([root, '--update-baseline', '--baseline', baseline]).status).toBe(0);
      const threaded = runCli([root, '--threads', '--baseline', baseline, '--format', 'json']);
      const report = JSON.parse(threaded.stdout) as { findings: unknown[]; summary: { baselined?: number } };
      expect(report.findings).toEqual([]);
      expect(report.summary.baselined).toBe(JSON.parse(serial.stdout).findings.length);
      expect(threaded.status).toBe(0);
    } finally {
      rmSync(baseline, { force: true });
    }
  });

  it('fails like a serial run when the project cannot be loaded', () => {
    const failed = runCli([root, '-p', 'missing.json']);
    const threaded = runCli([root, '-p', 'missing.json', '--threads']);
    expect(failed.status).toBe(2);
    expect(threaded.status).toBe(2);
    expect(threaded.stderr).toBe(failed.stderr);
    expect(threaded.stderr).toBe('job-audit: tsconfig not found: missing.json\n');
  });

  it('takes an optional worker count written --threads=<n>', () => {
    expect(runCli(['--help']).stdout).toContain('--threads[=<n>]');
    const zero = runCli([root, '--threads=0']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toBe("job-audit: --threads takes a whole number from 1 to 256 (got '0')\n");
    const spaced = runCli([root, '--threads', '3']);
    expect(spaced.status).toBe(2);
    expect(spaced.stderr).toContain('(a worker count is written --threads=<n>)');
    // One worker is a serial run.
    expect(runCli([root, '--threads=1', '--format', 'json']).stdout).toBe(serial.stdout);
  });
});
