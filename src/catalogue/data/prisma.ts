// Prisma 7: https://www.prisma.io/docs. Facts: catalogue.md § B.
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const client = '@prisma/client#PrismaClient' as const;
const model = (method: string, op: DataOpKind, extra: Partial<DataOpSpec> = {}): DataOpSpec => ({
  call: { instance: client, path: `*.${method}` },
  op,
  table: { segment: 0 },
  ...extra,
});

export default {
  kind: 'data',
  id: 'prisma',
  title: 'Prisma',
  packages: ['@prisma/client', 'prisma'],
  // Prisma 7 generates the client into the project (`output = "../generated/prisma"`).
  moduleAliases: {
    '@prisma/client': ['^\\.prisma/client(/.*)?$', '(^|/)generated/prisma(/client)?(\\.[cm]?[jt]s)?$', '^@prisma/client/.*$'],
  },
  types: {
    [client]: { checkerNames: ['PrismaClient', 'TransactionClient', 'DefaultPrismaClient'] },
  },
  operations: [
    model('findUnique', 'read'),
    model('findUniqueOrThrow', 'read', { orThrow: true }),
    model('findFirst', 'read'),
    model('findFirstOrThrow', 'read', { orThrow: true }),
    model('findMany', 'read', { many: { limitOption: { arg: 0, names: ['take'] } } }),
    model('count', 'read'),
    model('aggregate', 'read'),
    model('groupBy', 'read'),
    model('create', 'insert'),
    model('createMany', 'insert', { atomicBatch: true, skipDuplicatesOption: { arg: 0, path: 'skipDuplicates' } }),
    model('createManyAndReturn', 'insert', { atomicBatch: true, skipDuplicatesOption: { arg: 0, path: 'skipDuplicates' } }),
    model('update', 'update', { relative: { operators: { arg: 0, path: 'data', fieldKeys: ['increment', 'decrement', 'multiply', 'divide', 'push'] } } }),
    model('updateMany', 'update', { atomicBatch: true, relative: { operators: { arg: 0, path: 'data', fieldKeys: ['increment', 'decrement', 'multiply', 'divide', 'push'] } } }),
    model('updateManyAndReturn', 'update', { atomicBatch: true, relative: { operators: { arg: 0, path: 'data', fieldKeys: ['increment', 'decrement', 'multiply', 'divide', 'push'] } } }),
    model('upsert', 'upsert', { relative: { operators: { arg: 0, path: 'update', fieldKeys: ['increment', 'decrement', 'multiply', 'divide', 'push'] } } }),
    model('delete', 'delete'),
    model('deleteMany', 'delete', { atomicBatch: true }),
    { call: { instance: client, path: '$executeRaw' }, op: 'update', sql: { arg: 0 } },
    { call: { instance: client, path: '$executeRawUnsafe' }, op: 'update', sql: { arg: 0 } },
    { call: { instance: client, path: '$queryRaw' }, op: 'read', sql: { arg: 0 } },
    { call: { instance: client, path: '$queryRawUnsafe' }, op: 'read', sql: { arg: 0 } },
  ],
  transactions: [
    { call: { instance: client, path: '$transaction' }, callbackArg: 0, client: { index: 0, type: client }, batchArray: true, wrap: { call: '{client}.$transaction', param: 'tx' } },
  ],
} satisfies DataLayer;
