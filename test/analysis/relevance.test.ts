/**
 * What lets the analysis skip work without changing a result: files that cannot hold job code
 * (relevance.ts), calls whose member name no catalogue pattern uses, and callees that cannot match a
 * pattern's last name (resolve.ts). Each answer must be a superset of what resolution would find.
 */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtinCatalogue, compileCatalogue, parseTarget } from '../../src/analysis/catalogue.js';
import { mayHoldJobCode, reachesCatalogue } from '../../src/analysis/relevance.js';
import { calleeMayMatch } from '../../src/analysis/resolve.js';
import { builtinEntries } from '../../src/catalogue/index.js';

const catalogue = builtinCatalogue();
const parse = (text: string) => ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true);

describe('mayHoldJobCode (analyzer, before parsing)', () => {
  it('keeps files that import, require or name a catalogue global', () => {
    expect(mayHoldJobCode("import { db } from './db';", catalogue)).toBe(true);
    expect(mayHoldJobCode("const x = require('x');", catalogue)).toBe(true);
    expect(mayHoldJobCode("export const ping = () => fetch('https://example.com');", catalogue)).toBe(true);
    expect(mayHoldJobCode('export default { async queue(batch: MessageBatch) {} };', catalogue)).toBe(true);
  });

  it('skips files that import nothing and name no catalogue global', () => {
    expect(mayHoldJobCode('export const LIMIT = 10;\nexport type Id = string;', catalogue)).toBe(false);
    expect(mayHoldJobCode('export function fetcher() { return 1; }', catalogue)).toBe(false);
  });
});

describe('reachesCatalogue (ESLint without types)', () => {
  it('keeps files that import a catalogue module, a subpath of one, or require dynamically', () => {
    expect(reachesCatalogue(ts, parse("import { Worker } from 'bullmq';"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("import type { Job } from 'bullmq';"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("import { pgTable } from 'drizzle-orm/pg-core';"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("import { SQSClient } from '@aws-sdk/client-sqs';"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("export * from 'stripe';"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("const { Queue } = require('bullmq');"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse("const mod = await import('./queues');"), catalogue)).toBe(true);
    expect(reachesCatalogue(ts, parse('await fetch(url, { method: "POST" });'), catalogue)).toBe(true);
  });

  it('skips files whose imports are all project modules or unknown packages', () => {
    expect(reachesCatalogue(ts, parse("import { queue } from './queues';\nawait queue.add('x', {});"), catalogue)).toBe(false);
    expect(reachesCatalogue(ts, parse("import { z } from 'zod';\nimport { Logger } from '@nestjs/common';"), catalogue)).toBe(false);
    expect(reachesCatalogue(ts, parse("// import { Worker } from 'bullmq'\nexport const x = 1;"), catalogue)).toBe(false);
  });

  it('counts modules a settings catalogue adds', () => {
    const custom = compileCatalogue([
      ...builtinEntries,
      { kind: 'effect', id: 'acme-mailer', title: 'Acme mailer', packages: ['@acme/mailer'], effects: [{ call: { export: '@acme/mailer#sendMail' }, effect: 'email' }] },
    ] as never);
    expect(reachesCatalogue(ts, parse("import { sendMail } from '@acme/mailer';"), custom)).toBe(true);
    expect(reachesCatalogue(ts, parse("import { sendMail } from '@acme/mailer';"), catalogue)).toBe(false);
  });
});

describe('knowsModule', () => {
  it('knows catalogue packages and their subpaths, not look-alike names', () => {
    expect(catalogue.knowsModule('drizzle-orm')).toBe(true);
    expect(catalogue.knowsModule('drizzle-orm/pg-core')).toBe(true);
    expect(catalogue.knowsModule('drizzle-orm-extra')).toBe(false);
    expect(catalogue.knowsModule('./bullmq')).toBe(false);
  });
});

describe('member names that can play a catalogue role', () => {
  it('are the names of patterns, factories, members and exports', () => {
    for (const name of ['add', 'send', 'create', 'work', 'transaction', 'emails', 'post', 'fetch']) expect(catalogue.mayCallMember(name), name).toBe(true);
    for (const name of ['toLowerCase', 'json', 'status', 'map', 'exec_', 'log']) expect(catalogue.mayCallMember(name), name).toBe(false);
  });
});

describe('calleeMayMatch', () => {
  const callee = (text: string) => ((parse(text).statements[0] as ts.ExpressionStatement).expression as ts.CallExpression).expression;
  const pattern = (target: Parameters<typeof parseTarget>[0]) => parseTarget(target);

  it('rules out a member call whose name is not the pattern\'s last name', () => {
    expect(calleeMayMatch(ts, callee('queue.add(1)'), pattern({ instance: 'bullmq#Queue', path: 'add' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('queue.close()'), pattern({ instance: 'bullmq#Queue', path: 'add' }))).toBe(false);
    expect(calleeMayMatch(ts, callee("queue['add'](1)"), pattern({ instance: 'bullmq#Queue', path: 'add' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('db.users.insert(1)'), pattern({ instance: 'knex#Knex', path: '**.insert' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('db.users.select(1)'), pattern({ instance: 'knex#Knex', path: '**.insert' }))).toBe(false);
  });

  it('keeps callees resolution may rename: `this.member`, plain names, and exports reached as members', () => {
    expect(calleeMayMatch(ts, callee('this.deliver(1)'), pattern({ instance: 'bullmq#Queue', path: 'add' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('deliver(1)'), pattern({ instance: 'bullmq#Queue', path: 'add' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('wf.proxyActivities({})'), pattern({ export: '@temporalio/workflow#proxyActivities' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('res.json({})'), pattern({ export: '@temporalio/workflow#proxyActivities' }))).toBe(false);
    expect(calleeMayMatch(ts, callee('client.get(url)'), pattern({ instance: 'got#Got' }))).toBe(true);
    expect(calleeMayMatch(ts, callee('a.b.c(1)'), pattern({ instance: 'x#Y', path: '*' }))).toBe(true);
  });
});
