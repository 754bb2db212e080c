// Sequelize 6: https://sequelize.org. Facts: catalogue.md § B (managed and unmanaged transactions,
// static and instance increment, upsert, findOrCreate, bulkCreate options, locks).
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const sequelize = 'sequelize#Sequelize' as const;
/** A model class: `sequelize.define(…)` or `class User extends Model`. */
const model = 'sequelize#ModelStatic' as const;
/** A model instance: the row `findOne`/`findByPk`/`create` return. */
const row = 'sequelize#Model' as const;
const transaction = 'sequelize#Transaction' as const;

const stat = (method: string, op: DataOpKind, optionsArg: number | 'last', extra: Partial<DataOpSpec> = {}): DataOpSpec => ({
  call: { instance: model, path: method },
  op,
  optionsArg,
  ...extra,
});
const inst = (method: string, op: DataOpKind, optionsArg: number | 'last', extra: Partial<DataOpSpec> = {}): DataOpSpec => ({
  call: { instance: row, path: method },
  op,
  optionsArg,
  ...extra,
});

export default {
  kind: 'data',
  id: 'sequelize',
  title: 'Sequelize',
  packages: ['sequelize', 'sequelize-typescript', '@nestjs/sequelize'],
  moduleAliases: { sequelize: ['^sequelize-typescript$'] },
  types: {
    [sequelize]: {
      constructedBy: ['sequelize#Sequelize', 'sequelize#default'],
      annotatedAs: ['sequelize#Sequelize'],
      injectedBy: ['@nestjs/sequelize#InjectConnection'],
      checkerNames: ['Sequelize'],
    },
    [model]: {
      returnedBy: [{ instance: sequelize, path: 'define.()' }, { instance: sequelize, path: 'model.()' }],
      extendedBy: ['sequelize#Model'],
      annotatedAs: ['sequelize#ModelStatic', 'sequelize#ModelCtor'],
      injectedBy: ['@nestjs/sequelize#InjectModel'],
      checkerNames: ['ModelStatic', 'ModelCtor'],
    },
    [row]: {
      returnedBy: [
        { instance: model, path: 'findOne.()' },
        { instance: model, path: 'findByPk.()' },
        { instance: model, path: 'create.()' },
        { instance: model, path: 'build.()' },
        { instance: model, path: 'findOrCreate.().[0]' },
        { instance: model, path: 'findOrBuild.().[0]' },
        { instance: model, path: 'findCreateFind.().[0]' },
        { instance: model, path: 'upsert.().[0]' },
      ],
      annotatedAs: [],
      checkerNames: [],
    },
    [transaction]: {
      returnedBy: [{ instance: sequelize, path: 'transaction.()' }],
      annotatedAs: ['sequelize#Transaction'],
      checkerNames: ['Transaction'],
    },
  },
  operations: [
    stat('findOne', 'read', 0, { lockOption: 'lock' }),
    stat('findByPk', 'read', 1, { lockOption: 'lock' }),
    stat('findAll', 'read', 0, { lockOption: 'lock' }),
    stat('findAndCountAll', 'read', 0),
    stat('count', 'read', 0),
    stat('max', 'read', 1),
    stat('min', 'read', 1),
    stat('sum', 'read', 1),
    stat('create', 'insert', 1),
    stat('bulkCreate', 'insert', 1, {
      atomicBatch: true,
      skipDuplicatesOption: { arg: 1, path: 'ignoreDuplicates' },
    }),
    stat('update', 'update', 1, { relative: { values: { arg: 0 } } }),
    stat('upsert', 'upsert', 1),
    stat('destroy', 'delete', 0),
    // `findOrCreate` reads, then inserts: atomic only inside a transaction (it opens one itself on
    // most dialects, but `findCreateFind` does not).
    stat('findOrCreate', 'upsert', 0),
    stat('findCreateFind', 'upsert', 0),
    stat('increment', 'update', 1, { relative: { always: true, verb: 'increments' } }),
    stat('decrement', 'update', 1, { relative: { always: true, verb: 'decrements' } }),
    inst('increment', 'update', 1, { relative: { always: true, verb: 'increments' } }),
    inst('decrement', 'update', 1, { relative: { always: true, verb: 'decrements' } }),
    inst('save', 'update', 0, { selectThenWrite: true }),
    inst('update', 'update', 1, { relative: { values: { arg: 0 } } }),
    inst('destroy', 'delete', 0),
    inst('reload', 'read', 0),
    { call: { instance: sequelize, path: 'query' }, op: 'read', sql: { arg: 0 }, optionsArg: 1 },
  ],
  transactions: [
    // Managed: `sequelize.transaction([options,] async (t) => …)`. Without CLS every query must pass `{ transaction: t }`.
    {
      call: { instance: sequelize, path: 'transaction' },
      callbackArg: 'last',
      client: { index: 0, type: transaction },
      joinOption: 'transaction',
      // CLS: `Sequelize.useCLS(namespace)` (a static of the class) joins every query of the callback.
      implicitJoin: [
        { call: { export: 'sequelize#Sequelize', path: 'useCLS' }, label: 'Sequelize.useCLS(namespace)' },
        { call: { export: 'sequelize#default', path: 'useCLS' }, label: 'Sequelize.useCLS(namespace)' },
      ],
    },
  ],
  manualTransactions: [
    {
      // Unmanaged: `const t = await sequelize.transaction(options?)`; `t.commit()` / `t.rollback()`.
      begin: { instance: sequelize, path: 'transaction' },
      noCallback: true,
      handle: transaction,
      commit: ['commit'],
      rollback: ['rollback'],
      joinOption: 'transaction',
    },
  ],
} satisfies DataLayer;
