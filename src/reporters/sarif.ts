/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Rule metadata comes from rule meta
 * (`shortDescription` = `meta.docs.description`, `helpUri` = `meta.docs.url`); locations are relative
 * to `%SRCROOT%` (the analysed directory); call chains become `relatedLocations` and a `codeFlow`.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { AuditReport, ReportFinding } from '../analyzer/report.js';
import { ruleIdsOf, ruleInfo } from './rule-meta.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarif(report: AuditReport): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}

export function sarifLog(report: AuditReport): Sarif.Log {
  const ruleIds = ruleIdsOf(report);
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const info = ruleInfo(id);
    return {
      id: `job-audit/${id}`,
      name: pascal(id),
      shortDescription: { text: info.description },
      fullDescription: { text: info.description },
      helpUri: info.url,
      help: { text: `${info.description}. See ${info.url}`, markdown: `${info.description}. [Documentation](${info.url})` },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['reliability', 'background-jobs', 'idempotency'], precision: 'high', 'problem.severity': 'error' },
    };
  });
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const occurrences = new Map<string, number>();
  const results: Sarif.Result[] = report.findings.map((finding) => {
    const seen = occurrences.get(finding.fingerprint ?? '') ?? 0;
    occurrences.set(finding.fingerprint ?? '', seen + 1);
    return result(finding, index.get(finding.ruleId) ?? 0, seen);
  });
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'job-audit',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: 'https://github.com/job-audit/eslint-plugin-job-audit',
        rules,
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(report.root).href.replace(/\/?$/, '/')}` } },
    columnKind: 'utf16CodeUnits',
    results,
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: report.notes.map((note) => ({ level: 'note' as const, message: { text: note } })),
      },
    ],
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

function physical(file: string, region: Sarif.Region): Sarif.PhysicalLocation {
  return { artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' }, region };
}

function result(finding: ReportFinding, ruleIndex: number, occurrence: number): Sarif.Result {
  const region: Sarif.Region = {
    startLine: finding.line,
    startColumn: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    ...(finding.snippet ? { snippet: { text: finding.snippet } } : {}),
  };
  const location: Sarif.Location = { physicalLocation: physical(finding.file, region) };
  const chain = finding.chain ?? [];
  const related: Sarif.Location[] = chain.map((step, i) => ({
    id: i + 1,
    physicalLocation: physical(step.file, { startLine: step.line, startColumn: step.column }),
    message: { text: `call ${i + 1} of ${chain.length}: ${step.text}` },
  }));
  const out: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity === 'warning' ? 'warning' : 'error',
    message: { text: finding.message },
    locations: [location],
    ...(finding.fingerprint ? { partialFingerprints: { 'jobAudit/v1': `${finding.fingerprint}:${occurrence}` } } : {}),
    ...(finding.job ? { properties: { job: finding.job } } : {}),
  };
  if (related.length) {
    out.relatedLocations = related;
    out.codeFlows = [
      {
        message: { text: `${finding.job ?? 'The job'} reaches this call through ${chain.length} call${chain.length === 1 ? '' : 's'}` },
        threadFlows: [
          {
            locations: [
              ...chain.map((step, i) => ({
                location: { physicalLocation: physical(step.file, { startLine: step.line, startColumn: step.column }), message: { text: step.text } },
                nestingLevel: i,
                executionOrder: i + 1,
              })),
              { location: { ...location, message: { text: finding.snippet ?? finding.message } }, nestingLevel: chain.length, executionOrder: chain.length + 1 },
            ],
          },
        ],
      },
    ];
  }
  return out;
}

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, char: string) => char.toUpperCase());
