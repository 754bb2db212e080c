import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import type * as Sarif from 'sarif';
import {
  audit,
  formatGithub,
  formatHtml,
  formatMarkdown,
  formatSarif,
  formatText,
  type AuditReport,
  type ReportFinding,
} from 'eslint-plugin-job-audit/audit';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers.js';


let report: AuditReport;
beforeAll(() => {
  report = audit({ root: fixture('demo-app') });
});

/** A finding whose text is full of characters every format must escape. */
const hostile: ReportFinding = {
  ruleId: 'job-audit/no-unguarded-side-effect',
  rule: 'no-unguarded-side-effect',
  messageId: 'unguarded',
  message: "50% of <script>alert('x')</script> | `tick` *star*\nsecond line, with: colon\r",
  severity: 'warning',
  file: 'src/a,b:c%.ts',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  job: "BullMQ job '<img src=x onerror=alert(1)>'",
  chain: [{ file: 'src/a,b:c%.ts', line: 9, column: 2, text: 'helper("<b>|</b>")' }],
  snippet: 'send("<i>")',
  fingerprint: '0123456789abcdef',
};
const hostileReport = (): AuditReport => ({
  ...report,
  findings: [hostile],
  summary: { ...report.summary, findings: 1 },
  jobs: [{ name: '<img src=x onerror=alert(1)>', framework: 'bullmq', frameworkTitle: 'BullMQ', label: hostile.job!, file: 'src/a,b:c%.ts', line: 1, column: 1 }],
  notes: ['note with <tag> & ampersand'],
});

describe('sarif', () => {
  const schema = JSON.parse(
    readFileSync(path.join(repoRoot, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The official schema is draft-04: ajv 8 reads it as draft-07 once `id` is `$id` (it uses no
  // draft-04-only keyword such as a boolean exclusiveMinimum); formats are checked by hand below.
  const { $schema: _, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const validateSarif = ajv.compile({ ...rest, $id: id as string });

  it('is valid against the official SARIF 2.1.0 schema (demo app and a hostile report)', () => {
    for (const input of [report, hostileReport()]) {
      const log = JSON.parse(formatSarif(input)) as Sarif.Log;
      expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    }
  });

  it('describes every rule with helpUri = meta.docs.url and results with %SRCROOT% URIs, code flows and related locations', () => {
    const log = JSON.parse(formatSarif(report)) as Sarif.Log;
    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('job-audit');
    const rule = run.tool.driver.rules!.find((candidate) => candidate.id === 'job-audit/no-unguarded-side-effect')!;
    expect(rule.helpUri).toBe('https://github.com/job-audit/eslint-plugin-job-audit/blob/main/rules/no-unguarded-side-effect.md');
    expect(rule.shortDescription?.text).toBe('Disallow external side effects in job handlers that a retry would repeat');
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${fixture('demo-app')}/`);
    expect(run.results).toHaveLength(report.findings.length);
    const receipt = run.results!.find((result) => result.locations?.[0]?.physicalLocation?.region?.startLine === 21)!;
    expect(receipt.ruleId).toBe('job-audit/no-unguarded-side-effect');
    expect(run.tool.driver.rules![receipt.ruleIndex!]!.id).toBe(receipt.ruleId);
    expect(receipt.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'src/workers/receipts.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 21, startColumn: 9, endLine: 26, endColumn: 5 },
    });
    expect(receipt.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'src/workers/receipts.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 46, startColumn: 11 } },
        message: { text: 'call 1 of 1: sendReceipt(order)' },
      },
    ]);
    const flow = receipt.codeFlows![0]!.threadFlows[0]!.locations;
    expect(flow.map((step) => step.location?.physicalLocation?.region?.startLine)).toEqual([46, 21]);
    expect(receipt.partialFingerprints?.['jobAudit/v1']).toMatch(/^[0-9a-f]{16}:0$/);
  });
});

describe('github annotations', () => {
  it('prints ::error with file, line, col, endLine, endColumn and title for each finding', () => {
    const out = formatGithub(report, { cwd: repoRoot });
    expect(out).toContain(
      '::error file=fixtures/demo-app/src/workers/welcome-email.ts,line=31,col=11,endLine=36,endColumn=7,title=job-audit/no-unguarded-side-effect::Email via nodemailer `sendMail`',
    );
    expect(out.split('\n').filter((line) => line.startsWith('::error '))).toHaveLength(report.findings.length);
  });

  it('escapes % CR LF in messages and also : , in properties', () => {
    const out = formatGithub(hostileReport());
    const line = out.split('\n').find((candidate) => candidate.startsWith('::warning '))!;
    expect(line).toBe(
      "::warning file=src/a%2Cb%3Ac%25.ts,line=3,col=5,endLine=3,endColumn=9,title=job-audit/no-unguarded-side-effect::50%25 of <script>alert('x')</script> | `tick` *star*%0Asecond line, with: colon%0D%0Avia src/a,b:c%25.ts:9:2 helper(\"<b>|</b>\")",
    );
    expect(out).toContain('::notice title=job-audit::note with <tag> & ampersand');
  });
});

describe('markdown', () => {
  it('renders a summary, a findings table linking rule docs, and the job inventory', () => {
    const out = formatMarkdown(report);
    expect(out).toMatch(new RegExp(`^### job-audit: ${report.findings.length} findings$`, 'm'));
    expect(out).toContain('| ❌ | <code>src/workers/receipts.ts:21:9</code> | [no-unguarded-side-effect](https://github.com/job-audit/eslint-plugin-job-audit/blob/main/rules/no-unguarded-side-effect.md) |');
    expect(out).toContain('<br>via <code>src/workers/receipts.ts:46:11</code> <code>sendReceipt(order)</code>');
    // The job's own findings: its handler's, and the missing key at its enqueue site (which names no job).
    expect(out).toContain('| emails | BullMQ | <code>src/workers/welcome-email.ts:25:35</code> | 3 |');
  });

  it('escapes HTML, pipes and newlines so a message cannot break the table', () => {
    const out = formatMarkdown(hostileReport());
    const row = out.split('\n').find((line) => line.startsWith('| ⚠️'))!;
    expect(row).not.toContain('<script>');
    expect(row).toContain('&lt;script&gt;');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(out).not.toContain('<img');
  });
});

describe('html', () => {
  it('is one self-contained page: inventory with risk, findings by rule, chains', () => {
    const out = formatHtml(report);
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).not.toMatch(/<script|<link|src="http|href="http[^"]*\.css/);
    expect(out).toContain('Job inventory');
    expect(out).toContain('<span class="risk risk-high">High risk</span>');
    expect(out).toContain('<span class="risk risk-none">No findings</span>');
    expect(out).toContain('<code>sendReceipt(order)</code>');
    expect(out).toContain('job-audit/no-unguarded-side-effect');
  });

  it("lists an enqueue site's finding under its job, not among the findings outside a job", () => {
    const out = formatHtml(report);
    const emails = out.slice(out.indexOf("BullMQ job &#39;emails&#39;"), out.indexOf('</details>', out.indexOf("BullMQ job &#39;emails&#39;")));
    expect(emails).toContain('<code>src/api/orders.ts:35:9</code> <span class="muted">job-audit/require-idempotency-key</span>');
    const outside = out.slice(out.indexOf('Findings outside a known job'), out.indexOf('id="rules"'));
    expect(outside).not.toContain('src/api/orders.ts:35:9');
  });

  it('escapes every value from the code', () => {
    const out = formatHtml(hostileReport());
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('<img src=x');
    expect(out).not.toContain('<b>|</b>');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('text', () => {
  it('colours only when asked', () => {
    expect(formatText(report, { color: false })).not.toContain('\u001B[');
    expect(formatText(report, { color: true })).toContain('\u001B[31merror');
  });
});
