// Knex 3: https://knexjs.org. Facts: catalogue.md § B.
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const knex = 'knex#Knex' as const;
const chain = (method: string, op: DataOpKind): DataOpSpec => ({
  call: { instance: knex, path: `**.${method}` },
  op,
  table: { rootCallArg: 0 },
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
    chain('insert', 'insert'),
    chain('update', 'update'),
    chain('del', 'delete'),
    chain('delete', 'delete'),
    chain('increment', 'update'),
    chain('decrement', 'update'),
    chain('upsert', 'upsert'),
    chain('first', 'read'),
    { ...chain('select', 'read'), many: { limitCalls: ['limit', 'first'] } },
  ],
  transactions: [{ call: { instance: knex, path: 'transaction' }, callbackArg: 0, client: { index: 0, type: knex } }],
} satisfies DataLayer;
