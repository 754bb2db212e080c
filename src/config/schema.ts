/**
 * The ONE schema for job-audit configuration: the CLI's `job-audit.config.json` (or
 * `package.json#job-audit`) and ESLint's `settings['job-audit']` share it. `job-audit.schema.json`
 * at the repository root is generated from this module (`npm run schema`; a test checks they agree).
 *
 * Catalogue entries use the vocabulary of `src/catalogue/types.ts`: a user adds handler factories,
 * enqueue APIs, effect APIs or data layers exactly as a built-in entry does.
 */
import type { CatalogueEntry } from '../catalogue/types.js';

export type RuleSeverity = 'off' | 'warn' | 'error';
export type RuleSetting = RuleSeverity | readonly [RuleSeverity, ...unknown[]];

export interface JobAuditConfig {
  readonly $schema?: string;
  /** Extra catalogue entries (job frameworks, effect providers, data layers). */
  readonly catalogue?: readonly CatalogueEntry[];
  /** Rule severities and options, by rule id (with or without the `job-audit/` prefix). */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Globs (relative to the analysed directory) of files not to report on. */
  readonly ignore?: readonly string[];
}

type Schema = Record<string, unknown>;

/**
 * Catalogue entries and their specs are open: the vocabulary in src/catalogue/types.ts grows with
 * every framework, so the schema checks required fields and the types of the fields it lists, and
 * lets other fields through (the analysis ignores what it does not know). A test validates every
 * built-in entry against this schema.
 */
const ADDITIONAL = true;

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const strings = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
const exportRef = { type: 'string', pattern: '^[^#\\s]+#[^#\\s]+$', description: "'module#export', e.g. 'bullmq#Queue'" };

const target: Schema = {
  description: 'Where a call starts (an export or an instance of a tracked type) plus a dot-separated member path.',
  oneOf: [
    {
      type: 'object',
      required: ['export'],
      additionalProperties: false,
      properties: { export: { ...exportRef }, path: { type: 'string', description: 'Member path: names, `*`, `**`, `()`.' } },
    },
    {
      type: 'object',
      required: ['instance'],
      additionalProperties: false,
      properties: { instance: { ...exportRef, description: "A tracked type, 'module#Type'." }, path: { type: 'string', description: 'Member path: names, `*`, `**`, `()`.' } },
    },
  ],
};

const param: Schema = {
  type: 'object',
  required: ['index', 'type'],
  additionalProperties: false,
  properties: { index: { type: 'integer', minimum: 0, description: 'Parameter index.' }, type: { ...exportRef, description: 'Tracked type it holds.' } },
};

const typeSpec: Schema = {
  type: 'object',
  additionalProperties: ADDITIONAL,
  description: 'How values of a tracked type come to exist.',
  properties: {
    constructedBy: { type: 'array', items: exportRef, description: '`new X()` of these exports makes an instance.' },
    returnedBy: { type: 'array', items: ref('target'), description: 'Calls that return an instance.' },
    annotatedAs: { type: 'array', items: exportRef, description: 'Type annotations that mark an instance.' },
    injectedBy: { type: 'array', items: exportRef, description: 'Parameter decorators that inject an instance.' },
    members: { type: 'object', additionalProperties: exportRef, description: 'Members that are instances of other tracked types.' },
    checkerNames: strings('Type-checker names declared in the entry packages.'),
    extendedBy: { type: 'array', items: exportRef, description: 'A class extending one of these is itself an instance (its static side).' },
  },
};

const obj = (description: string): Schema => ({ type: 'object', description });
const argProperty = (description: string): Schema => ({
  type: 'object',
  required: ['arg', 'property'],
  additionalProperties: ADDITIONAL,
  description,
  properties: { arg: { type: 'integer', minimum: 0 }, property: { type: 'string' } },
});

const specBase = (extra: Schema, required: string[], description: string): Schema => ({
  type: 'object',
  required,
  additionalProperties: ADDITIONAL,
  description,
  properties: extra,
});

const handler = specBase(
  {
    shape: { type: 'string', minLength: 1, description: "How the handler is declared: 'argument', 'property', 'property-map', 'class-method', 'annotated', 'task-file', 'directory-option', 'enclosing-function', … (see HandlerSpec)." },
    file: { type: 'boolean', description: 'The argument may name a module whose default export is the handler.' },
    call: ref('target'),
    new: { type: 'boolean', description: 'The call is a `new` expression.' },
    arg: { description: "Handler argument index, or 'last'.", oneOf: [{ type: 'integer', minimum: 0 }, { enum: ['last'] }] },
    nameArg: { type: 'integer', minimum: 0, description: 'Argument holding the job name.' },
    nameProperty: { description: 'Property holding the job name.', oneOf: [{ type: 'string' }, { type: 'object', required: ['arg', 'property'], additionalProperties: ADDITIONAL, properties: { arg: { type: 'integer', minimum: 0 }, property: { type: 'string' } } }] },
    property: { type: 'string', description: 'Property holding the handler function(s).' },
    classDecorator: exportRef,
    method: { type: 'string', description: 'Handler method name.' },
    methodDecorator: exportRef,
    nameFromDecorator: { type: 'boolean', description: "The class decorator's first argument is the queue name." },
    jobNameFromMethodDecorator: { type: 'boolean', description: "The method decorator's first argument names a job within the class decorator's queue." },
    queueFromReceiver: {
      type: 'object',
      required: ['constructors', 'nameArg', 'optionsArg', 'defaultsProperty'],
      additionalProperties: ADDITIONAL,
      description: 'The handler is registered on a queue object: how that queue is built (its name is the handler\'s queue; nameArg then names a job within it).',
      properties: {
        constructors: { type: 'array', items: exportRef },
        nameArg: { type: 'integer', minimum: 0 },
        optionsArg: { type: 'integer', minimum: 0 },
        optionalArgs: { type: 'boolean' },
        defaultsProperty: { type: 'string' },
      },
    },
    type: exportRef,
    directories: strings('Task directory names.'),
    params: { type: 'array', items: ref('param'), description: 'Callback parameters the runtime fills.' },
  },
  ['shape'],
  'A handler shape (see HandlerSpec in src/catalogue/types.ts).',
);

const enqueue = specBase(
  {
    call: ref('target'),
    new: { type: 'boolean', description: 'The call is a `new` expression.' },
    nameArg: { type: 'integer', minimum: 0, description: 'Argument holding the job name.' },
    payloadArg: { type: 'integer', minimum: 0, description: 'Argument holding the payload.' },
    optionsArg: { type: 'integer', minimum: 0, description: 'Argument holding the options.' },
    keyOptions: strings('Option paths that carry a dedup or idempotency key.'),
    bulk: { type: 'object', required: ['arg'], additionalProperties: ADDITIONAL, description: 'Several jobs in one call.', properties: { arg: { type: 'integer', minimum: 0 }, itemOptions: { type: 'string' }, itemPayload: { type: 'string' } } },
    memoised: { type: 'boolean', description: 'Memoised by a durable runtime: never repeats on retry.' },
    store: { enum: ['redis', 'postgres', 'service'], description: 'The store behind the queue.' },
    synchronous: { type: 'boolean', description: 'The call returns no promise.' },
  },
  ['call', 'keyOptions', 'store'],
  'An enqueue API (see EnqueueSpec).',
);

const effect = specBase(
  {
    call: ref('target'),
    family: { enum: ['email', 'sms', 'push', 'payment', 'http', 'webhook', 'message', 'chat'], description: 'Effect family.' },
    label: { type: 'string', description: 'Human name used in messages, e.g. "email via acme `send`".' },
    idempotencyKey: { type: 'object', required: ['arg', 'path'], additionalProperties: ADDITIONAL, description: 'Where the API takes an idempotency key.', properties: { arg: { oneOf: [{ type: 'integer', minimum: 0 }, { enum: ['any'] }] }, path: { type: 'string' } } },
    http: { type: 'object', description: 'HTTP method, fixed or read from an option.' },
    headers: argProperty('Where request headers live.'),
    command: {
      type: 'object',
      required: ['arg', 'constructedBy'],
      additionalProperties: ADDITIONAL,
      description: 'Command-object APIs: argument `arg` is `new` of one of these exports.',
      properties: { arg: { type: 'integer', minimum: 0 }, constructedBy: { type: 'array', items: exportRef } },
    },
  },
  ['call', 'family', 'label'],
  'An external effect API (see EffectSpec).',
);

const dataOp = specBase(
  {
    call: ref('target'),
    op: { enum: ['read', 'insert', 'update', 'upsert', 'delete', 'claim'], description: 'Operation kind.' },
    table: { type: 'object', description: 'Where the table or model name comes from.' },
    atomicBatch: { type: 'boolean', description: 'Writes many rows atomically.' },
    orThrow: { type: 'boolean', description: 'A read that throws instead of returning nothing.' },
    many: obj('A read that returns every matching row unless bounded (limitOption, limitCalls).'),
    relative: obj('How the call can change a value relative to its current one (always, verb, operators, values).'),
    sql: { type: 'object', required: ['arg'], additionalProperties: ADDITIONAL, description: 'The statement is SQL text in this argument.', properties: { arg: { type: 'integer', minimum: 0 } } },
    optionsArg: { description: "Options argument index, or 'last'.", oneOf: [{ type: 'integer', minimum: 0 }, { enum: ['last'] }] },
    upsertOption: { type: 'string', description: 'Option that turns the write into an upsert.' },
    claimWhen: obj('When the call is an atomic claim (tokens, options).'),
    skipDuplicatesOption: { type: 'object', required: ['arg', 'path'], additionalProperties: ADDITIONAL, description: 'Option that skips duplicate rows.', properties: { arg: { type: 'integer', minimum: 0 }, path: { type: 'string' } } },
    conflictChain: obj('Chained calls that handle a conflict (ignore, update).'),
    selectThenWrite: { type: 'boolean', description: 'Reads and then writes in one call.' },
    lockChain: strings('Chained calls that lock the rows read.'),
    lockOption: { type: 'string', description: 'Option that locks the rows read.' },
    receiverCarriesJoin: { type: 'boolean', description: 'The receiver keeps the transaction it was loaded in (a Mongoose document read with a session).' },
  },
  ['call', 'op'],
  'A data operation (see DataOpSpec).',
);

const transaction = specBase(
  {
    call: ref('target'),
    callbackArg: { description: "Callback argument index, or 'last'.", oneOf: [{ type: 'integer', minimum: 0 }, { enum: ['last'] }] },
    client: ref('param'),
    batchArray: { type: 'boolean', description: 'A batch form whose array argument runs atomically.' },
    joinOption: { type: 'string', description: 'Option that joins an outer transaction.' },
    rerunsCallback: { type: 'boolean', description: 'The callback may run more than once (retries on conflict).' },
    joinMethod: { type: 'string', description: 'Chained query method that joins like joinOption (Mongoose .session(s)).' },
    implicitJoin: {
      type: 'array',
      description: 'Calls that make queries join without joinOption (Sequelize.useCLS, Mongoose transactionAsyncLocalStorage).',
      items: {
        type: 'object',
        required: ['call', 'label'],
        additionalProperties: ADDITIONAL,
        properties: {
          call: ref('target'),
          setting: { type: 'string', description: 'Only when the call sets this setting to a value other than false.' },
          label: { type: 'string', description: 'How messages name the call.' },
        },
      },
    },
    wrap: obj('How a suggestion wraps writes in this transaction (call, param, routes).'),
  },
  ['call', 'callbackArg'],
  'A transaction API (see TransactionSpec).',
);

const entryBase: Schema = {
  id: { type: 'string', minLength: 1, description: 'Unique id of the entry.' },
  title: { type: 'string', minLength: 1, description: 'Human name.' },
  packages: strings('npm packages the entry is about.'),
  moduleAliases: { type: 'object', additionalProperties: strings('Regular expressions'), description: 'Specifiers (regular expressions) that stand for a canonical module.' },
  types: { type: 'object', additionalProperties: ref('typeSpec'), description: 'Tracked types, by TypeRef.' },
};

const entry = (kind: string, extra: Schema, required: string[], description: string): Schema => ({
  type: 'object',
  required: ['kind', 'id', 'title', 'packages', ...required],
  additionalProperties: ADDITIONAL,
  description,
  properties: { kind: { const: kind, description: 'Entry kind.' }, ...entryBase, ...extra },
});

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/job-audit/eslint-plugin-job-audit/blob/main/job-audit.schema.json',
  title: 'job-audit configuration',
  description: "job-audit.config.json, package.json#job-audit and ESLint settings['job-audit'].",
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editors.' },
    catalogue: {
      type: 'array',
      description: 'Extra catalogue entries: job frameworks (handler factories, enqueue APIs), effect providers, data layers.',
      items: {
        description: 'A catalogue entry, shaped as in src/catalogue/types.ts.',
        oneOf: [
          entry('framework', {
            handlers: { type: 'array', items: ref('handler'), description: 'Handler shapes.' },
            enqueues: { type: 'array', items: ref('enqueue'), description: 'Enqueue APIs.' },
            replaying: { type: 'boolean', description: 'The runtime replays the handler on every step.' },
            firstParameterHasNoId: { type: 'boolean', description: 'The handler\'s first parameter has no `id` (a message batch or a message): hints name the message id.' },
            steps: { type: 'array', description: 'Memoised step calls.', items: { type: 'object', required: ['call', 'callbackArg'], additionalProperties: ADDITIONAL, properties: { call: ref('target'), callbackArg: { type: 'integer', minimum: 0 } } } },
            nonRetryableErrors: { type: 'array', items: exportRef, description: 'Errors that stop retries.' },
            failCalls: { type: 'array', items: ref('target'), description: 'Calls that fail the job explicitly.' },
            ack: obj('Message consumers: how a message is acknowledged (settle, nullMessageParam, noAckOption, byReturn, batchFailures).'),
          }, ['handlers', 'enqueues'], 'A job framework.'),
          entry('effect', { effects: { type: 'array', items: ref('effect'), description: 'Effect APIs.' } }, ['effects'], 'An effect provider.'),
          entry('data', {
            operations: { type: 'array', items: ref('dataOp'), description: 'Data operations.' },
            transactions: { type: 'array', items: ref('transaction'), description: 'Transaction APIs.' },
            manualTransactions: { type: 'array', items: obj('begin/commit/rollback transaction APIs (see ManualTransactionSpec).'), description: 'Manual transaction APIs.' },
          }, ['operations', 'transactions'], 'A data layer.'),
        ],
      },
    },
    rules: {
      type: 'object',
      description: "Rule severities and options by rule id (CLI only; ESLint uses its own 'rules').",
      additionalProperties: {
        description: "'off' | 'warn' | 'error', or [severity, ...options] as in ESLint.",
        oneOf: [
          { enum: ['off', 'warn', 'error'] },
          { type: 'array', minItems: 1, items: [{ enum: ['off', 'warn', 'error'] }] },
        ],
      },
    },
    ignore: strings('Globs, relative to the analysed directory, of files not to report on (CLI only; ESLint uses its own ignores).'),
  },
  definitions: { target, param, typeSpec, handler, enqueue, effect, dataOp, transaction },
} as const;
