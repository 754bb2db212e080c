/**
 * The analyzer's type checker (src/analyzer/checker.ts) covers only the files questions are about:
 * none when no question needs types, the enqueueing files and their imports otherwise, and a file
 * outside them is added when asked about, with types answered by the checker that made them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as TS from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { scopedChecker } from '../../src/analyzer/checker.js';
import { loadProject } from '../../src/analyzer/project.js';

const dir = mkdtempSync(path.join(tmpdir(), 'job-audit-checker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'] }, include: ['src'] }),
  'src/types.ts': 'export interface Order { id: string; placedAt: Date }\n',
  'src/producer.ts': "import type { Order } from './types';\nexport declare const order: Order;\nexport const payload = { order };\n",
  'src/consumer.ts': 'export const when = new Date();\nexport const label = `${when.getTime()}`;\n',
  'src/unrelated.ts': 'export const n = 1;\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

function setup() {
  const loaded = loadProject(dir);
  const file = (name: string) => loaded.project.getSourceFileOrThrow(path.join(dir, name)).compilerNode as unknown as TS.SourceFile;
  const lastDeclaration = (name: string) => {
    const statement = file(name).statements.at(-1) as TS.VariableStatement;
    return statement.declarationList.declarations[0]!.name;
  };
  const types = scopedChecker(loaded.project, dir, () => [path.join(dir, 'src/producer.ts')]);
  return { types, lastDeclaration };
}

describe('scopedChecker', () => {
  it('builds nothing until a question needs types', () => {
    const { types } = setup();
    expect(types.builds).toBe(0);
    expect(types.programFiles()).toEqual([]);
  });

  it('covers the seeds and what they import, not the rest of the project', () => {
    const { types, lastDeclaration } = setup();
    const type = types.checker.getTypeAtLocation(lastDeclaration('src/producer.ts'));
    expect(types.checker.typeToString(type)).toBe('{ order: Order; }');
    expect(types.builds).toBe(1);
    const project = types.programFiles().filter((file) => file.startsWith(dir)).map((file) => path.relative(dir, file));
    expect(project.sort()).toEqual(['src/producer.ts', 'src/types.ts']);
  });

  it('adds a file asked about later, and answers earlier types with the checker that made them', () => {
    const { types, lastDeclaration } = setup();
    const before = types.checker.getTypeAtLocation(lastDeclaration('src/producer.ts'));
    const after = types.checker.getTypeAtLocation(lastDeclaration('src/consumer.ts'));
    expect(types.builds).toBe(2);
    expect(types.checker.typeToString(after)).toBe('string');
    expect(types.checker.typeToString(before)).toBe('{ order: Order; }');
    expect(types.programFiles().some((file) => file.endsWith('unrelated.ts'))).toBe(false);
  });

  it('covers the whole project after a question about a file nobody announced', () => {
    const loaded = loadProject(dir);
    const sourceFile = (name: string) => loaded.project.getSourceFileOrThrow(path.join(dir, name)).compilerNode as unknown as TS.SourceFile;
    const everything = () => loaded.project.getSourceFiles().map((file) => file.getFilePath() as string);
    const types = scopedChecker(loaded.project, dir, () => [path.join(dir, 'src/producer.ts')], everything);
    const node = (name: string) => (sourceFile(name).statements.at(-1) as TS.VariableStatement).declarationList.declarations[0]!.name;
    types.checker.getTypeAtLocation(node('src/producer.ts'));
    types.checker.getTypeAtLocation(node('src/consumer.ts'));
    expect(types.builds).toBe(2);
    expect(types.programFiles().some((file) => file.endsWith('unrelated.ts'))).toBe(true);
    types.checker.getTypeAtLocation(node('src/unrelated.ts'));
    expect(types.builds).toBe(2);
  });

  it('refuses to compare types of two builds (an error callers turn into silence, never a wrong answer)', () => {
    const { types, lastDeclaration } = setup();
    const before = types.checker.getTypeAtLocation(lastDeclaration('src/producer.ts'));
    const after = types.checker.getTypeAtLocation(lastDeclaration('src/consumer.ts'));
    expect(types.builds).toBe(2);
    expect(() => types.checker.isTypeAssignableTo(after, before)).toThrow(/two type-checker builds/);
    expect(types.checker.isTypeAssignableTo(after, after)).toBe(true);
  });

  it('takes files announced with include() in the next build, at once', () => {
    const { types, lastDeclaration } = setup();
    types.include([path.join(dir, 'src/consumer.ts'), path.join(dir, 'src/unrelated.ts')]);
    types.checker.getTypeAtLocation(lastDeclaration('src/consumer.ts'));
    types.checker.getTypeAtLocation(lastDeclaration('src/unrelated.ts'));
    expect(types.builds).toBe(1);
  });
});
