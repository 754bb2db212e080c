// Knex 3: https://knexjs.org. Facts: catalogue.md § B.
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const knex = 'knex#Knex' as const;
const locks = ['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare'];
const chain = (method: string, op: DataOpKind, extra: Partial<DataOpSpec> = {}): DataOpSpec => ({
  call: { instance: knex, path: `**.${method}` },
  op,
  table: { rootCallArg: 0 },
  ...extra,
});

export default {
  kind: 'data',
  id: 'knex',
  title: 'Knex',
  packages: ['knex'],
  types: {
    [knex]: {
      returnedBy: [
        { export: 'knex#default', path: '()' },
        { export: 'knex#knex', path: '()' },
      ],
      annotatedAs: ['knex#Knex', 'knex#default'],
      checkerNames: ['Knex', 'Transaction'],
    },
  },
  operations: [
    chain('insert', 'insert', { conflictChain: { ignore: ['ignore'], update: ['merge'] } }),
    chain('update', 'update', { relative: { values: { arg: 0 } } }),
    chain('del', 'delete'),
    chain('delete', 'delete'),
    chain('increment', 'update', { relative: { always: true, verb: 'increments' } }),
    chain('decrement', 'update', { relative: { always: true, verb: 'decrements' } }),
    chain('upsert', 'upsert'),
    chain('first', 'read', { lockChain: locks }),
    chain('select', 'read', { lockChain: locks, many: { limitCalls: ['limit', 'first'] } }),
  ],
  transactions: [
    { call: { instance: knex, path: 'transaction' }, callbackArg: 0, client: { index: 0, type: knex }, wrap: { call: '{client}.transaction', param: 'trx' } },
  ],
  // `const trx = await knex.transaction(); … await trx.commit()`.
  manualTransactions: [
    { begin: { instance: knex, path: 'transaction' }, noCallback: true, handle: knex, commit: ['commit'], rollback: ['rollback'] },
  ],
} satisfies DataLayer;
