/** What a check produces: front-end neutral findings over TypeScript nodes. */
import type * as TS from 'typescript';
import type { FileModel } from '../analysis/model.js';

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

export interface Suggestion {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  /** The reported node (its start and end become the location). */
  readonly node: TS.Node;
  readonly fix?: readonly TextEdit[];
  readonly suggestions?: readonly Suggestion[];
  /** Display name of the job the finding belongs to, when it is inside a handler. */
  readonly job?: string;
  /** Call sites from the handler to the reported call, outermost first. */
  readonly chain?: readonly TS.Node[];
}

export interface Check<Options extends readonly unknown[] = []> {
  readonly id: string;
  readonly messages: Readonly<Record<string, string>>;
  check(model: FileModel, options: Options): Finding[];
}

/** ESLint-style `{{name}}` interpolation, so the CLI prints exactly the editor's text. */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => (key in data ? data[key]! : whole));
}
