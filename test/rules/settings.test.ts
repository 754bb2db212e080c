/**
 * ESLint `settings['job-audit']` share the CLI config schema: catalogue entries added there extend
 * what the rules recognise; an invalid value fails with one line naming the key.
 */
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-job-audit';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const acme = {
  catalogue: [
    {
      kind: 'effect',
      id: 'acme-sms',
      title: 'Acme SMS',
      packages: ['acme-sms'],
      effects: [{ call: { export: 'acme-sms#sendSms' }, family: 'sms', label: 'SMS via Acme `sendSms`' }],
    },
  ],
};

const worker = code`
  import { Worker } from 'bullmq';
  import { sendSms } from 'acme-sms';
  new Worker('reminders', async (job) => {
    await sendSms(job.data.phone, 'Your appointment is tomorrow');
  });
`;

createRuleTester().run('no-unguarded-side-effect with settings', rule, {
  valid: [
    // Without the catalogue entry, an unknown package's call is not an effect.
    worker,
    // A look-alike from another package is not the configured API.
    { code: worker.replace("from 'acme-sms'", "from './local-sms'"), settings: { 'job-audit': acme } },
  ],
  invalid: [
    {
      code: worker,
      settings: { 'job-audit': acme },
      errors: [{ messageId: 'unguarded', line: 4, column: 9 }],
    },
  ],
});

describe("settings['job-audit'] validation", () => {
  it('fails with one line naming the key', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = (settings: unknown) =>
      linter.verify(worker, [
        { files: ['**/*.ts'], languageOptions: { parser }, settings: { 'job-audit': settings } },
        { files: ['**/*.ts'], ...plugin.configs.all },
      ] as Linter.Config[], 'worker.ts');
    expect(() => lint({ catalogue: [{ ...acme.catalogue[0], effects: [{ call: { export: 'sendSms' }, family: 'sms', label: 'x' }] }] })).toThrow(
      /job-audit: settings\['job-audit'\]: catalogue\[0\]\.effects\[0\]\.call\.export: "sendSms" does not match/,
    );
    expect(() => lint('yes')).toThrow("job-audit: settings['job-audit']: must be an object");
    expect(lint(acme).map((message) => message.ruleId)).toEqual(['job-audit/no-unguarded-side-effect']);
  });
});
