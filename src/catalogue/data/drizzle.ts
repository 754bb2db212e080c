// Drizzle ORM 0.45: https://orm.drizzle.team. Facts: catalogue.md § B.
import type { DataLayer, Target } from '../types.js';

const db = 'drizzle-orm#Database' as const;
const drivers = [
  'node-postgres', 'postgres-js', 'neon-http', 'neon-serverless', 'vercel-postgres', 'pglite', 'pg-proxy',
  'mysql2', 'planetscale-serverless', 'tidb-serverless', 'better-sqlite3', 'libsql', 'bun-sqlite', 'd1', 'expo-sqlite',
];

export default {
  kind: 'data',
  id: 'drizzle',
  title: 'Drizzle',
  packages: ['drizzle-orm'],
  types: {
    [db]: {
      returnedBy: drivers.map((driver): Target => ({ export: `drizzle-orm/${driver}#drizzle`, path: '()' })),
      checkerNames: [
        'NodePgDatabase', 'PostgresJsDatabase', 'NeonHttpDatabase', 'NeonDatabase', 'PgliteDatabase', 'PgDatabase',
        'PgTransaction', 'MySql2Database', 'MySqlDatabase', 'MySqlTransaction', 'BetterSQLite3Database',
        'LibSQLDatabase', 'BaseSQLiteDatabase', 'SQLiteTransaction', 'DrizzleD1Database',
      ],
    },
  },
  operations: [
    {
      call: { instance: db, path: 'insert' },
      op: 'insert',
      table: { arg: 0 },
      conflictChain: { ignore: ['onConflictDoNothing', 'ignore'], update: ['onConflictDoUpdate', 'onDuplicateKeyUpdate'] },
    },
    { call: { instance: db, path: 'update' }, op: 'update', table: { arg: 0 }, relative: { values: { arg: 0, chain: 'set' } } },
    { call: { instance: db, path: 'delete' }, op: 'delete', table: { arg: 0 } },
    { call: { instance: db, path: 'select' }, op: 'read', table: { chainCall: 'from', chainArg: 0 }, lockChain: ['for'], many: { limitCalls: ['limit'] } },
    { call: { instance: db, path: 'query.*.findFirst' }, op: 'read', table: { segment: 1 } },
    { call: { instance: db, path: 'query.*.findMany' }, op: 'read', table: { segment: 1 }, many: { limitOption: { arg: 0, names: ['limit'] } } },
    { call: { instance: db, path: 'execute' }, op: 'update', sql: { arg: 0 } },
  ],
  transactions: [
    { call: { instance: db, path: 'transaction' }, callbackArg: 0, client: { index: 0, type: db }, wrap: { call: '{client}.transaction', param: 'tx' } },
  ],
} satisfies DataLayer;
