/**
 * The analyzer reads a module's exports from the syntax (src/analyzer/exports.ts) instead of asking
 * the type checker: each shape a helper or a queue can be exported in, and re-exports.
 */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportedDeclaration, type ModuleLookup } from '../../src/analyzer/exports.js';

function modules(sources: Record<string, string>): { file: (name: string) => ts.SourceFile; lookup: ModuleLookup } {
  const files = new Map(Object.entries(sources).map(([name, text]) => [name, ts.createSourceFile(`/p/${name}`, text, ts.ScriptTarget.Latest, true)]));
  const lookup: ModuleLookup = (_from, specifier) => files.get(`${specifier.replace(/^\.\//, '').replace(/\.js$/, '')}.ts`);
  return { file: (name) => files.get(name)!, lookup };
}

/** The declaration found, as `<kind> <text of its first line>` in file `<name>`. */
function find(sources: Record<string, string>, from: string, name: string): string | undefined {
  const { file, lookup } = modules(sources);
  const found = exportedDeclaration(ts, file(from), name, lookup);
  if (!found) return undefined;
  return `${ts.SyntaxKind[found.kind]} ${found.getSourceFile().fileName.slice(3)}: ${found.getText().split('\n')[0]}`;
}

describe('exportedDeclaration', () => {
  it('finds exported functions, classes, variables and destructured bindings', () => {
    const sources = {
      'a.ts': [
        'export async function send(to: string) {}',
        'export class Mailer {}',
        "export const queue = new Queue('emails'), other = 1;",
        'export const { run, stop } = makeRunner();',
        'const hidden = 1;',
      ].join('\n'),
    };
    expect(find(sources, 'a.ts', 'send')).toBe('FunctionDeclaration a.ts: export async function send(to: string) {}');
    expect(find(sources, 'a.ts', 'Mailer')).toBe('ClassDeclaration a.ts: export class Mailer {}');
    expect(find(sources, 'a.ts', 'queue')).toBe("VariableDeclaration a.ts: queue = new Queue('emails')");
    expect(find(sources, 'a.ts', 'other')).toBe('VariableDeclaration a.ts: other = 1');
    expect(find(sources, 'a.ts', 'stop')).toBe('BindingElement a.ts: stop');
    expect(find(sources, 'a.ts', 'hidden')).toBeUndefined();
    expect(find(sources, 'a.ts', 'missing')).toBeUndefined();
  });

  it('finds the default export: a declaration, the declaration an identifier names, or the assignment', () => {
    expect(find({ 'a.ts': 'export default async function handler() {}' }, 'a.ts', 'default')).toBe(
      'FunctionDeclaration a.ts: export default async function handler() {}',
    );
    expect(find({ 'a.ts': 'export default async function handler() {}' }, 'a.ts', 'handler')).toBeUndefined();
    expect(find({ 'a.ts': 'const worker = createWorker();\nexport default worker;' }, 'a.ts', 'default')).toBe('VariableDeclaration a.ts: worker = createWorker()');
    expect(find({ 'a.ts': 'export default { async queue(batch) {} };' }, 'a.ts', 'default')).toBe('ExportAssignment a.ts: export default { async queue(batch) {} };');
    expect(find({ 'a.ts': 'const x = 1;\nexport = x;' }, 'a.ts', 'default')).toBeUndefined();
  });

  it('follows export lists, renames, imports re-exported and re-exports from other modules', () => {
    const sources = {
      'queues.ts': "export const emails = new Queue('emails');",
      'mailer.ts': 'export function sendMail() {}\nexport function sendSms() {}',
      'index.ts': [
        "import { emails } from './queues';",
        "import send from './default';",
        'function local() {}',
        'export { local as helper, emails, send as sendDefault };',
        "export { sendMail as mail } from './mailer.js';",
        "export * from './mailer';",
        'export function sendSms() { /* this one */ }',
      ].join('\n'),
      'default.ts': 'export default function send() {}',
    };
    expect(find(sources, 'index.ts', 'helper')).toBe('FunctionDeclaration index.ts: function local() {}');
    expect(find(sources, 'index.ts', 'emails')).toBe("VariableDeclaration queues.ts: emails = new Queue('emails')");
    expect(find(sources, 'index.ts', 'sendDefault')).toBe('FunctionDeclaration default.ts: export default function send() {}');
    expect(find(sources, 'index.ts', 'mail')).toBe('FunctionDeclaration mailer.ts: export function sendMail() {}');
    expect(find(sources, 'index.ts', 'sendMail')).toBe('FunctionDeclaration mailer.ts: export function sendMail() {}');
    // An explicit export wins over the same name from `export *`.
    expect(find(sources, 'index.ts', 'sendSms')).toBe('FunctionDeclaration index.ts: export function sendSms() { /* this one */ }');
    // `export *` never re-exports the default.
    expect(find({ 'a.ts': "export * from './default';", 'default.ts': 'export default function send() {}' }, 'a.ts', 'default')).toBeUndefined();
  });

  it('skips type-only exports and ambient declarations, picks the implementation of overloads, and stops on cycles', () => {
    expect(find({ 'a.ts': "export type { Job } from './b';", 'b.ts': 'export const Job = 1;' }, 'a.ts', 'Job')).toBeUndefined();
    expect(find({ 'a.ts': 'export declare function send(): void;' }, 'a.ts', 'send')).toBeUndefined();
    const overloads = 'export function send(to: string): void;\nexport function send(to: string[]): void;\nexport function send(to: unknown) { deliver(to); }';
    expect(find({ 'a.ts': overloads }, 'a.ts', 'send')).toBe('FunctionDeclaration a.ts: export function send(to: unknown) { deliver(to); }');
    expect(find({ 'a.ts': "export * from './b';", 'b.ts': "export * from './a';" }, 'a.ts', 'send')).toBeUndefined();
  });
});
