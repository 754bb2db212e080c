/**
 * Serializable references to syntax nodes: where a node is (as the report locates it), the text a
 * finding quotes, and an identity that two threads compute alike for the same node of the same file.
 */
import path from 'node:path';
import type * as TS from 'typescript';
import type { Location, Range } from './report.js';

export interface NodeRef extends Range {
  /** Absolute file name: suppression comments are read there. */
  readonly fileName: string;
  /** The node's text, whitespace collapsed (at most 200 characters), as findings quote it. */
  readonly snippet: string;
  /** Identity of the node: file, start, end and kind. */
  readonly key: string;
}

/** The identity of a node, equal in every thread that parsed the same file. */
export function nodeKey(node: TS.Node): string {
  return `${node.getSourceFile().fileName}:${node.pos}:${node.end}:${node.kind}`;
}

export function nodeRef(root: string, node: TS.Node): NodeRef {
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return {
    file: relative(root, sourceFile.fileName),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    fileName: sourceFile.fileName,
    snippet: node.getText(sourceFile).replace(/\s+/g, ' ').trim().slice(0, 200),
    key: nodeKey(node),
  };
}

export function locationOf(root: string, node: TS.Node): Location {
  const sourceFile = node.getSourceFile();
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return { file: relative(root, sourceFile.fileName), line: line + 1, column: character + 1 };
}

export function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Finds the node a key names in a parsed file (another thread's node, by position and kind). */
export function findByKey(ts: typeof TS, sourceFile: TS.SourceFile, key: string): TS.Node | undefined {
  const match = /:(\d+):(\d+):(\d+)$/.exec(key);
  if (!match || key.slice(0, match.index) !== sourceFile.fileName) return undefined;
  const [pos, end, kind] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (found || node.end < pos || node.pos > end) return;
    if (node.pos === pos && node.end === end && node.kind === kind) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
