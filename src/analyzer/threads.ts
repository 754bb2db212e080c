/**
 * `audit({ threads })`: the per-file analysis in worker threads, one or more workspace packages
 * each; the main thread merges the results with the same code as a serial run (merge.ts), so the
 * report is the same. `audit()` stays synchronous: the main thread blocks on a shared counter
 * (`Atomics.wait`) and reads the workers' messages with `receiveMessageOnPort`.
 *
 * Every worker loads the whole project (the same files, program and type checker as a serial run:
 * cross-package helpers, types and file order are then the same) and analyses the files of its
 * packages. Files outside every package form one more partition.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { AuditOptions, EnabledRule } from './audit.js';
import { AuditError } from './errors.js';
import { assembleReport, type PartitionResult } from './merge.js';
import type { PayloadAnswer, PayloadRequest } from './project-rules.js';
import type { AuditReport } from './report.js';
import { findWorkspace } from './workspace.js';

/** What a worker is given (plain data). */
export interface WorkerInput {
  readonly options: AuditOptions;
  /** Workspace package directories under the root, deepest first. */
  readonly dirs: readonly string[];
  /** The partitions this worker analyses: indices into `dirs`, `dirs.length` for files outside every package. */
  readonly partitions: readonly number[];
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

export type ToWorker =
  | { readonly type: 'answer'; readonly requests: readonly PayloadRequest[] }
  | { readonly type: 'cache'; readonly report: AuditReport }
  | { readonly type: 'exit' };

export type FromWorker =
  | { readonly type: 'progress'; readonly total: number }
  | { readonly type: 'result'; readonly result: PartitionResult }
  | { readonly type: 'answers'; readonly answers: ReadonlyMap<number, PayloadAnswer> }
  | { readonly type: 'cached' }
  | { readonly type: 'error'; readonly message: string; readonly audit: boolean };

/** The workspace packages under the root, deepest directory first; empty when there are none. */
export function packageDirs(root: string): string[] {
  const workspace = findWorkspace(root);
  const inside = (dir: string) => {
    const relative = path.relative(root, dir);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  const dirs = (workspace?.packages ?? []).map((pkg) => path.resolve(pkg.dir)).filter(inside);
  return [...new Set(dirs)].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** The partition of a file: the deepest package directory holding it, or `dirs.length`. */
export function partitionOf(dirs: readonly string[], fileName: string): number {
  const file = path.resolve(fileName);
  const index = dirs.findIndex((dir) => file.startsWith(dir + path.sep));
  return index < 0 ? dirs.length : index;
}

/** How many workers `threads` asks for: `true` = the machine's parallelism. */
export function workerCount(threads: boolean | number | undefined, partitions: number): number {
  const requested = threads === true ? os.availableParallelism() : typeof threads === 'number' ? Math.floor(threads) : 1;
  return Math.max(1, Math.min(requested, partitions));
}

/**
 * The threaded run, or undefined when it would not be parallel (no workspace packages under the
 * root, one worker, extra checks that are functions): the caller then runs serially.
 */
export function auditInThreads(options: AuditOptions, projectRules: readonly EnabledRule[], version: string): AuditReport | undefined {
  if (options.extraChecks && Object.keys(options.extraChecks).length > 0) return undefined;
  const root = path.resolve(options.root);
  if (!existsSync(root) || !statSync(root).isDirectory()) return undefined; // the serial run says why
  const dirs = packageDirs(root);
  if (dirs.length === 0) return undefined;
  const entry = workerEntry();
  if (!existsSync(fileURLToPath(entry))) return undefined; // sources without a build: serially
  const count = workerCount(options.threads, dirs.length + 1);
  if (count <= 1) return undefined;

  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const { onProgress, extraChecks: _extra, ...plain } = options;
  const workers: { worker: Worker; port: MessagePort }[] = [];
  const stop = () => {
    for (const { worker, port } of workers) {
      port.close();
      void worker.terminate();
    }
  };
  try {
    for (let index = 0; index < count; index++) {
      const partitions = Array.from({ length: dirs.length + 1 }, (_, partition) => partition).filter((partition) => partition % count === index);
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { options: { ...plain, root }, dirs, partitions, signal, port: port2 };
      const worker = new Worker(entry, { workerData: input, transferList: [port2] });
      worker.on('error', () => undefined); // reported through the port
      worker.unref();
      workers.push({ worker, port: port1 });
    }
    /** The next message of a worker (blocks until one arrives). */
    const next = (): { from: number; message: FromWorker } => {
      for (;;) {
        const seen = Atomics.load(counter, 0);
        for (const [from, { port }] of workers.entries()) {
          const received = receiveMessageOnPort(port);
          if (received) {
            const message = received.message as FromWorker;
            if (message.type === 'error') throw workerError(message);
            return { from, message };
          }
        }
        Atomics.wait(counter, 0, seen, 1000);
      }
    };
    const results: PartitionResult[] = [];
    let done = 0;
    let waiting = count;
    while (waiting > 0) {
      const { from, message } = next();
      if (message.type === 'progress') onProgress?.(++done, message.total);
      else if (message.type === 'result') {
        results[from] = message.result;
        waiting--;
      }
    }
    const answer = (requests: readonly PayloadRequest[], owners: readonly number[]) => {
      const answers: ReadonlyMap<number, PayloadAnswer>[] = [];
      const asked = new Set<number>();
      for (const [from, { port }] of workers.entries()) {
        const mine = requests.filter((_, index) => owners[index] === from);
        if (mine.length === 0) continue;
        port.postMessage({ type: 'answer', requests: mine } satisfies ToWorker);
        asked.add(from);
      }
      while (asked.size > 0) {
        const { from, message } = next();
        if (message.type !== 'answers') continue;
        answers.push(message.answers);
        asked.delete(from);
      }
      return answers;
    };
    const report = assembleReport({
      root,
      version,
      configSource: options.configSource,
      ignore: options.config?.ignore ?? [],
      rules: projectRules,
      partitions: results,
      answer,
    });
    const total = results[0]?.total ?? 0;
    onProgress?.(total, total);
    if (options.cache) {
      // The cache records the project's inputs: the first worker has the project loaded.
      workers[0]!.port.postMessage({ type: 'cache', report } satisfies ToWorker);
      while (next().message.type !== 'cached');
    }
    for (const { port } of workers) port.postMessage({ type: 'exit' } satisfies ToWorker);
    return report;
  } finally {
    stop();
  }
}

/** The built worker entry (`dist/src/analyzer/worker.js`), also when this module runs from the sources. */
function workerEntry(): URL {
  const own = new URL(import.meta.url);
  return own.pathname.endsWith('.ts') ? new URL('../../dist/src/analyzer/worker.js', own) : new URL('./worker.js', own);
}

/** A worker's failure as the serial run would have thrown it: an AuditError's message, or an internal error with the worker's stack. */
function workerError(message: { readonly message: string; readonly audit: boolean }): Error {
  if (message.audit) return new AuditError(message.message);
  const error = new Error(message.message.split('\n')[0]!.replace(/^\w*Error: /, ''));
  error.stack = message.message;
  return error;
}
