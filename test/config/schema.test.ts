import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { AuditError, checkConfig, configSchema, describeProblem, validate } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { builtinEntries } from '../../src/catalogue/index.js';
import { repoRoot } from '../helpers.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const ajvValidate = ajv.compile(configSchema as object);

const effectEntry = {
  kind: 'effect',
  id: 'acme-mail',
  title: 'Acme Mail',
  packages: ['acme-mail'],
  effects: [{ call: { export: 'acme-mail#send' }, family: 'email', label: 'email via Acme `send`' }],
};

const valid: unknown[] = [
  {},
  { $schema: './node_modules/eslint-plugin-job-audit/job-audit.schema.json' },
  { rules: { 'no-unguarded-side-effect': 'warn' } },
  { rules: { 'job-audit/no-unguarded-side-effect': ['error'] } },
  { ignore: ['src/legacy/**', 'scripts'] },
  { catalogue: [effectEntry] },
  {
    catalogue: [
      {
        kind: 'framework',
        id: 'acme-jobs',
        title: 'Acme Jobs',
        packages: ['acme-jobs'],
        handlers: [{ shape: 'argument', call: { export: 'acme-jobs#defineJob' }, arg: 1, nameArg: 0 }],
        enqueues: [{ call: { instance: 'acme-jobs#Client', path: 'enqueue' }, nameArg: 0, optionsArg: 2, keyOptions: ['dedupeKey'], store: 'postgres' }],
      },
      {
        kind: 'data',
        id: 'acme-db',
        title: 'Acme DB',
        packages: ['acme-db'],
        operations: [{ call: { instance: 'acme-db#Db', path: 'insert' }, op: 'insert' }],
        transactions: [{ call: { instance: 'acme-db#Db', path: 'tx' }, callbackArg: 0 }],
      },
    ],
  },
];

const invalid: [unknown, string][] = [
  [[], 'must be an object (got array [])'],
  [{ rule: {} }, 'rule: unknown key (expected one of: $schema, catalogue, rules, ignore)'],
  [{ rules: { 'no-unguarded-side-effect': 'warning' } }, 'rules.no-unguarded-side-effect: must be one of "off", "warn", "error" (got "warning")'],
  [{ rules: { 'no-unguarded-side-effect': [] } }, 'rules.no-unguarded-side-effect: must have at least 1 item(s)'],
  [{ ignore: 'src' }, 'ignore: must be an array (got string "src")'],
  [{ ignore: [1] }, 'ignore[0]: must be a string (got integer 1)'],
  [{ catalogue: [{ ...effectEntry, effects: [{ ...effectEntry.effects[0], family: 'mail' }] }] }, 'catalogue[0].effects[0].family: must be one of'],
  [{ catalogue: [{ ...effectEntry, effects: [{ ...effectEntry.effects[0], call: { export: 'send' } }] }] }, 'catalogue[0].effects[0].call.export: "send" does not match'],
  [{ catalogue: [{ ...effectEntry, kind: 'effects' }] }, 'catalogue[0].kind: must be one of "framework", "effect", "data" (got "effects")'],
  [{ catalogue: [{ kind: 'effect', id: 'x', title: 'X', packages: [] }] }, 'catalogue[0].effects: is required'],
];

describe('the config schema (src/config/schema.ts)', () => {
  it('is published as job-audit.schema.json, generated from the same source (npm run schema)', () => {
    const published = JSON.parse(readFileSync(path.join(repoRoot, 'job-audit.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(configSchema)));
  });

  it('is a valid JSON schema for ajv, and ajv accepts every valid sample', () => {
    for (const sample of valid) {
      expect(ajvValidate(sample), JSON.stringify(ajvValidate.errors)).toBe(true);
      expect(validate(configSchema, sample)).toBeUndefined();
    }
  });

  it('accepts every built-in catalogue entry (a new field in src/catalogue/types.ts needs a line in src/config/schema.ts)', () => {
    for (const entry of builtinEntries) {
      const config = { catalogue: [JSON.parse(JSON.stringify(entry))] };
      const problem = validate(configSchema, config);
      expect(problem && `${entry.id}: ${describeProblem(problem)}`).toBeUndefined();
      expect(ajvValidate(config), `${entry.id}: ${JSON.stringify(ajvValidate.errors)}`).toBe(true);
    }
  });

  it.each(invalid)('rejects %j with one line naming the key, as ajv does', (sample, message) => {
    expect(ajvValidate(sample)).toBe(false);
    const problem = validate(configSchema, sample);
    expect(problem).toBeDefined();
    const line = describeProblem(problem!);
    expect(line).toContain(message);
    expect(line).not.toContain('\n');
  });

  it('checkConfig throws an AuditError prefixed with where the config came from', () => {
    expect(() => checkConfig({ ignore: 'src' }, 'job-audit.config.json')).toThrow(new AuditError('job-audit.config.json: ignore: must be an array (got string "src")'));
    expect(() => checkConfig({ catalogue: [{ ...effectEntry, id: 'nodemailer' }] }, 'x')).toThrow("x: catalogue[0].id: 'nodemailer' is already used by another catalogue entry");
  });
});
