/**
 * ts-morph and its common package, loaded with `require`: both are CommonJS, and an ESM `import`
 * of a CommonJS module has Node scan its whole source for export names first (≈ 0.1 s for
 * ts-morph on every cold run). The types are the packages' own.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const morph = require('ts-morph') as typeof import('ts-morph');
const common = require('@ts-morph/common') as typeof import('@ts-morph/common');

export const { Project } = morph;
export type Project = import('ts-morph').Project;
/** The TypeScript ts-morph bundles, as a value (its types: `import type { ts } from 'ts-morph'`). */
export const tsm = morph.ts;
export const { RealFileSystemHost, getLibFiles, libFolderInMemoryPath } = common;
