/**
 * The catalogue is pure data: which calls define job handlers, enqueue jobs, write to a database,
 * open transactions or change the outside world. It holds no AST code. One file per job framework,
 * data layer or effect family; `index.ts` lists them.
 *
 * Vocabulary
 * - `ExportRef` `'module#export'`: a value exported by a module (`'bullmq#Queue'`, `'axios#default'`).
 *   The pseudo-module `global` names globals (`'global#fetch'`).
 * - `TypeRef` `'module#Type'`: an object kind the analysis tracks through variables, fields and
 *   parameters (an instance of `bullmq#Queue`, the transporter `nodemailer#createTransport` returns).
 * - `Target`: where a call's callee starts (an export or an instance of a type) plus a member path.
 *   Paths are dot-separated: a name, `*` (any one name), `**` (any run of segments, calls included)
 *   or `()` (a call in the middle of a chain, as in `knex('users').insert`).
 */

export type ExportRef = `${string}#${string}`;
export type TypeRef = `${string}#${string}`;

export type Target =
  | { readonly export: ExportRef; readonly path?: string }
  | { readonly instance: TypeRef; readonly path?: string };

/** How values of a tracked type come to exist. */
export interface TypeSpec {
  /** `new X(...)` of these exports makes an instance. Defaults to the type's own ref. */
  readonly constructedBy?: readonly ExportRef[];
  /** A call of one of these targets returns an instance (`nodemailer.createTransport()`). */
  readonly returnedBy?: readonly Target[];
  /** A declaration annotated with one of these imported type names holds an instance. Defaults to the type's own ref. */
  readonly annotatedAs?: readonly ExportRef[];
  /**
   * A class declared as `class X extends <one of these>` is itself an instance (its static side):
   * Sequelize `class User extends Model`, TypeORM `class User extends BaseEntity`.
   */
  readonly extendedBy?: readonly ExportRef[];
  /** Parameter decorators that inject an instance (NestJS `@InjectQueue()`). */
  readonly injectedBy?: readonly ExportRef[];
  /** Members that are instances of other tracked types (`ctx.step` in an Inngest handler). */
  readonly members?: Readonly<Record<string, TypeRef>>;
  /**
   * Type-checker names: a value whose type is declared in one of `packages` with one of these names
   * is an instance (used only when type information is available).
   */
  readonly checkerNames?: readonly string[];
}

/** A parameter of a callback that the runtime fills with a tracked object. */
export interface ParamSpec {
  readonly index: number;
  readonly type: TypeRef;
}

export type HandlerSpec =
  /** A function passed as an argument: `new Worker(name, fn)`, `boss.work(name, opts?, fn)`. */
  | {
      readonly shape: 'argument';
      readonly call: Target;
      readonly new?: boolean;
      /** Index of the handler argument; `'last'` for the last one. */
      readonly arg: number | 'last';
      /** Argument holding the job or queue name, when it is a string. */
      readonly nameArg?: number;
      /** The argument may instead name a module whose default export is the handler (BullMQ sandboxed processors). */
      readonly file?: boolean;
      /** Property of an object argument holding the name (`{ id: 'charge' }`). */
      readonly nameProperty?: { readonly arg: number; readonly property: string };
      /**
       * The handler is registered on a queue object (Bull `queue.process([name,] fn)`): its queue is
       * the one that object was built as, and `nameArg` names a job within that queue.
       */
      readonly queueFromReceiver?: QueueDefinitionSpec;
      readonly params?: readonly ParamSpec[];
    }
  /** A function held in a property of an object argument: `task({ id, run })`. */
  | {
      readonly shape: 'property';
      readonly call: Target;
      readonly new?: boolean;
      readonly arg: number;
      readonly property: string;
      readonly nameProperty?: string;
      readonly params?: readonly ParamSpec[];
    }
  /** Every function value of an object held in a property: graphile-worker `run({ taskList })`. */
  | {
      readonly shape: 'property-map';
      readonly call: Target;
      readonly new?: boolean;
      readonly arg: number;
      readonly property: string;
      /** Each value is an object whose `member` is the function (node-resque `{ perform }`). */
      readonly member?: string;
      readonly params?: readonly ParamSpec[];
    }
  /**
   * A directory of task files named in an option (graphile-worker `run({ taskDirectory })`): the
   * default export of each file is a handler named after the file. Analyzer only (needs the file system).
   */
  | {
      readonly shape: 'directory-option';
      readonly call: Target;
      readonly arg: number;
      readonly property: string;
      readonly params?: readonly ParamSpec[];
    }
  /** A method of a decorated class: NestJS `@Processor('q') class … { process(job) }`. */
  | {
      readonly shape: 'class-method';
      readonly classDecorator: ExportRef;
      /** The handler method name, or undefined when `methodDecorator` marks it. */
      readonly method?: string;
      readonly methodDecorator?: ExportRef;
      /** The class decorator's first argument is the queue name (string or `{ name }`). */
      readonly nameFromDecorator?: boolean;
      /**
       * The method decorator's first argument names a job within the queue (string or `{ name }`):
       * NestJS Bull `@Process('welcome')` in `@Processor('emails')`. The class decorator's name is then the queue.
       */
      readonly jobNameFromMethodDecorator?: boolean;
      readonly params?: readonly ParamSpec[];
    }
  /**
   * The function whose body makes this call (its nearest enclosing function) is a handler: a QStash
   * route that checks the request with `receiver.verify(...)`.
   */
  | { readonly shape: 'enclosing-function'; readonly call: Target; readonly params?: readonly ParamSpec[] }
  /** A function whose declaration is annotated with this type (`const t: Task = async () => {}`). */
  | { readonly shape: 'annotated'; readonly type: ExportRef; readonly params?: readonly ParamSpec[] }
  /** The default export of a task file in a task directory (graphile-worker `tasks/<name>.ts`). */
  /**
   * A method of the module's default-exported object (Cloudflare `export default { queue(batch) {} }`),
   * recognised only when a parameter is annotated with one of `paramTypes` or the object
   * `satisfies` one of `objectTypes` (global type names of the platform).
   */
  | {
      readonly shape: 'default-export-method';
      readonly method: string;
      readonly paramTypes: readonly string[];
      readonly objectTypes: readonly string[];
      readonly params?: readonly ParamSpec[];
    }
  /** Exported functions of a module that imports one of `modules` (Temporal activities). */
  | {
      readonly shape: 'module-exports';
      readonly modules: readonly string[];
      /** A file that calls one of these is the worker bootstrap, not an activity module. */
      readonly unlessCalls?: readonly ExportRef[];
      readonly params?: readonly ParamSpec[];
    }
  | {
      readonly shape: 'task-file';
      /** Directory names that hold task files by convention. */
      readonly directories: readonly string[];
      readonly params?: readonly ParamSpec[];
    };

/** An option path that deduplicates or keys the call (`jobId`, `deduplication.id`). */
export type KeyPath = string;

export interface EnqueueSpec {
  readonly call: Target;
  readonly new?: boolean;
  /** Argument holding the job name or identifier. */
  readonly nameArg?: number;
  readonly payloadArg?: number;
  readonly optionsArg?: number;
  /** Option paths, relative to the options argument, that carry a dedup or idempotency key. */
  readonly keyOptions: readonly KeyPath[];
  /**
   * Several jobs in one call: the array argument and, per item, where its options live.
   * `batchKeyArg`: an argument of batch-level options whose `keyOptions` key every item that has no
   * key of its own (Trigger.dev `batchTrigger(items, { idempotencyKey })` keys each item as key + index).
   */
  readonly bulk?: { readonly arg: number; readonly itemOptions?: string; readonly itemPayload?: string; readonly batchKeyArg?: number };
  /** Memoised by a durable runtime (Inngest `step.sendEvent`): never repeats on retry. */
  readonly memoised?: boolean;
  /** The store behind the queue: Redis-backed queues cannot join a SQL transaction. */
  readonly store: 'redis' | 'postgres' | 'service';
  /**
   * The name argument is optional (Bull `add([name,] data, opts)`): when the call has one argument
   * fewer than `optionsArg + 1` and its first argument is not a string, the others shift left.
   */
  readonly optionalName?: boolean;
  /** Keys set by a method of the returned builder (Bee-Queue `createJob(data).setId(id)`, Agenda `.unique()`). */
  readonly keyMethods?: readonly string[];
  /** The call only creates a job that `save`/`push` later enqueues; options come from builder methods. */
  readonly builder?: boolean;
  /** The enqueue schedules a repeatable job whose scheduler id is its key (BullMQ `upsertJobScheduler`). */
  readonly scheduler?: boolean;
  /** Path inside the options argument where the job options live (FlowProducer `opts`). */
  readonly optionsPath?: string;
  /** The payload is a property of the payload argument (QStash `body`, an Inngest event's `data`). */
  readonly payloadProperty?: string;
  /** The payload is bytes the caller encodes (amqplib `Buffer`), not data the framework serialises. */
  readonly rawPayload?: boolean;
  /** The queue behind an instance enqueue is built by `new X(name, …)`: where its name and options are. */
  readonly queueDefinition?: QueueDefinitionSpec;
  /** The call returns no promise (amqplib `sendToQueue` returns a boolean): nothing to await. */
  readonly synchronous?: boolean;
}

/** How a queue object is constructed, so that its default job options can be read. */
export interface QueueDefinitionSpec {
  /** Constructors (or factory functions) of the queue. */
  readonly constructors: readonly ExportRef[];
  readonly nameArg: number;
  /** Index of the options argument; with `optionalArgs`, the last object-literal argument. */
  readonly optionsArg: number;
  /** Arguments between name and options are optional (Bull `Queue(name, url?, opts?)`). */
  readonly optionalArgs?: boolean;
  /** Property of the options holding the default job options (`defaultJobOptions`). */
  readonly defaultsProperty: string;
}

/**
 * Retry facts (catalogue.md § 0): where a job's retry policy is written, the option, and what the
 * framework does when nothing sets it. Read by require-retry-policy; no checks hold these facts.
 */
export interface RetryFacts {
  /**
   * Where the policy is written: the options of each enqueue (`enqueue`, plus the queue's
   * defaults when `queueDefinition` is known), the options argument of the handler registration
   * (`handler`: Agenda `define`, Inngest `createFunction`),
   * or a separate call (`call`: Temporal `proxyActivities`).
   */
  readonly at:
    | { readonly kind: 'enqueue' }
    | { readonly kind: 'handler'; readonly arg: number }
    /** The object literal that holds the handler function (node-resque `{ perform, plugins }`). */
    | { readonly kind: 'handler-entry' }
    /** `alsoCalls`: other calls that take the same options in the same argument (Temporal `proxyLocalActivities`). */
    | { readonly kind: 'call'; readonly call: Target; readonly arg: number; readonly alsoCalls?: readonly Target[] };
  /** Option path of the count (`attempts`, `retry.maximumAttempts`), or a builder method (`retries`). */
  readonly option: string;
  /**
   * `attempts` counts the first run (1 = no retry); `retries` counts reruns (0 = no retry); `presence`:
   * any value enables retries; `plugin`: the option is a list that enables retries when it holds `plugin`.
   */
  readonly counts: 'attempts' | 'retries' | 'presence' | 'plugin';
  /** For `counts: 'plugin'`: the export (with member path) that enables retries (`node-resque#Plugins.Retry`). */
  readonly plugin?: ExportRef;
  /** Effective value when nothing sets it (`Infinity` for unlimited). */
  readonly default: number;
  /** Option paths (or builder methods) that set a delay between attempts; absent when the framework always backs off. */
  readonly backoffOptions?: readonly string[];
  /** The option is set by a builder method on the returned job (`createJob(d).retries(3)`), not an object. */
  readonly builderMethod?: boolean;
  /**
   * Code the suggestion inserts, per option path (`{ attempts: '5', backoff: "{ type: 'exponential', delay: 1_000 }" }`);
   * for builder methods, the arguments of each method call.
   */
  readonly suggestion: Readonly<Record<string, string>>;
  /** Named imports the suggested code needs (`agenda#exponential`). */
  readonly suggestionImports?: readonly ExportRef[];
  /** The default lives in a project file ESLint cannot read (`trigger.config.ts`): ESLint stays silent. */
  readonly defaultOutsideCode?: boolean;
  /**
   * Where the analyzer finds that project default: the nearest of `files` above the source, whose
   * default export is (a call wrapping) an object literal with the count at `option`.
   */
  readonly projectDefault?: { readonly files: readonly string[]; readonly option: string };
}

/** Job-level time bounds (catalogue.md § A). Read by require-job-timeout. */
export interface TimeoutFacts {
  readonly at: RetryFacts['at'];
  /** Any of these option paths (or builder methods) bounds the job. */
  readonly options: readonly string[];
  readonly builderMethod?: boolean;
  /** The framework's own bound when nothing is set, in words ("15 minutes"); absent: unbounded. */
  readonly default?: string;
  readonly suggestion: Readonly<Record<string, string>>;
}

/** Job retention: options that bound how many finished jobs the store keeps. Read by require-queue-options. */
export interface RetentionFacts {
  /** Options that must each be set, on the enqueue or in the queue defaults. */
  readonly options: readonly string[];
  readonly suggestion: Readonly<Record<string, string>>;
}

/** What every catalogue entry has. */
interface EntryBase {
  readonly id: string;
  readonly title: string;
  /** npm packages whose presence enables the entry. */
  readonly packages: readonly string[];
  /**
   * Module specifiers, as regular expressions, that stand for a canonical module
   * (`'@trigger.dev/sdk/v3'` for `'@trigger.dev/sdk'`, a generated Prisma client for `'@prisma/client'`).
   */
  readonly moduleAliases?: Readonly<Record<string, readonly string[]>>;
  readonly types?: Readonly<Record<TypeRef, TypeSpec>>;
}

export interface JobFramework extends EntryBase {
  readonly kind: 'framework';
  readonly handlers: readonly HandlerSpec[];
  readonly enqueues: readonly EnqueueSpec[];
  /** The runtime replays the handler from the top on every step (Inngest). */
  readonly replaying?: boolean;
  /**
   * The handler's first parameter has no `id` to key work by (a Cloudflare `MessageBatch`, an amqplib
   * message, an SQS message or Lambda event): hints then say "the message id", not `batch.id`.
   */
  readonly firstParameterHasNoId?: boolean;
  /** Calls whose function argument runs at most once per step id (`step.run`). */
  readonly steps?: readonly { readonly call: Target; readonly callbackArg: number }[];
  /** Errors that tell the runtime not to retry. */
  readonly nonRetryableErrors?: readonly ExportRef[];
  /** Retry facts (require-retry-policy). */
  readonly retry?: RetryFacts;
  /** Job time-bound facts (require-job-timeout). */
  readonly timeout?: TimeoutFacts;
  /** Retention facts (require-queue-options). */
  readonly retention?: RetentionFacts;
  /**
   * Queues created by name (pg-boss `createQueue(name, opts)`): their options are the defaults of the
   * jobs sent to that name; retry and time-bound settings written there are reported there.
   */
  readonly namedQueues?: { readonly call: Target; readonly nameArg: number; readonly optionsArg: number };
  /**
   * Queues registered by a configuration call rather than built with `new` (NestJS
   * `BullModule.registerQueue({ name, defaultJobOptions }, …)`): every object argument is one queue.
   */
  readonly queueRegistrations?: readonly {
    readonly call: Target;
    readonly nameProperty: string;
    readonly defaultsProperty: string;
    /**
     * Module-wide registrations whose `defaultsProperty` applies to every queue that sets none
     * (`BullModule.forRoot(options)`, `forRootAsync({ useFactory })`): a queue without its own
     * defaults is judged by them, and left alone when they are not in the file or cannot be read.
     */
    readonly roots?: readonly Target[];
  }[];
  /** Calls that fail the job explicitly (`job.moveToFailed(err)`, `boss.fail(name, id)`). */
  readonly failCalls?: readonly Target[];
  /** Message consumers: how a message is acknowledged. Its presence makes the handlers message consumers. */
  readonly ack?: MessageAckSpec;
}

/** How a message consumer settles each message (require-message-ack). */
export interface MessageAckSpec {
  /**
   * Calls that settle the message (amqplib `ack`, `nack`, `reject`); every path of the consumer must
   * make one. `requeueArg` is the argument that decides redelivery when it defaults to requeueing.
   */
  readonly settle?: readonly {
    readonly call: Target;
    readonly requeueArg?: number;
    /** Values (the defaults) for optional arguments between the message and `requeueArg`, used by suggestions. */
    readonly fillers?: readonly string[];
  }[];
  /** The callback parameter the runtime sets to `null` when the consumer is cancelled: that path needs no ack. */
  readonly nullMessageParam?: number;
  /** An option of the registration call that turns acknowledgements off (amqplib `{ noAck: true }`). */
  readonly noAckOption?: { readonly arg: number; readonly property: string };
  /**
   * The handler acknowledges by returning the message (sqs-consumer v15: `undefined` does not ack);
   * `alwaysOption` is the registration option that acknowledges regardless.
   */
  readonly byReturn?: { readonly alwaysOption: { readonly arg: number; readonly property: string } };
  /** The response property that reports per-record failures of a batch (Lambda `batchItemFailures`). */
  readonly batchFailures?: string;
}

export type EffectFamily = 'email' | 'sms' | 'push' | 'payment' | 'http' | 'webhook' | 'message' | 'chat';

export interface EffectSpec {
  readonly call: Target;
  readonly family: EffectFamily;
  /** Human name used in messages: "email via nodemailer `sendMail`". */
  readonly label: string;
  /**
   * Where the API takes an idempotency key, if it does: an option path inside an object argument.
   * `arg: 'any'` searches every object-literal argument.
   */
  readonly idempotencyKey?: {
    readonly arg: number | 'any';
    readonly path: string;
    /** Other options that also key the call (Svix `eventId` in the message, argument 1). */
    readonly alternatives?: readonly { readonly arg: number; readonly path: string }[];
    /** The API dedupes only when this option is present (SQS/SNS FIFO `MessageGroupId`). */
    readonly onlyWith?: string;
    /**
     * The call sends several messages: the option path of their array in the argument
     * (`Entries` of SQS `SendMessageBatchCommand`); `path` and `onlyWith` are then read per entry.
     */
    readonly entries?: string;
  };
  /** What a retry of the call does, for messages, when the family's wording does not fit (a Stripe delete). */
  readonly repeat?: string;
  /**
   * The call matches only when argument `arg` is `new <export>(input)` (AWS SDK v3
   * `client.send(new SendMessageCommand(input))`); option paths are then relative to `input`.
   */
  readonly argumentConstructor?: { readonly arg: number; readonly export: ExportRef };
  /** The effect is an enqueue into a queue service (SQS, SNS): keyed enqueues are reported anywhere, not only in handlers. */
  readonly enqueue?: boolean;
  /**
   * Where a network call takes its time bound, and the code that bounds it (got `timeout: { request }`).
   * Without it, `fetch`-like calls use `signal` and others `timeout` in the `headers` argument's object.
   */
  readonly timeout?: { readonly arg: number; readonly option: string; readonly suggestion: string };
  /**
   * HTTP calls: the method is fixed by the API (`axios.post`) or read from an option
   * (`fetch(url, { method })`); only non-GET calls are external effects.
   */
  readonly http?:
    | { readonly method: string }
    | { readonly methodOption: { readonly arg: number; readonly property: string; readonly default: string } };
  /** Where request headers live, for an `Idempotency-Key` header. */
  readonly headers?: { readonly arg: number; readonly property: string };
  /**
   * Command-object APIs: the call is this effect only when argument `arg` is `new` of one of these
   * exports (AWS SDK v3 `client.send(new SendEmailCommand(input))`), written inline or held in a
   * `const`. An `idempotencyKey` path is then read inside the command's input.
   */
  readonly command?: { readonly arg: number; readonly constructedBy: readonly ExportRef[] };
}

export interface EffectProvider extends EntryBase {
  readonly kind: 'effect';
  readonly effects: readonly EffectSpec[];
}

export type DataOpKind = 'read' | 'insert' | 'update' | 'upsert' | 'delete' | 'claim';

export interface DataOpSpec {
  readonly call: Target;
  readonly op: DataOpKind;
  /**
   * Where the table or model name comes from: a path segment index, a call argument, an argument of the
   * chain's first call (`knex('users')`), or an argument of a later call of the chain (`.from(users)`).
   */
  readonly table?:
    | { readonly segment: number }
    | { readonly arg: number }
    | { readonly rootCallArg: number }
    | { readonly chainCall: string; readonly chainArg: number };
  /** Writes many rows atomically in one statement (`createMany`). */
  readonly atomicBatch?: boolean;
  /** A read that throws instead of returning nothing (`findUniqueOrThrow`). */
  readonly orThrow?: boolean;
  /**
   * A read that returns every matching row unless bounded: by an option (`take` of Prisma
   * `findMany`) or by a call in the same fluent chain (Drizzle/Knex `.limit(n)`).
   */
  readonly many?: {
    readonly limitOption?: { readonly arg: number; readonly names: readonly string[] };
    readonly limitCalls?: readonly string[];
  };
  /** How the call can change a value relative to its current one (a retry applies it twice). */
  readonly relative?: RelativeSpec;
  /**
   * The statement is SQL text in this argument (a string, template or `sql` tag): its kind (read,
   * insert, update, ...) is read from the text, and `op` is only the fallback for text the analysis
   * cannot see. `BEGIN`/`COMMIT`/`ROLLBACK` are transaction statements, not data operations.
   */
  readonly sql?: { readonly arg: number };
  /** Where the call takes its options object (`{ transaction: t }`, `{ session }`, `{ upsert: true }`). */
  readonly optionsArg?: number | 'last';
  /** The call becomes an upsert when this option is true (Mongo `updateOne(f, u, { upsert: true })`). */
  readonly upsertOption?: string;
  /**
   * The call is an atomic claim (it succeeds for one caller only) when an argument is one of these
   * string tokens (ioredis `set(k, v, 'NX')`) or an object argument sets one of these option paths to
   * a truthy value or to `value` (node-redis `{ NX: true }`, `{ condition: 'NX' }`).
   */
  readonly claimWhen?: {
    readonly tokens?: readonly string[];
    readonly options?: readonly { readonly path: string; readonly value?: string }[];
  };
  /** Inserts that skip duplicates instead of failing when this option is true (`createMany({ skipDuplicates })`). */
  readonly skipDuplicatesOption?: { readonly arg: number; readonly path: string };
  /**
   * Chained calls after this one that make an insert idempotent (`onConflictDoNothing`,
   * `onConflict(...).ignore()`, `orIgnore`) or turn it into an upsert (`onConflictDoUpdate`, `merge`).
   */
  readonly conflictChain?: { readonly ignore?: readonly string[]; readonly update?: readonly string[] };
  /**
   * An upsert the library emulates with a select, then an insert or an update (TypeORM `save`, Mongoose
   * `doc.save()`): not atomic, so two concurrent runs can both insert.
   */
  readonly selectThenWrite?: boolean;
  /** Calls in the read's chain (before or after it) that lock the rows it reads (`forUpdate`, `for('update')`, `setLock`). */
  readonly lockChain?: readonly string[];
  /** A read option that locks the rows it reads (`{ lock: … }` in TypeORM/Sequelize). */
  readonly lockOption?: string;
  /**
   * The receiver remembers the transaction it was loaded in (a Mongoose document read with
   * `{ session }` saves in that session), so the call joins without the transaction's `joinOption`.
   */
  readonly receiverCarriesJoin?: boolean;
}

/**
 * Relative-update facts: where an operation says "change the value by n" instead of "set it to v".
 * Applied twice (a retry), a relative update double-counts; an absolute one converges.
 */
export interface RelativeSpec {
  /** The method is relative by itself: Knex/TypeORM/Sequelize `increment`, Redis `INCR`, `RPUSH`. */
  readonly always?: boolean;
  /** What the method does, for messages: `increments`, `appends to a list`. */
  readonly verb?: string;
  /**
   * Update operators in an object argument. `keys`: operator names at the top of the object at
   * `path` (Mongo `{ $inc: { n: 1 } }`). `fieldKeys`: operator names one level below, per field
   * (Prisma `data: { n: { increment: 1 } }`).
   */
  readonly operators?: {
    readonly arg: number;
    readonly path?: string;
    readonly keys?: readonly string[];
    readonly fieldKeys?: readonly string[];
  };
  /**
   * An object of column values, relative when a value computes the column from itself
   * (`sql\`${t.n} + 1\``, `knex.raw('n + 1')`, `() => 'n + 1'`, `eb('n', '+', 1)`): in an argument of
   * this call (`arg`) or of a later call of the chain (`chain`: Drizzle/Kysely/TypeORM `.set({...})`).
   */
  readonly values?: { readonly arg: number; readonly chain?: string };
}

export interface TransactionSpec {
  readonly call: Target;
  /** The callback argument (`'last'` when options may come first or after). */
  readonly callbackArg: number | 'last';
  /** The callback parameter that holds the transaction client, and its type. */
  readonly client?: ParamSpec;
  /** A batch form whose array argument runs atomically (`prisma.$transaction([a, b])`). */
  readonly batchArray?: boolean;
  /**
   * Queries join the transaction only when they pass the client in this option (Sequelize
   * `{ transaction: t }` without CLS, Mongo `{ session }`); otherwise by going through the client.
   */
  readonly joinOption?: string;
  /** The runtime may run the callback more than once (Mongo `withTransaction`, Mongoose `transaction`). */
  readonly rerunsCallback?: boolean;
  /** A chained query method that joins like `joinOption` does (Mongoose `Model.find(…).session(s)`). */
  readonly joinMethod?: string;
  /**
   * Calls that make queries inside the callback join the transaction without `joinOption`
   * (Sequelize `Sequelize.useCLS(ns)`, Mongoose `mongoose.set('transactionAsyncLocalStorage', true)`).
   * One such call anywhere the analysis sees (the file in ESLint, the project in the analyzer) counts.
   */
  readonly implicitJoin?: readonly ImplicitJoinSpec[];
  /**
   * How a suggestion wraps writes in this transaction: `{client}` is the outer client's text and
   * `param` names the callback parameter (`'{client}.$transaction'` with param `tx`). A query whose
   * chain starts at the client itself is routed by replacing the client with the parameter; `routes`
   * say how queries that start elsewhere are routed: a root of tracked `type` (or `root.member` when
   * the chain goes on with `member`) becomes `replace`, with `{param}` and `{root}` filled in
   * (TypeORM: `repo` → `manager.withRepository(repo)`, `dataSource.manager` → `manager`).
   */
  readonly wrap?: {
    readonly call: string;
    readonly param: string;
    readonly routes?: readonly { readonly type: TypeRef; readonly member?: string; readonly replace: string }[];
  };
}

/** A call that turns on implicit transaction joining (CLS / AsyncLocalStorage) for a data layer. */
export interface ImplicitJoinSpec {
  readonly call: Target;
  /**
   * The call turns it on only for this setting: `(setting, value)` or `({ [setting]: value })`. A
   * literal `false` turns it off; any other value counts as on (the analysis cannot tell).
   */
  readonly setting?: string;
  /** How messages and docs name the call (`Sequelize.useCLS(namespace)`). */
  readonly label: string;
}

/**
 * An explicit begin/commit transaction: a handle that `begin` returns (awaited), or any instance of
 * `handle` when `begin` is absent (a pg `Client` that sends `BEGIN`). Method names are member paths
 * from the handle, globs allowed (`**.exec` after a chain of Redis commands).
 */
export interface ManualTransactionSpec {
  readonly begin?: Target;
  /** `begin` opens a manual transaction only when called without a function argument (`sequelize.transaction()`). */
  readonly noCallback?: boolean;
  readonly handle: TypeRef;
  /** Starts the transaction when `begin` only creates the handle (`queryRunner.startTransaction()`). */
  readonly start?: readonly string[];
  readonly commit: readonly string[];
  readonly rollback: readonly string[];
  /** Gives the connection back (`queryRunner.release()`, `client.release()`, `session.endSession()`). */
  readonly release?: readonly string[];
  /** SQL-text transactions: `BEGIN`/`COMMIT`/`ROLLBACK` sent through this method of the handle. */
  readonly sqlStatements?: { readonly method: string; readonly arg: number };
  /** Queries join by passing the handle in this option (Sequelize `transaction`, Mongo `session`). */
  readonly joinOption?: string;
  /** A member of the handle through which queries run in the transaction (`queryRunner.manager`). */
  readonly via?: string;
}

export interface DataLayer extends EntryBase {
  readonly kind: 'data';
  readonly operations: readonly DataOpSpec[];
  readonly transactions: readonly TransactionSpec[];
  /** Explicit begin/commit transactions (TypeORM query runners, Kysely `startTransaction`, pg clients, Redis `multi`). */
  readonly manualTransactions?: readonly ManualTransactionSpec[];
}

export type CatalogueEntry = JobFramework | EffectProvider | DataLayer;
