/**
 * A single self-contained HTML page (inline CSS, no scripts, no external requests): summary, job
 * inventory with a risk level per job, each job's reported effects with their call chains, findings
 * grouped by rule, enqueue sites and notes. Every value from the analysed code is HTML-escaped.
 */
import type { AuditReport, JobEntry, ReportFinding } from '../analyzer/report.js';
import { plural, ruleIdsOf, ruleInfo } from './rule-meta.js';
import { summaryLine } from './text.js';

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = escapeHtml;
type Risk = 'high' | 'medium' | 'none';

function riskOf(findings: readonly ReportFinding[]): Risk {
  if (findings.some((finding) => finding.severity === 'error')) return 'high';
  return findings.length ? 'medium' : 'none';
}

const RISK_LABEL: Record<Risk, string> = { high: 'High risk', medium: 'Medium risk', none: 'No findings' };

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --high: #cf222e; --medium: #9a6700; --none: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0; padding: 24px 32px 48px; max-width: 1200px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
.muted { color: var(--muted); } code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
.cards { display: flex; gap: 12px; margin: 16px 0; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
.risk { display: inline-block; border-radius: 12px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.risk-high { background: var(--high); } .risk-medium { background: var(--medium); } .risk-none { background: var(--none); }
.finding { border-left: 3px solid var(--high); padding: 4px 12px; margin: 8px 0; } .finding.warning { border-left-color: var(--medium); }
.chain { margin: 4px 0 0; padding-left: 20px; } .chain li { color: var(--muted); }
details { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
`;

export function html(report: AuditReport): string {
  const byJob = new Map<string, ReportFinding[]>();
  for (const finding of report.findings) {
    const key = finding.job ?? '';
    let list = byJob.get(key);
    if (!list) byJob.set(key, (list = []));
    list.push(finding);
  }
  // The job's own list (handler, registration and enqueue-site findings); a report without it groups by label.
  const ownFindings = (job: JobEntry) =>
    job.findings ? job.findings.flatMap((index) => (report.findings[index] ? [report.findings[index]] : [])) : (byJob.get(job.label) ?? []);
  const jobs = [...report.jobs].map((job) => ({ job, findings: ownFindings(job) }));
  const order: Record<Risk, number> = { high: 0, medium: 1, none: 2 };
  jobs.sort((a, b) => order[riskOf(a.findings)] - order[riskOf(b.findings)] || b.findings.length - a.findings.length);
  const linked = new Set(jobs.flatMap(({ findings }) => findings));
  const outside = report.findings.filter((finding) => !linked.has(finding));
  const atRisk = jobs.filter(({ findings }) => findings.length > 0).length;

  const parts: string[] = [];
  parts.push(`<h1>job-audit report</h1>`);
  parts.push(`<p class="muted">${e(report.root)} · job-audit ${e(report.tool.version)}${report.config ? ` · config: ${e(report.config)}` : ''}</p>`);
  parts.push(`<p id="summary">${e(summaryLine(report))}</p>`);
  parts.push(`<div class="cards">${card(report.summary.jobs, 'jobs')}${card(atRisk, 'jobs at risk')}${card(report.findings.length, 'findings')}${card(report.summary.enqueues, 'enqueue sites')}${card(report.summary.files, 'files analysed')}</div>`);

  parts.push(`<h2 id="jobs">Job inventory</h2>`);
  if (jobs.length === 0) parts.push(`<p class="muted">No job handlers found.</p>`);
  else {
    parts.push(`<table><thead><tr><th>Risk</th><th>Job</th><th>Framework</th><th>Handler</th><th>Findings</th></tr></thead><tbody>`);
    for (const { job, findings } of jobs) {
      const risk = riskOf(findings);
      parts.push(`<tr><td>${badge(risk)}</td><td><a href="#${e(anchor(job))}">${e(job.name ?? '(dynamic)')}</a></td><td>${e(job.frameworkTitle)}</td><td><code>${e(`${job.file}:${job.line}:${job.column}`)}</code></td><td>${findings.length}</td></tr>`);
    }
    parts.push(`</tbody></table>`);
  }

  parts.push(`<h2 id="job-details">Jobs and their effects</h2>`);
  for (const { job, findings } of jobs) {
    parts.push(`<details id="${e(anchor(job))}"${findings.length ? ' open' : ''}><summary>${badge(riskOf(findings))} ${e(job.label)} <span class="muted">${e(`${job.file}:${job.line}`)}</span></summary>`);
    if (findings.length === 0) parts.push(`<p class="muted">No unsafe effects reported for this job.</p>`);
    for (const finding of findings) parts.push(findingBlock(finding, true));
    parts.push(`</details>`);
  }
  if (outside.length) {
    parts.push(`<h3>Findings outside a known job</h3>`);
    for (const finding of outside) parts.push(findingBlock(finding, true));
  }

  parts.push(`<h2 id="rules">Findings by rule</h2>`);
  for (const id of ruleIdsOf(report)) {
    const info = ruleInfo(id);
    const findings = report.findings.filter((finding) => finding.rule === id);
    parts.push(`<h3><a href="${e(info.url)}">${e(`job-audit/${id}`)}</a> <span class="muted">(${findings.length})</span></h3><p class="muted">${e(info.description)}</p>`);
    for (const finding of findings) parts.push(findingBlock(finding, false));
  }

  parts.push(`<h2 id="enqueues">Enqueue sites (${report.enqueues.length})</h2>`);
  if (report.enqueues.length) {
    parts.push(`<table><thead><tr><th>Job</th><th>Framework</th><th>Location</th></tr></thead><tbody>`);
    for (const site of report.enqueues) parts.push(`<tr><td>${e(site.name ?? '(dynamic)')}</td><td>${e(site.framework)}</td><td><code>${e(`${site.file}:${site.line}:${site.column}`)}</code></td></tr>`);
    parts.push(`</tbody></table>`);
  } else parts.push(`<p class="muted">No enqueue sites found.</p>`);
  if (report.notes.length) {
    parts.push(`<h2 id="notes">Notes</h2><ul>${report.notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>job-audit: ${e(plural(report.findings.length, 'finding'))}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

const card = (value: number, label: string) => `<div class="card"><b>${value}</b><span class="muted">${e(label)}</span></div>`;
const badge = (risk: Risk) => `<span class="risk risk-${risk}">${RISK_LABEL[risk]}</span>`;
const anchor = (job: JobEntry) => `job-${job.file}-${job.line}-${job.column}`.replace(/[^A-Za-z0-9_-]/g, '-');

function findingBlock(finding: ReportFinding, showRule: boolean): string {
  const chain = finding.chain?.length
    ? `<ol class="chain">${finding.chain.map((step) => `<li>via <code>${e(`${step.file}:${step.line}:${step.column}`)}</code> <code>${e(step.text)}</code></li>`).join('')}<li>reaches <code>${e(`${finding.file}:${finding.line}:${finding.column}`)}</code></li></ol>`
    : '';
  return `<div class="finding ${finding.severity}"><div><code>${e(`${finding.file}:${finding.line}:${finding.column}`)}</code>${showRule ? ` <span class="muted">${e(finding.ruleId)}</span>` : ''}${!showRule && finding.job ? ` <span class="muted">${e(finding.job)}</span>` : ''}</div><div>${e(finding.message)}</div>${finding.snippet ? `<div><code>${e(finding.snippet)}</code></div>` : ''}${chain}</div>`;
}
