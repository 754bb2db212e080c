// node-postgres 8: https://node-postgres.com. Facts: catalogue.md § B. Everything is SQL text:
// the statement kind, relative `SET n = n + 1`, `ON CONFLICT`, `FOR UPDATE` are read from it.
import type { DataLayer, DataOpSpec, TypeRef } from '../types.js';

const pool = 'pg#Pool' as const;
const pgClient = 'pg#Client' as const;
const poolClient = 'pg#PoolClient' as const;

/** `query(text, values?)` or `query({ text, values })`; unknown text counts as a read (never guessed as a write). */
const query = (type: TypeRef): DataOpSpec => ({ call: { instance: type, path: 'query' }, op: 'read', sql: { arg: 0 } });

export default {
  kind: 'data',
  id: 'pg',
  title: 'node-postgres',
  packages: ['pg'],
  types: {
    [pool]: {
      constructedBy: ['pg#Pool'],
      annotatedAs: ['pg#Pool'],
      checkerNames: ['Pool'],
    },
    [pgClient]: {
      constructedBy: ['pg#Client'],
      annotatedAs: ['pg#Client'],
      checkerNames: ['Client'],
    },
    [poolClient]: {
      returnedBy: [{ instance: pool, path: 'connect.()' }],
      annotatedAs: ['pg#PoolClient'],
      checkerNames: ['PoolClient'],
    },
  },
  operations: [query(pool), query(pgClient), query(poolClient)],
  // node-postgres has no callback transaction.
  transactions: [],
  manualTransactions: [
    {
      // `const c = await pool.connect(); await c.query('BEGIN'); … 'COMMIT' | 'ROLLBACK'; c.release()`.
      // `pool.query('BEGIN')` is not a transaction: each pool query may take another connection.
      begin: { instance: pool, path: 'connect' },
      handle: poolClient,
      commit: [],
      rollback: [],
      release: ['release'],
      sqlStatements: { method: 'query', arg: 0 },
    },
    { handle: pgClient, commit: [], rollback: [], release: ['end'], sqlStatements: { method: 'query', arg: 0 } },
  ],
} satisfies DataLayer;
