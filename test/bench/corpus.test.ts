import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ts from 'typescript';
import { audit } from 'eslint-plugin-job-audit/audit';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus, sourceFiles, writeCorpus } from '../../bench/corpus.js';

describe('bench corpus generator', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'job-audit-corpus-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives the same files for the same seed and size, other files for another seed', () => {
    const first = generateCorpus({ seed: 7, files: 80 });
    const second = generateCorpus({ seed: 7, files: 80 });
    expect([...second.entries()]).toEqual([...first.entries()]);
    expect(sourceFiles(first).length).toBeGreaterThanOrEqual(80);
    const other = generateCorpus({ seed: 8, files: 80 });
    expect([...other.entries()]).not.toEqual([...first.entries()]);
  });

  it('writes files that parse', () => {
    const corpus = generateCorpus({ seed: 3, files: 60 });
    for (const file of sourceFiles(corpus)) {
      const source = ts.createSourceFile(file, corpus.get(file)!, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
      const diagnostics = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
      expect(diagnostics.map((d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)).toEqual([]);
    }
  });

  it('holds handlers of every framework and findings when audited', () => {
    const directory = path.join(scratch, 'corpus');
    writeCorpus(directory, generateCorpus({ seed: 1, files: 120 }));
    const report = audit({ root: directory });
    expect(report.notes).toEqual([]);
    expect(report.summary.files).toBeGreaterThanOrEqual(120);
    expect(new Set(report.jobs.map((job) => job.framework))).toEqual(
      new Set(['bullmq', 'pg-boss', 'trigger-dev', 'graphile-worker', 'inngest', 'nestjs-bullmq']),
    );
    expect(report.enqueues.length).toBeGreaterThan(0);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});
