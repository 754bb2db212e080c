// TypeORM 1.x: https://typeorm.io. Facts: catalogue.md § B (DataSource, EntityManager, Repository,
// QueryRunner, query builders).
import type { DataLayer, DataOpKind, DataOpSpec, TypeRef } from '../types.js';

const dataSource = 'typeorm#DataSource' as const;
const manager = 'typeorm#EntityManager' as const;
const repository = 'typeorm#Repository' as const;
const queryRunner = 'typeorm#QueryRunner' as const;
const entity = 'typeorm#BaseEntity' as const;

const lock = { lockOption: 'lock' } as const;
/** Repository methods; the EntityManager forms take the entity class first (`manager.save(User, …)`). */
const repoOps = (type: TypeRef, shift: number): DataOpSpec[] => {
  const op = (method: string, kind: DataOpKind, extra: Partial<DataOpSpec> = {}): DataOpSpec => ({
    call: { instance: type, path: method },
    op: kind,
    ...(shift ? { table: { arg: 0 } } : {}),
    ...extra,
  });
  return [
    op('findOne', 'read', lock),
    op('findOneBy', 'read'),
    op('findOneOrFail', 'read', { orThrow: true, ...lock }),
    op('findOneByOrFail', 'read', { orThrow: true }),
    op('find', 'read', lock),
    op('findBy', 'read'),
    op('findAndCount', 'read'),
    op('count', 'read'),
    op('countBy', 'read'),
    op('exists', 'read'),
    op('existsBy', 'read'),
    op('sum', 'read'),
    op('insert', 'insert'),
    // `save()` selects, then inserts or updates: an insert when the row is new.
    op('save', 'upsert', { selectThenWrite: true }),
    op('update', 'update', { relative: { values: { arg: 1 + shift } } }),
    op('upsert', 'upsert'),
    op('delete', 'delete'),
    op('remove', 'delete'),
    op('softDelete', 'delete'),
    op('increment', 'update', { relative: { always: true, verb: 'increments' } }),
    op('decrement', 'update', { relative: { always: true, verb: 'decrements' } }),
  ];
};
/** Query-builder chains started from a data source, manager or repository. */
const builderOps = (type: TypeRef): DataOpSpec[] => [
  { call: { instance: type, path: 'createQueryBuilder.**.insert' }, op: 'insert', conflictChain: { ignore: ['orIgnore'], update: ['orUpdate'] } },
  { call: { instance: type, path: 'createQueryBuilder.**.update' }, op: 'update', relative: { values: { arg: 0, chain: 'set' } } },
  { call: { instance: type, path: 'createQueryBuilder.**.delete' }, op: 'delete' },
  { call: { instance: type, path: 'createQueryBuilder.**.getOne' }, op: 'read', lockChain: ['setLock'] },
  { call: { instance: type, path: 'createQueryBuilder.**.getOneOrFail' }, op: 'read', orThrow: true, lockChain: ['setLock'] },
  { call: { instance: type, path: 'createQueryBuilder.**.getMany' }, op: 'read', lockChain: ['setLock'] },
  { call: { instance: type, path: 'createQueryBuilder.**.getCount' }, op: 'read' },
  { call: { instance: type, path: 'createQueryBuilder.**.getExists' }, op: 'read' },
  { call: { instance: type, path: 'createQueryBuilder.**.getRawOne' }, op: 'read', lockChain: ['setLock'] },
];
const rawQuery = (type: TypeRef): DataOpSpec => ({ call: { instance: type, path: 'query' }, op: 'read', sql: { arg: 0 } });

export default {
  kind: 'data',
  id: 'typeorm',
  title: 'TypeORM',
  packages: ['typeorm', '@nestjs/typeorm'],
  types: {
    [dataSource]: {
      constructedBy: ['typeorm#DataSource', 'typeorm#Connection'],
      annotatedAs: ['typeorm#DataSource', 'typeorm#Connection'],
      injectedBy: ['@nestjs/typeorm#InjectDataSource'],
      members: { manager },
      checkerNames: ['DataSource', 'Connection'],
    },
    [manager]: {
      annotatedAs: ['typeorm#EntityManager'],
      injectedBy: ['@nestjs/typeorm#InjectEntityManager'],
      checkerNames: ['EntityManager'],
    },
    [repository]: {
      returnedBy: [
        { instance: dataSource, path: 'getRepository.()' },
        { instance: manager, path: 'getRepository.()' },
        { instance: manager, path: 'withRepository.()' },
        { instance: repository, path: 'extend.()' },
      ],
      annotatedAs: ['typeorm#Repository', 'typeorm#MongoRepository', 'typeorm#TreeRepository'],
      injectedBy: ['@nestjs/typeorm#InjectRepository'],
      checkerNames: ['Repository', 'MongoRepository', 'TreeRepository'],
    },
    [queryRunner]: {
      returnedBy: [{ instance: dataSource, path: 'createQueryRunner.()' }],
      annotatedAs: ['typeorm#QueryRunner'],
      members: { manager },
      checkerNames: ['QueryRunner'],
    },
    // Active-record entities: `class User extends BaseEntity`, then `User.findOneBy(…)`.
    [entity]: { extendedBy: ['typeorm#BaseEntity'], checkerNames: [] },
  },
  operations: [
    ...repoOps(repository, 0),
    ...repoOps(manager, 1),
    ...repoOps(entity, 0),
    ...builderOps(dataSource),
    ...builderOps(manager),
    ...builderOps(repository),
    ...builderOps(queryRunner),
    rawQuery(dataSource),
    rawQuery(manager),
    rawQuery(repository),
    rawQuery(queryRunner),
  ],
  transactions: [
    // `dataSource.transaction([isolationLevel,] async (manager) => …)`: only `manager` is transactional.
    {
      call: { instance: dataSource, path: 'transaction' },
      callbackArg: 'last',
      client: { index: 0, type: manager },
      wrap: {
        call: '{client}.transaction',
        param: 'manager',
        routes: [
          { type: dataSource, member: 'manager', replace: '{param}' },
          { type: dataSource, replace: '{param}' },
          { type: repository, replace: '{param}.withRepository({root})' },
        ],
      },
    },
    { call: { instance: manager, path: 'transaction' }, callbackArg: 'last', client: { index: 0, type: manager } },
  ],
  manualTransactions: [
    {
      begin: { instance: dataSource, path: 'createQueryRunner' },
      handle: queryRunner,
      start: ['startTransaction'],
      commit: ['commitTransaction'],
      rollback: ['rollbackTransaction'],
      release: ['release'],
      via: 'manager',
    },
  ],
} satisfies DataLayer;
