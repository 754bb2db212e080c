// Kysely 0.29: https://kysely.dev. Facts: catalogue.md § B (transaction builder, controlled
// transactions, onConflict, locks).
import type { DataLayer, DataOpSpec, TypeRef } from '../types.js';

const kysely = 'kysely#Kysely' as const;
/** `await db.startTransaction().execute()`: a transaction the caller commits or rolls back. */
const controlled = 'kysely#ControlledTransaction' as const;

const locks = ['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare'];
const ops = (type: TypeRef): DataOpSpec[] => [
  { call: { instance: type, path: 'selectFrom' }, op: 'read', table: { arg: 0 }, lockChain: locks },
  {
    call: { instance: type, path: 'insertInto' },
    op: 'insert',
    table: { arg: 0 },
    conflictChain: { ignore: ['ignore', 'orIgnore', 'doNothing'], update: ['doUpdateSet', 'onDuplicateKeyUpdate'] },
  },
  { call: { instance: type, path: 'replaceInto' }, op: 'upsert', table: { arg: 0 } },
  { call: { instance: type, path: 'updateTable' }, op: 'update', table: { arg: 0 }, relative: { values: { arg: 0, chain: 'set' } } },
  { call: { instance: type, path: 'deleteFrom' }, op: 'delete', table: { arg: 0 } },
  { call: { instance: type, path: 'mergeInto' }, op: 'upsert', table: { arg: 0 } },
];

export default {
  kind: 'data',
  id: 'kysely',
  title: 'Kysely',
  packages: ['kysely'],
  types: {
    [kysely]: {
      constructedBy: ['kysely#Kysely'],
      annotatedAs: ['kysely#Kysely', 'kysely#Transaction'],
      checkerNames: ['Kysely', 'Transaction'],
    },
    [controlled]: {
      returnedBy: [{ instance: kysely, path: 'startTransaction.**.execute.()' }],
      annotatedAs: ['kysely#ControlledTransaction'],
      checkerNames: ['ControlledTransaction'],
    },
  },
  operations: [...ops(kysely), ...ops(controlled)],
  transactions: [
    // `db.transaction().setIsolationLevel(…).execute(async (trx) => …)`
    {
      call: { instance: kysely, path: 'transaction.**.execute' },
      callbackArg: 0,
      client: { index: 0, type: kysely },
      wrap: { call: '{client}.transaction().execute', param: 'trx' },
    },
  ],
  manualTransactions: [
    {
      begin: { instance: kysely, path: 'startTransaction.**.execute' },
      handle: controlled,
      commit: ['commit.().execute'],
      rollback: ['rollback.().execute'],
    },
  ],
} satisfies DataLayer;
