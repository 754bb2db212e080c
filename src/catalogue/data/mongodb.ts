// MongoDB Node.js driver 7: https://www.mongodb.com/docs/drivers/node/. Facts: catalogue.md § B
// (`withTransaction` re-runs its callback, `$inc`, `upsert`, unique index + E11000).
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const client = 'mongodb#MongoClient' as const;
const db = 'mongodb#Db' as const;
const collection = 'mongodb#Collection' as const;
const session = 'mongodb#ClientSession' as const;

/** Update operators that change a value relative to its current one. `$set`, `$addToSet`, `$setOnInsert` are absolute. */
const relativeOperators = ['$inc', '$mul', '$push'];
const update = (method: string): DataOpSpec => ({
  call: { instance: collection, path: method },
  op: 'update',
  optionsArg: 2,
  upsertOption: 'upsert',
  relative: { operators: { arg: 1, keys: relativeOperators } },
});
const op = (method: string, kind: DataOpKind, optionsArg: number): DataOpSpec => ({ call: { instance: collection, path: method }, op: kind, optionsArg });

export default {
  kind: 'data',
  id: 'mongodb',
  title: 'MongoDB driver',
  packages: ['mongodb'],
  types: {
    [client]: {
      constructedBy: ['mongodb#MongoClient'],
      returnedBy: [{ export: 'mongodb#MongoClient', path: 'connect.()' }, { instance: client, path: 'connect.()' }],
      annotatedAs: ['mongodb#MongoClient'],
      checkerNames: ['MongoClient'],
    },
    [db]: {
      returnedBy: [{ instance: client, path: 'db.()' }],
      annotatedAs: ['mongodb#Db'],
      checkerNames: ['Db'],
    },
    [collection]: {
      returnedBy: [{ instance: db, path: 'collection.()' }],
      annotatedAs: ['mongodb#Collection'],
      checkerNames: ['Collection'],
    },
    [session]: {
      returnedBy: [{ instance: client, path: 'startSession.()' }],
      annotatedAs: ['mongodb#ClientSession'],
      checkerNames: ['ClientSession'],
    },
  },
  operations: [
    op('findOne', 'read', 1),
    op('find', 'read', 1),
    op('countDocuments', 'read', 1),
    op('aggregate', 'read', 1),
    op('distinct', 'read', 2),
    op('insertOne', 'insert', 1),
    op('insertMany', 'insert', 1),
    update('updateOne'),
    update('updateMany'),
    update('findOneAndUpdate'),
    { call: { instance: collection, path: 'replaceOne' }, op: 'update', optionsArg: 2, upsertOption: 'upsert' },
    { call: { instance: collection, path: 'findOneAndReplace' }, op: 'update', optionsArg: 2, upsertOption: 'upsert' },
    op('deleteOne', 'delete', 1),
    op('deleteMany', 'delete', 1),
    op('findOneAndDelete', 'delete', 1),
    op('bulkWrite', 'update', 1),
  ],
  transactions: [
    // "The driver will retry the transaction indefinitely": the callback can run more than once.
    { call: { instance: session, path: 'withTransaction' }, callbackArg: 0, client: { index: 0, type: session }, joinOption: 'session', rerunsCallback: true },
  ],
  manualTransactions: [
    {
      begin: { instance: client, path: 'startSession' },
      handle: session,
      start: ['startTransaction'],
      commit: ['commitTransaction'],
      rollback: ['abortTransaction'],
      release: ['endSession'],
      joinOption: 'session',
    },
  ],
} satisfies DataLayer;
