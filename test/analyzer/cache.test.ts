import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audit } from 'eslint-plugin-job-audit/audit';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'job-audit-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let project: string;
let count = 0;
beforeEach(() => {
  project = path.join(scratch, `demo-${count++}`);
  cpSync(fixture('demo-app'), project, { recursive: true, filter: (source) => path.basename(source) !== '.job-audit-cache' });
});

const cacheDir = () => path.join(project, '.job-audit-cache');
const entries = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

/** Marks the stored report, so a later run shows whether it came from the cache. */
function markCachedReport(): void {
  const [name] = entries();
  const file = path.join(cacheDir(), name!);
  const entry = JSON.parse(readFileSync(file, 'utf8')) as { report: { notes: string[] } };
  entry.report.notes.push('served from the cache');
  writeFileSync(file, JSON.stringify(entry));
}

describe('report cache', () => {
  it('is off unless asked for', () => {
    audit({ root: project });
    expect(entries()).toEqual([]);
  });

  it('gives a warm run the report of a cold run, read from the cache', () => {
    const cold = audit({ root: project });
    const first = audit({ root: project, cache: true });
    expect(first).toEqual(cold);
    expect(entries()).toHaveLength(1);
    expect(audit({ root: project, cache: true })).toEqual(cold);
    markCachedReport();
    expect(audit({ root: project, cache: true }).notes).toEqual([...cold.notes, 'served from the cache']);
    expect(cold.findings.length).toBeGreaterThan(0);
  });

  it('misses after a file is edited, added or deleted, and then reports what a cold run reports', () => {
    audit({ root: project, cache: true });
    markCachedReport();
    const worker = path.join(project, 'src', 'workers', 'welcome-email.ts');
    // Edit: the welcome email is no longer sent, so its finding goes away.
    const before = audit({ root: project }).findings.filter((finding) => finding.file === 'src/workers/welcome-email.ts');
    expect(before.length).toBeGreaterThan(0);
    writeFileSync(worker, readFileSync(worker, 'utf8').replace('await transporter.sendMail(', 'void (')); 
    const edited = audit({ root: project, cache: true });
    expect(edited.notes).not.toContain('served from the cache');
    expect(edited.findings.filter((finding) => finding.file === 'src/workers/welcome-email.ts')).toHaveLength(before.length - 1);
    expect(edited).toEqual(audit({ root: project }));

    markCachedReport();
    const added = path.join(project, 'src', 'workers', 'extra.ts');
    writeFileSync(
      added,
      `import { Worker } from 'bullmq';\nimport nodemailer from 'nodemailer';\nconst t = nodemailer.createTransport({ host: 'x' });\n` +
        `export const extra = new Worker('extra', async (job) => { await t.sendMail({ to: job.data.to, subject: 'hi' }); });\n`,
    );
    const withNewFile = audit({ root: project, cache: true });
    expect(withNewFile.notes).not.toContain('served from the cache');
    expect(withNewFile.findings.some((finding) => finding.file === 'src/workers/extra.ts')).toBe(true);
    expect(withNewFile).toEqual(audit({ root: project }));

    markCachedReport();
    unlinkSync(added);
    const afterDelete = audit({ root: project, cache: true });
    expect(afterDelete.notes).not.toContain('served from the cache');
    expect(afterDelete).toEqual(audit({ root: project }));
  });

  it('misses when a declaration file in node_modules changes', () => {
    audit({ root: project, cache: true });
    markCachedReport();
    const stub = path.join(project, 'node_modules', 'bullmq', 'index.d.ts');
    writeFileSync(stub, `${readFileSync(stub, 'utf8')}\nexport declare const touched: true;\n`);
    expect(audit({ root: project, cache: true }).notes).not.toContain('served from the cache');
  });

  it('keys on the options: another rule selection is another entry', () => {
    const all = audit({ root: project, cache: true });
    const none = audit({ root: project, cache: true, rules: [] });
    expect(none.findings).toEqual([]);
    expect(entries()).toHaveLength(2);
    expect(audit({ root: project, cache: true })).toEqual(all);
  });

  it('CLI: only --cache reads or writes the cache, and a warm run prints what a cold run prints', () => {
    const cold = runCli([project, '--format', 'json']);
    expect(entries()).toEqual([]); // by default the CLI writes no file
    const filling = runCli([project, '--format', 'json', '--cache']);
    expect(entries()).toHaveLength(1);
    const warm = runCli([project, '--format', 'json', '--cache']);
    expect(filling.stdout).toBe(cold.stdout);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(cold.status);
    markCachedReport();
    expect(runCli([project, '--format', 'json']).stdout).toBe(cold.stdout);
    expect(runCli([project, '--format', 'json', '--cache']).stdout).toContain('served from the cache');
  });
});
