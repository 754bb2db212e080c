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
      readonly arg: number;
      readonly property: string;
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
      readonly params?: readonly ParamSpec[];
    }
  /** A function whose declaration is annotated with this type (`const t: Task = async () => {}`). */
  | { readonly shape: 'annotated'; readonly type: ExportRef; readonly params?: readonly ParamSpec[] }
  /** The default export of a task file in a task directory (graphile-worker `tasks/<name>.ts`). */
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
  /** Several jobs in one call: the array argument and, per item, where its options live. */
  readonly bulk?: { readonly arg: number; readonly itemOptions?: string; readonly itemPayload?: string };
  /** Memoised by a durable runtime (Inngest `step.sendEvent`): never repeats on retry. */
  readonly memoised?: boolean;
  /** The store behind the queue: Redis-backed queues cannot join a SQL transaction. */
  readonly store: 'redis' | 'postgres' | 'service';
  /** The call returns no promise (amqplib `sendToQueue` returns a boolean): nothing to await. */
  readonly synchronous?: boolean;
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
  /** Calls whose function argument runs at most once per step id (`step.run`). */
  readonly steps?: readonly { readonly call: Target; readonly callbackArg: number }[];
  /** Errors that tell the runtime not to retry. */
  readonly nonRetryableErrors?: readonly ExportRef[];
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
  readonly idempotencyKey?: { readonly arg: number | 'any'; readonly path: string };
  /**
   * HTTP calls: the method is fixed by the API (`axios.post`) or read from an option
   * (`fetch(url, { method })`); only non-GET calls are external effects.
   */
  readonly http?:
    | { readonly method: string }
    | { readonly methodOption: { readonly arg: number; readonly property: string; readonly default: string } };
  /** Where request headers live, for an `Idempotency-Key` header. */
  readonly headers?: { readonly arg: number; readonly property: string };
}

export interface EffectProvider extends EntryBase {
  readonly kind: 'effect';
  readonly effects: readonly EffectSpec[];
}

export type DataOpKind = 'read' | 'insert' | 'update' | 'upsert' | 'delete' | 'claim';

export interface DataOpSpec {
  readonly call: Target;
  readonly op: DataOpKind;
  /** Where the table or model name comes from: a path segment index or a call argument. */
  readonly table?: { readonly segment: number } | { readonly arg: number } | { readonly rootCallArg: number };
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
}

export interface TransactionSpec {
  readonly call: Target;
  /** The callback argument (`'last'` when options may come first or after). */
  readonly callbackArg: number | 'last';
  /** The callback parameter that holds the transaction client, and its type. */
  readonly client?: ParamSpec;
  /** A batch form whose array argument runs atomically (`prisma.$transaction([a, b])`). */
  readonly batchArray?: boolean;
}

export interface DataLayer extends EntryBase {
  readonly kind: 'data';
  readonly operations: readonly DataOpSpec[];
  readonly transactions: readonly TransactionSpec[];
}

export type CatalogueEntry = JobFramework | EffectProvider | DataLayer;
