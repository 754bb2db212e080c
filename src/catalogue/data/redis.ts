// ioredis 6 and node-redis (`redis` / `@redis/client`) 5–6. Facts: catalogue.md § B (INCR family,
// SET NX claims, MULTI/EXEC). ioredis names commands in lower case (`hincrby`); node-redis in camel
// case (`hIncrBy`) and upper case (`HINCRBY`).
import type { DataLayer, DataOpKind, DataOpSpec, RelativeSpec, TypeRef } from '../types.js';

const ioredis = 'ioredis#Redis' as const;
const ioMulti = 'ioredis#Multi' as const;
const ioPipeline = 'ioredis#Pipeline' as const;
const nodeRedis = 'redis#RedisClient' as const;
const nodeMulti = 'redis#Multi' as const;

interface Command {
  /** node-redis camel-case name; the ioredis name is its lower case. */
  readonly name: string;
  readonly op: DataOpKind;
  readonly relative?: RelativeSpec;
  readonly claimWhen?: DataOpSpec['claimWhen'];
}

const inc = (verb: string): RelativeSpec => ({ always: true, verb });
const commands: readonly Command[] = [
  // reads
  ...['get', 'mGet', 'hGet', 'hGetAll', 'hmGet', 'hExists', 'exists', 'sIsMember', 'sMembers', 'sCard', 'lRange', 'lLen', 'zScore', 'zRange', 'zCard', 'ttl', 'pTtl', 'type', 'getRange', 'strLen'].map(
    (name): Command => ({ name, op: 'read' }),
  ),
  // absolute writes: applying them twice leaves the same state
  {
    name: 'set',
    op: 'update',
    claimWhen: { tokens: ['NX', 'nx'], options: [{ path: 'NX' }, { path: 'condition', value: 'NX' }] },
  },
  ...['setEx', 'pSetEx', 'mSet', 'hSet', 'hmSet', 'sAdd', 'sRem', 'zAdd', 'zRem', 'hDel', 'expire', 'pExpire', 'expireAt', 'persist', 'getSet', 'lSet', 'lRem', 'lTrim', 'pfAdd', 'sMove'].map(
    (name): Command => ({ name, op: 'update' }),
  ),
  // atomic claims: only the first caller succeeds
  ...['setNX', 'hSetNX', 'mSetNX'].map((name): Command => ({ name, op: 'claim' })),
  // deletes
  ...['del', 'unlink', 'getDel'].map((name): Command => ({ name, op: 'delete' })),
  // relative writes: a retry applies them again
  { name: 'incr', op: 'update', relative: inc('increments') },
  { name: 'incrBy', op: 'update', relative: inc('increments') },
  { name: 'incrByFloat', op: 'update', relative: inc('increments') },
  { name: 'decr', op: 'update', relative: inc('decrements') },
  { name: 'decrBy', op: 'update', relative: inc('decrements') },
  { name: 'hIncrBy', op: 'update', relative: inc('increments a hash field of') },
  { name: 'hIncrByFloat', op: 'update', relative: inc('increments a hash field of') },
  { name: 'zIncrBy', op: 'update', relative: inc('increments a sorted-set score in') },
  { name: 'lPush', op: 'update', relative: inc('pushes onto the list') },
  { name: 'rPush', op: 'update', relative: inc('pushes onto the list') },
  { name: 'lPushX', op: 'update', relative: inc('pushes onto the list') },
  { name: 'rPushX', op: 'update', relative: inc('pushes onto the list') },
  { name: 'append', op: 'update', relative: inc('appends to the string') },
  { name: 'xAdd', op: 'insert', relative: inc('appends an entry to the stream') },
];

const spec = (type: TypeRef, prefix: string, name: string, command: Command): DataOpSpec => ({
  call: { instance: type, path: `${prefix}${name}` },
  op: command.op,
  table: { arg: 0 },
  ...(command.relative ? { relative: command.relative } : {}),
  ...(command.claimWhen ? { claimWhen: command.claimWhen } : {}),
});
const ioredisOps = (type: TypeRef, prefix: string): DataOpSpec[] =>
  commands.map((command) => spec(type, prefix, command.name.toLowerCase(), command));
const nodeRedisOps = (type: TypeRef, prefix: string): DataOpSpec[] =>
  commands.flatMap((command) => {
    const upper = command.name.toUpperCase();
    return upper === command.name ? [spec(type, prefix, upper, command)] : [spec(type, prefix, command.name, command), spec(type, prefix, upper, command)];
  });

export default {
  kind: 'data',
  id: 'redis',
  title: 'Redis (ioredis, node-redis)',
  packages: ['ioredis', 'redis', '@redis/client'],
  moduleAliases: { redis: ['^@redis/client$'] },
  types: {
    [ioredis]: {
      constructedBy: ['ioredis#default', 'ioredis#Redis', 'ioredis#Cluster'],
      annotatedAs: ['ioredis#default', 'ioredis#Redis', 'ioredis#Cluster'],
      checkerNames: ['Redis', 'Cluster'],
    },
    [ioMulti]: {
      returnedBy: [{ instance: ioredis, path: 'multi.()' }],
      checkerNames: [],
    },
    [ioPipeline]: {
      returnedBy: [{ instance: ioredis, path: 'pipeline.()' }],
      annotatedAs: ['ioredis#ChainableCommander'],
      checkerNames: [],
    },
    [nodeRedis]: {
      returnedBy: [
        { export: 'redis#createClient', path: '()' },
        { export: 'redis#createCluster', path: '()' },
        { instance: nodeRedis, path: 'connect.()' },
        { instance: nodeRedis, path: 'duplicate.()' },
      ],
      annotatedAs: ['redis#RedisClientType', 'redis#RedisClusterType'],
      checkerNames: ['RedisClientType', 'RedisClusterType'],
    },
    [nodeMulti]: {
      returnedBy: [
        { instance: nodeRedis, path: 'multi.()' },
        { instance: nodeRedis, path: 'MULTI.()' },
      ],
      checkerNames: [],
    },
  },
  operations: [
    ...ioredisOps(ioredis, ''),
    ...ioredisOps(ioMulti, '**.'),
    ...ioredisOps(ioPipeline, '**.'),
    ...nodeRedisOps(nodeRedis, ''),
    ...nodeRedisOps(nodeMulti, '**.'),
  ],
  // Redis has no callback transaction; MULTI … EXEC is a manual one.
  transactions: [],
  manualTransactions: [
    { begin: { instance: ioredis, path: 'multi' }, handle: ioMulti, commit: ['**.exec'], rollback: ['**.discard'] },
    { begin: { instance: nodeRedis, path: 'multi' }, handle: nodeMulti, commit: ['**.exec', '**.EXEC'], rollback: ['**.discard', '**.DISCARD'] },
    { begin: { instance: nodeRedis, path: 'MULTI' }, handle: nodeMulti, commit: ['**.exec', '**.EXEC'], rollback: ['**.discard', '**.DISCARD'] },
  ],
} satisfies DataLayer;
