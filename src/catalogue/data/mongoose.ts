// Mongoose 9: https://mongoosejs.com. Facts: catalogue.md § B (connection transactions, sessions,
// `$inc`/`$push` operators, `upsert` option, unique index + E11000).
import type { DataLayer, DataOpKind, DataOpSpec } from '../types.js';

const model = 'mongoose#Model' as const;
const doc = 'mongoose#Document' as const;
const connection = 'mongoose#Connection' as const;
const session = 'mongodb#ClientSession' as const;

/** Update operators that change a value relative to its current one. `$set`, `$addToSet`, `$setOnInsert` are absolute. */
const relativeOperators = ['$inc', '$mul', '$push'];
const update = (method: string, op: DataOpKind = 'update', updateArg = 1): DataOpSpec => ({
  call: { instance: model, path: method },
  op,
  optionsArg: updateArg + 1,
  upsertOption: 'upsert',
  relative: { operators: { arg: updateArg, keys: relativeOperators } },
});
/** `mongoose.set('transactionAsyncLocalStorage', true)`: `Connection#transaction()` passes its session to every operation. */
const implicitJoin = [
  { call: { export: 'mongoose#set' }, setting: 'transactionAsyncLocalStorage', label: "mongoose.set('transactionAsyncLocalStorage', true)" },
] as const;
const read = (method: string, optionsArg: number): DataOpSpec => ({ call: { instance: model, path: method }, op: 'read', optionsArg });

export default {
  kind: 'data',
  id: 'mongoose',
  title: 'Mongoose',
  packages: ['mongoose', '@nestjs/mongoose'],
  types: {
    [model]: {
      returnedBy: [
        { export: 'mongoose#model', path: '()' },
        { instance: connection, path: 'model.()' },
        { export: 'mongoose#connection', path: 'model.()' },
      ],
      annotatedAs: ['mongoose#Model'],
      injectedBy: ['@nestjs/mongoose#InjectModel'],
      checkerNames: ['Model'],
    },
    [doc]: {
      returnedBy: [
        { instance: model, path: 'findOne.()' },
        { instance: model, path: 'findById.()' },
        { instance: model, path: 'findOneAndUpdate.()' },
        { instance: model, path: 'findByIdAndUpdate.()' },
        { instance: model, path: 'create.()' },
      ],
      constructedBy: [],
      annotatedAs: ['mongoose#Document', 'mongoose#HydratedDocument'],
      checkerNames: ['Document'],
    },
    [connection]: {
      returnedBy: [
        { export: 'mongoose#createConnection', path: '()' },
        { export: 'mongoose#createConnection', path: '().asPromise.()' },
      ],
      annotatedAs: ['mongoose#Connection'],
      injectedBy: ['@nestjs/mongoose#InjectConnection'],
      checkerNames: ['Connection'],
    },
    [session]: {
      returnedBy: [
        { export: 'mongoose#startSession', path: '()' },
        { instance: connection, path: 'startSession.()' },
        { export: 'mongoose#connection', path: 'startSession.()' },
      ],
    },
  },
  operations: [
    read('findOne', 2),
    read('findById', 2),
    read('find', 2),
    read('exists', 1),
    read('countDocuments', 1),
    read('estimatedDocumentCount', 0),
    read('aggregate', 1),
    { call: { instance: model, path: 'create' }, op: 'insert', optionsArg: 1 },
    { call: { instance: model, path: 'insertMany' }, op: 'insert', optionsArg: 1 },
    update('updateOne'),
    update('updateMany'),
    update('findOneAndUpdate'),
    update('findByIdAndUpdate'),
    { call: { instance: model, path: 'replaceOne' }, op: 'update', optionsArg: 2, upsertOption: 'upsert' },
    { call: { instance: model, path: 'findOneAndReplace' }, op: 'update', optionsArg: 2, upsertOption: 'upsert' },
    { call: { instance: model, path: 'deleteOne' }, op: 'delete', optionsArg: 1 },
    { call: { instance: model, path: 'deleteMany' }, op: 'delete', optionsArg: 1 },
    { call: { instance: model, path: 'findOneAndDelete' }, op: 'delete', optionsArg: 1 },
    { call: { instance: model, path: 'findByIdAndDelete' }, op: 'delete', optionsArg: 1 },
    { call: { instance: model, path: 'bulkWrite' }, op: 'update', optionsArg: 1 },
    // A document read with `{ session }` keeps that session for its own writes.
    { call: { instance: doc, path: 'save' }, op: 'upsert', optionsArg: 0, selectThenWrite: true, receiverCarriesJoin: true },
    { call: { instance: doc, path: 'deleteOne' }, op: 'delete', optionsArg: 0, receiverCarriesJoin: true },
    {
      call: { instance: doc, path: 'updateOne' },
      op: 'update',
      optionsArg: 1,
      receiverCarriesJoin: true,
      relative: { operators: { arg: 0, keys: relativeOperators } },
    },
  ],
  transactions: [
    // `conn.transaction(fn)` retries the callback on transient errors; ops join with `{ session }`
    // unless `mongoose.set('transactionAsyncLocalStorage', true)`.
    // `transactionAsyncLocalStorage` applies to `Connection#transaction()` only, not to `session.withTransaction`.
    { call: { instance: connection, path: 'transaction' }, callbackArg: 0, client: { index: 0, type: session }, joinOption: 'session', joinMethod: 'session', rerunsCallback: true, implicitJoin },
    { call: { export: 'mongoose#connection', path: 'transaction' }, callbackArg: 0, client: { index: 0, type: session }, joinOption: 'session', joinMethod: 'session', rerunsCallback: true, implicitJoin },
    { call: { instance: session, path: 'withTransaction' }, callbackArg: 0, client: { index: 0, type: session }, joinOption: 'session', joinMethod: 'session', rerunsCallback: true },
  ],
  manualTransactions: [
    {
      begin: { export: 'mongoose#startSession' },
      handle: session,
      start: ['startTransaction'],
      commit: ['commitTransaction'],
      rollback: ['abortTransaction'],
      release: ['endSession'],
      joinOption: 'session',
    },
    {
      begin: { export: 'mongoose#connection', path: 'startSession' },
      handle: session,
      start: ['startTransaction'],
      commit: ['commitTransaction'],
      rollback: ['abortTransaction'],
      release: ['endSession'],
      joinOption: 'session',
    },
    {
      begin: { instance: connection, path: 'startSession' },
      handle: session,
      start: ['startTransaction'],
      commit: ['commitTransaction'],
      rollback: ['abortTransaction'],
      release: ['endSession'],
      joinOption: 'session',
    },
  ],
} satisfies DataLayer;
