/**
 * Minimal type stubs written into the generated corpus's `node_modules`, so module resolution and
 * `tsc --noEmit` work offline. Each stub covers only the API surface the generated code uses.
 */
export const stubs: Record<string, string> = {
  'bullmq/index.d.ts': `export interface ConnectionOptions { host?: string; port?: number; maxRetriesPerRequest?: number | null }
export interface BackoffOptions { type: 'fixed' | 'exponential'; delay?: number }
export interface JobsOptions {
  attempts?: number;
  backoff?: number | BackoffOptions;
  delay?: number;
  priority?: number;
  jobId?: string;
  deduplication?: { id: string; ttl?: number };
  removeOnComplete?: boolean | number;
  removeOnFail?: boolean | number;
}
export interface QueueOptions { connection: ConnectionOptions; prefix?: string; defaultJobOptions?: JobsOptions }
export interface WorkerOptions { connection: ConnectionOptions; concurrency?: number; autorun?: boolean; lockDuration?: number }
export declare class Job<DataType = any, ReturnType = any, NameType extends string = string> {
  id?: string;
  name: NameType;
  data: DataType;
  opts: JobsOptions;
  attemptsMade: number;
  returnvalue: ReturnType;
  updateProgress(progress: number | object): Promise<void>;
  log(row: string): Promise<number>;
}
export type Processor<DataType = any, ResultType = any, NameType extends string = string> = (
  job: Job<DataType, ResultType, NameType>,
  token?: string,
) => Promise<ResultType>;
export declare class Queue<DataType = any, ResultType = any, NameType extends string = string> {
  constructor(name: string, opts?: QueueOptions);
  readonly name: string;
  add(name: NameType, data: DataType, opts?: JobsOptions): Promise<Job<DataType, ResultType, NameType>>;
  addBulk(jobs: { name: NameType; data: DataType; opts?: JobsOptions }[]): Promise<Job<DataType, ResultType, NameType>[]>;
  close(): Promise<void>;
}
export declare class Worker<DataType = any, ResultType = any, NameType extends string = string> {
  constructor(name: string, processor?: string | null | Processor<DataType, ResultType, NameType>, opts?: WorkerOptions);
  on(event: 'failed', listener: (job: Job<DataType> | undefined, error: Error) => void): this;
  on(event: 'completed', listener: (job: Job<DataType>, result: ResultType) => void): this;
  close(force?: boolean): Promise<void>;
}
export declare class UnrecoverableError extends Error {
  constructor(message?: string);
}
`,
  'bullmq/package.json': `{ "name": "bullmq", "version": "5.0.0", "types": "index.d.ts" }\n`,

  'pg-boss/index.d.ts': `declare namespace PgBoss {
  interface QueueOptions { retryLimit?: number; retryDelay?: number; retryBackoff?: boolean; expireInSeconds?: number; deadLetter?: string }
  interface SendOptions extends QueueOptions { id?: string; priority?: number; startAfter?: number | string | Date; singletonKey?: string; singletonSeconds?: number }
  interface WorkOptions { batchSize?: number; pollingIntervalSeconds?: number }
  interface Job<T = object> { id: string; name: string; data: T }
}
declare class PgBoss {
  constructor(connectionString: string);
  constructor(options: { connectionString: string; application_name?: string });
  start(): Promise<PgBoss>;
  stop(options?: { graceful?: boolean }): Promise<void>;
  on(event: 'error', handler: (error: Error) => void): this;
  createQueue(name: string, options?: PgBoss.QueueOptions): Promise<void>;
  send(name: string, data: object | null, options?: PgBoss.SendOptions): Promise<string | null>;
  sendAfter(name: string, data: object, options: PgBoss.SendOptions | null, after: number | string | Date): Promise<string | null>;
  work<ReqData>(name: string, handler: (jobs: PgBoss.Job<ReqData>[]) => Promise<unknown>): Promise<string>;
  work<ReqData>(name: string, options: PgBoss.WorkOptions, handler: (jobs: PgBoss.Job<ReqData>[]) => Promise<unknown>): Promise<string>;
}
export default PgBoss;
export { PgBoss };
`,
  'pg-boss/package.json': `{ "name": "pg-boss", "version": "10.0.0", "types": "index.d.ts" }\n`,

  '@trigger.dev/sdk/index.d.ts': `export interface TriggerOptions { idempotencyKey?: string; delay?: string; queue?: string; tags?: string[] }
export interface RetryOptions { maxAttempts?: number; factor?: number; minTimeoutInMs?: number; maxTimeoutInMs?: number }
export interface TaskContext { run: { id: string; attempt: { number: number } } }
export interface Task<TPayload = any, TOutput = any> {
  id: string;
  trigger(payload: TPayload, options?: TriggerOptions): Promise<{ id: string }>;
  batchTrigger(items: { payload: TPayload; options?: TriggerOptions }[]): Promise<{ batchId: string }>;
  triggerAndWait(payload: TPayload, options?: TriggerOptions): Promise<{ ok: boolean; output?: TOutput }>;
}
export declare function task<TPayload = any, TOutput = any>(config: {
  id: string;
  retry?: RetryOptions;
  machine?: string;
  maxDuration?: number;
  run: (payload: TPayload, params: { ctx: TaskContext }) => Promise<TOutput>;
}): Task<TPayload, TOutput>;
export declare const tasks: {
  trigger<TPayload = any>(id: string, payload: TPayload, options?: TriggerOptions): Promise<{ id: string }>;
};
export declare class AbortTaskRunError extends Error {}
export declare const logger: { info(message: string, meta?: object): void; warn(message: string, meta?: object): void };
`,
  '@trigger.dev/sdk/package.json': `{ "name": "@trigger.dev/sdk", "version": "4.0.0", "types": "index.d.ts" }\n`,

  'graphile-worker/index.d.ts': `export interface JobHelpers {
  logger: { info(message: string): void; error(message: string): void };
  job: { id: string; attempts: number; max_attempts: number };
  addJob(identifier: string, payload?: unknown, spec?: TaskSpec): Promise<unknown>;
}
export interface TaskSpec { jobKey?: string; maxAttempts?: number; runAt?: Date; queueName?: string }
export type Task = (payload: unknown, helpers: JobHelpers) => void | Promise<void>;
export interface TaskList { [name: string]: Task }
export interface RunnerOptions { connectionString?: string; concurrency?: number; taskList?: TaskList; taskDirectory?: string }
export interface Runner { stop(): Promise<void>; addJob(identifier: string, payload?: unknown, spec?: TaskSpec): Promise<unknown>; promise: Promise<void> }
export interface WorkerUtils { addJob(identifier: string, payload?: unknown, spec?: TaskSpec): Promise<unknown>; release(): Promise<void> }
export declare function run(options: RunnerOptions): Promise<Runner>;
export declare function makeWorkerUtils(options: { connectionString?: string }): Promise<WorkerUtils>;
`,
  'graphile-worker/package.json': `{ "name": "graphile-worker", "version": "0.16.0", "types": "index.d.ts" }\n`,

  'inngest/index.d.ts': `export interface Step {
  run<T>(id: string, fn: () => Promise<T> | T): Promise<T>;
  sleep(id: string, duration: string): Promise<void>;
  sendEvent(id: string, payload: { name: string; data: object; id?: string }): Promise<unknown>;
}
export interface Context<TData = any> { event: { name: string; data: TData; id?: string }; step: Step; attempt: number }
export interface FunctionOptions { id: string; retries?: number; idempotency?: string; concurrency?: { limit: number; key?: string } }
export interface InngestFunction { id: string }
export declare class Inngest {
  constructor(options: { id: string });
  createFunction<TData = any>(options: FunctionOptions, trigger: { event: string } | { cron: string }, handler: (ctx: Context<TData>) => Promise<unknown>): InngestFunction;
  send(payload: { name: string; data: object; id?: string }): Promise<{ ids: string[] }>;
}
export declare class NonRetriableError extends Error {}
`,
  'inngest/package.json': `{ "name": "inngest", "version": "3.0.0", "types": "index.d.ts" }\n`,

  '@nestjs/common/index.d.ts': `export declare function Injectable(): ClassDecorator;
export declare class Logger {
  constructor(context?: string);
  log(message: string): void;
  error(message: string): void;
}
`,
  '@nestjs/common/package.json': `{ "name": "@nestjs/common", "version": "10.0.0", "types": "index.d.ts" }\n`,

  '@nestjs/bullmq/index.d.ts': `import type { Job } from 'bullmq';
export declare function Processor(queueName: string): ClassDecorator;
export declare function InjectQueue(name?: string): ParameterDecorator;
export declare abstract class WorkerHost {
  abstract process(job: Job, token?: string): Promise<any>;
}
`,
  '@nestjs/bullmq/package.json': `{ "name": "@nestjs/bullmq", "version": "10.0.0", "types": "index.d.ts" }\n`,

  '@prisma/client/index.d.ts': `export interface Row {
  id: string;
  userId: string;
  email: string;
  status: string;
  amountCents: number;
  currency: string;
  externalId: string | null;
  processedAt: Date | null;
  createdAt: Date;
}
type Where = Partial<Row>;
export interface Delegate {
  findUnique(args: { where: Where; select?: Partial<Record<keyof Row, boolean>> }): Promise<Row | null>;
  findUniqueOrThrow(args: { where: Where }): Promise<Row>;
  findFirst(args?: { where?: Where; orderBy?: Partial<Record<keyof Row, 'asc' | 'desc'>> }): Promise<Row | null>;
  findMany(args?: { where?: Where; take?: number; skip?: number }): Promise<Row[]>;
  create(args: { data: Partial<Row> }): Promise<Row>;
  update(args: { where: Where; data: Partial<Row> }): Promise<Row>;
  updateMany(args: { where: Where; data: Partial<Row> }): Promise<{ count: number }>;
  upsert(args: { where: Where; create: Partial<Row>; update: Partial<Row> }): Promise<Row>;
  delete(args: { where: Where }): Promise<Row>;
  count(args?: { where?: Where }): Promise<number>;
}
export declare class PrismaClient {
  constructor(options?: { log?: string[] });
  order: Delegate;
  user: Delegate;
  invoice: Delegate;
  payment: Delegate;
  subscription: Delegate;
  notification: Delegate;
  shipment: Delegate;
  report: Delegate;
  account: Delegate;
  webhookDelivery: Delegate;
  $transaction<T>(fn: (tx: PrismaClient) => Promise<T>): Promise<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  $disconnect(): Promise<void>;
}
`,
  '@prisma/client/package.json': `{ "name": "@prisma/client", "version": "6.0.0", "types": "index.d.ts" }\n`,

  'drizzle-orm/index.d.ts': `export interface Column<T = unknown> { name: string; _type?: T }
export interface SQL { sql: string }
export declare function eq<T>(column: Column<T>, value: T): SQL;
export declare function and(...conditions: SQL[]): SQL;
export declare function isNull(column: Column): SQL;
`,
  'drizzle-orm/pg-core/index.d.ts': `import type { Column } from '../index.js';
export interface TableBase { _name: string }
export type PgTable<C extends Record<string, Column> = Record<string, Column>> = C & TableBase;
export declare function pgTable<C extends Record<string, Column>>(name: string, columns: C): PgTable<C>;
export declare function text(name: string): Column<string>;
export declare function integer(name: string): Column<number>;
export declare function timestamp(name: string): Column<Date | null>;
`,
  'drizzle-orm/node-postgres/index.d.ts': `import type { SQL } from '../index.js';
import type { TableBase as PgTable } from '../pg-core/index.js';
interface Query<T = any> extends Promise<T[]> {
  where(condition: SQL): Query<T>;
  returning(): Query<T>;
  limit(n: number): Query<T>;
  onConflictDoNothing(): Query<T>;
}
export interface NodePgDatabase {
  insert(table: PgTable): { values(values: object | object[]): Query };
  update(table: PgTable): { set(values: object): Query };
  delete(table: PgTable): Query;
  select(fields?: object): { from(table: PgTable): Query };
  execute(query: SQL): Promise<unknown>;
  transaction<T>(fn: (tx: NodePgDatabase) => Promise<T>): Promise<T>;
}
export declare function drizzle(connectionString: string): NodePgDatabase;
`,
  'drizzle-orm/package.json': `{ "name": "drizzle-orm", "version": "0.45.0", "types": "index.d.ts", "exports": { ".": { "types": "./index.d.ts" }, "./pg-core": { "types": "./pg-core/index.d.ts" }, "./node-postgres": { "types": "./node-postgres/index.d.ts" } } }\n`,

  'knex/index.d.ts': `declare namespace knex {
  interface QueryBuilder extends Promise<any[]> {
    where(conditions: object): QueryBuilder;
    whereNull(column: string): QueryBuilder;
    whereIn(column: string, values: unknown[]): QueryBuilder;
    insert(values: object | object[]): QueryBuilder;
    update(values: object): QueryBuilder;
    increment(column: string, amount?: number): QueryBuilder;
    del(): QueryBuilder;
    first(...columns: string[]): Promise<any>;
    select(...columns: string[]): QueryBuilder;
    returning(column: string | string[]): QueryBuilder;
    onConflict(column: string | string[]): { ignore(): QueryBuilder; merge(): QueryBuilder };
    forUpdate(): QueryBuilder;
  }
  interface Knex {
    (table: string): QueryBuilder;
    transaction<T>(fn: (trx: Knex) => Promise<T>): Promise<T>;
    raw(sql: string, bindings?: unknown[]): Promise<unknown>;
    destroy(): Promise<void>;
  }
}
declare function knex(config: { client: string; connection: string | object; pool?: { min: number; max: number } }): knex.Knex;
export default knex;
export type Knex = knex.Knex;
`,
  'knex/package.json': `{ "name": "knex", "version": "3.0.0", "types": "index.d.ts" }\n`,

  'nodemailer/index.d.ts': `export interface SendMailOptions { from?: string; to: string; subject: string; text?: string; html?: string; headers?: Record<string, string> }
export interface SentMessageInfo { messageId: string; accepted: string[] }
export interface Transporter { sendMail(options: SendMailOptions): Promise<SentMessageInfo>; close(): void }
export declare function createTransport(options: { host: string; port?: number; secure?: boolean; auth?: { user: string; pass: string }; pool?: boolean }): Transporter;
declare const nodemailer: { createTransport: typeof createTransport };
export default nodemailer;
`,
  'nodemailer/package.json': `{ "name": "nodemailer", "version": "6.9.0", "types": "index.d.ts" }\n`,

  'stripe/index.d.ts': `declare namespace Stripe {
  interface RequestOptions { idempotencyKey?: string }
  interface PaymentIntent { id: string; amount: number; status: string }
  interface Refund { id: string; status: string }
  interface Customer { id: string; email: string | null }
  interface Transfer { id: string; amount: number }
}
declare class Stripe {
  constructor(apiKey: string, config?: { apiVersion?: string; maxNetworkRetries?: number });
  paymentIntents: { create(params: { amount: number; currency: string; customer?: string; metadata?: Record<string, string> }, options?: Stripe.RequestOptions): Promise<Stripe.PaymentIntent> };
  refunds: { create(params: { payment_intent: string; amount?: number }, options?: Stripe.RequestOptions): Promise<Stripe.Refund> };
  customers: {
    create(params: { email: string; name?: string }, options?: Stripe.RequestOptions): Promise<Stripe.Customer>;
    retrieve(id: string): Promise<Stripe.Customer>;
  };
  transfers: { create(params: { amount: number; currency: string; destination: string }, options?: Stripe.RequestOptions): Promise<Stripe.Transfer> };
}
export default Stripe;
`,
  'stripe/package.json': `{ "name": "stripe", "version": "17.0.0", "types": "index.d.ts" }\n`,

  'axios/index.d.ts': `export interface AxiosRequestConfig { url?: string; method?: string; headers?: Record<string, string>; timeout?: number; params?: object; data?: unknown; baseURL?: string }
export interface AxiosResponse<T = any> { data: T; status: number }
export interface AxiosInstance {
  get<T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  post<T = any>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  put<T = any>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  delete<T = any>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
}
export interface AxiosStatic extends AxiosInstance {
  create(config?: AxiosRequestConfig): AxiosInstance;
}
declare const axios: AxiosStatic;
export default axios;
`,
  'axios/package.json': `{ "name": "axios", "version": "1.7.0", "types": "index.d.ts" }\n`,
};
