import { rmSync } from 'node:fs';
import path from 'node:path';
import { audit, AuditError } from 'eslint-plugin-job-audit/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysedFiles } from '../../dist/src/analyzer/audit.js';
import { loadProject } from '../../dist/src/analyzer/project.js';
import { auditInThreads, packageDirs, partitionOf, workerCount } from '../../dist/src/analyzer/threads.js';
import { fixture } from '../helpers.js';
import { writeThreadsWorkspace } from '../threads-workspace.js';

let root: string;
beforeAll(() => {
  root = writeThreadsWorkspace();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('audit({ threads })', () => {
  it('partitions the generated workspace by package, plus the files outside every package', () => {
    const dirs = packageDirs(root);
    expect(dirs.map((dir) => path.relative(root, dir).split(path.sep).join('/')).sort()).toEqual([
      'apps/monitor',
      'apps/workers',
      'packages/mail',
      'packages/producers',
      'packages/queues',
    ]);
    const loaded = loadProject(root);
    const partitions = analysedFiles(loaded, {}).map((file) => partitionOf(dirs, file.getFilePath()));
    // Every partition has a file: six partitions, so the threaded run really splits the work.
    expect(new Set(partitions).size).toBe(6);
    expect(workerCount(3, 6)).toBe(3);
    expect(workerCount(true, 1)).toBe(1);
  });

  it('gives the serial report on a workspace whose jobs, producers, helpers and listeners are in different packages', () => {
    const serial = audit({ root });
    // The report holds what only the whole project can tell: these would be missing or wrong if a
    // thread judged its own package alone.
    const rows = serial.findings
      .filter((finding) => ['no-orphan-job', 'require-failure-handler', 'no-unguarded-side-effect', 'no-floating-side-effect'].includes(finding.rule))
      .map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
    expect(rows).toEqual([
      'no-orphan-job:neverEnqueued @ apps/workers/src/digest.ts:5',
      'no-floating-side-effect:floating @ apps/workers/src/digest.ts:6',
      'no-unguarded-side-effect:unguarded @ apps/workers/src/digest.ts:6',
      'no-orphan-job:neverEnqueued @ apps/workers/src/index.ts:17',
      'require-failure-handler:noFailedListener @ apps/workers/src/index.ts:17',
      'require-failure-handler:noDeadLetter @ apps/workers/src/index.ts:24',
      // The helper's send is reported in its package; the one under the ignore comment is suppressed.
      'no-unguarded-side-effect:unguarded @ packages/mail/src/index.ts:5',
      'no-orphan-job:payloadMismatch @ packages/producers/src/index.ts:9',
      'no-orphan-job:noHandler @ packages/producers/src/index.ts:11',
      'no-orphan-job:noHandler @ packages/producers/src/index.ts:14',
    ]);
    expect(serial.summary.suppressed).toBe(1);
    expect(serial.notes.some((note) => note.includes('packages/mail/src/index.ts:13'))).toBe(true);
    const emailJob = serial.jobs.find((job) => job.name === 'emails')!;
    // Enqueued from two other packages, with the queue's defaults read in a third one.
    expect(emailJob.detail!.enqueuedAt.map((site) => `${site.file}:${site.line} ${site.retry?.value} (${site.retry?.source})`).sort()).toEqual([
      'packages/producers/src/index.ts:7 2 (job options)',
      'packages/producers/src/index.ts:9 4 (queue defaults)',
      'scripts/backfill.ts:3 4 (queue defaults)',
    ]);
    // Its findings: in its handler (one package), at its enqueue sites (two others).
    const findingRows = (indexes: readonly number[]) =>
      indexes.map((index) => serial.findings[index]!).map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
    expect(findingRows(emailJob.findings!)).toEqual([
      'no-unguarded-side-effect:unguarded @ packages/mail/src/index.ts:5',
      'require-retry-policy:retryWithoutBackoff @ packages/producers/src/index.ts:7',
      'require-retry-policy:retryWithoutBackoff @ packages/producers/src/index.ts:9',
      'no-orphan-job:payloadMismatch @ packages/producers/src/index.ts:9',
      'require-idempotency-key:missingKey @ scripts/backfill.ts:3',
      'require-retry-policy:retryWithoutBackoff @ scripts/backfill.ts:3',
    ]);
    const exportsJob = serial.jobs.find((job) => job.name === 'exports')!;
    expect(exportsJob.detail!.retry ?? exportsJob.detail!.enqueuedAt[0]!.retry).toMatchObject({ value: 5, source: 'queue options' });

    const threaded = audit({ root, threads: 3 });
    expect(threaded).toEqual(serial);
    expect(JSON.stringify(threaded, null, 2)).toBe(JSON.stringify(serial, null, 2));
  });

  it('runs the threaded path, not a serial fallback', () => {
    // No rules on either side: the jobs (their `findings` indexes included) are the threaded path's own.
    const threaded = auditInThreads({ root, threads: 2, rules: [] }, [], 'test');
    expect(threaded).toBeDefined();
    expect(threaded!.jobs).toEqual(audit({ root, rules: [] }).jobs);
  });

  it('gives the serial report on the pnpm workspace fixture', () => {
    const workspace = fixture('projects', 'workspace-pnpm');
    const serial = audit({ root: workspace });
    expect(serial.findings.length).toBeGreaterThan(0);
    expect(packageDirs(workspace)).toHaveLength(2);
    expect(JSON.stringify(audit({ root: workspace, threads: 2 }), null, 2)).toBe(JSON.stringify(serial, null, 2));
  });

  it('runs serially without workspace packages under the root', () => {
    expect(packageDirs(fixture('demo-app'))).toEqual([]);
    expect(auditInThreads({ root: fixture('demo-app'), threads: 4 }, [], 'test')).toBeUndefined();
    expect(auditInThreads({ root: path.join(root, 'apps', 'workers'), threads: 4 }, [], 'test')).toBeUndefined();
  });

  it('throws the serial run’s error when a worker cannot load the project', () => {
    const serial = (() => {
      try {
        audit({ root, tsconfig: 'missing.json' });
      } catch (error) {
        return error;
      }
    })();
    expect(serial).toBeInstanceOf(AuditError);
    expect(() => audit({ root, tsconfig: 'missing.json', threads: 2 })).toThrow(AuditError);
    expect(() => audit({ root, tsconfig: 'missing.json', threads: 2 })).toThrow((serial as Error).message);
  });
});

describe('audit({ threads }) on generated job code', () => {
  // Realistic volume: four packages of generated job code (bench/corpus.ts) whose queues share names,
  // so payload comparisons cross packages and reach files a worker loads only on demand (at this
  // size a worker once compared types of two checker builds and reported false payload mismatches).
  let generated: string;
  beforeAll(async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { generateCorpus, writeCorpus } = await import('../../bench/corpus.js');
    generated = mkdtempSync(path.join(tmpdir(), 'job-audit-threads-corpus-'));
    for (const index of [0, 1, 2, 3]) {
      const dir = path.join(generated, 'packages', `p${index}`);
      writeCorpus(dir, generateCorpus({ files: 500, seed: index + 1 }));
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@corpus/p${index}`, version: '1.0.0' }));
    }
    writeFileSync(path.join(generated, 'package.json'), JSON.stringify({ name: 'corpus', private: true, workspaces: ['packages/*'] }));
  });
  afterAll(() => rmSync(generated, { recursive: true, force: true }));

  it('gives the serial report, payload comparisons included', () => {
    const serial = audit({ root: generated });
    const threaded = audit({ root: generated, threads: 2 });
    const rows = (report: typeof serial) => report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}/${f.messageId}`);
    expect(serial.findings.length).toBeGreaterThan(1000);
    expect(rows(threaded)).toEqual(rows(serial));
    expect(JSON.stringify(threaded) === JSON.stringify(serial)).toBe(true);
  });
});
