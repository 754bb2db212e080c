import type { AuditReport } from '../analyzer/report.js';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { text } from './text.js';

export interface ReporterOptions {
  readonly color?: boolean;
  /** Working directory (GitHub annotations are relative to it). */
  readonly cwd?: string;
  /** Text: the per-job report under each job of the inventory. */
  readonly jobs?: boolean;
}

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const reporters: Record<Format, (report: AuditReport, options: ReporterOptions) => string> = {
  text,
  json,
  sarif,
  markdown,
  github,
  html,
};
