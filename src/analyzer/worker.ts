/**
 * Worker thread entry of `audit({ threads })` (threads.ts): loads the project, analyses the files
 * of its partitions, posts the plain-data result, then answers payload comparisons and writes the
 * report cache when asked. Every message is followed by a bump of the shared counter the main
 * thread waits on.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { analyseFiles, analysedFiles, enabledRules } from './audit.js';
import { openCache } from './cache.js';
import { AuditError } from './errors.js';
import { loadProject } from './project.js';
import { partitionOf, type FromWorker, type ToWorker, type WorkerInput } from './threads.js';

const input = workerData as WorkerInput;
const counter = new Int32Array(input.signal);
const port: MessagePort = input.port;

function post(message: FromWorker): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function fail(error: unknown): void {
  const audit = error instanceof AuditError;
  post({ type: 'error', audit, message: audit ? error.message : ((error as Error)?.stack ?? String(error)) });
}

process.on('uncaughtException', fail);

try {
  const { options, dirs } = input;
  const config = options.config ?? {};
  const enabled = enabledRules(options, config);
  const loaded = loadProject(options.root, options);
  const partitions = new Set(input.partitions);
  const mine = new Set<number>();
  for (const [index, file] of analysedFiles(loaded, config).entries()) {
    if (partitions.has(partitionOf(dirs, file.getFilePath()))) mine.add(index);
  }
  const analysed = analyseFiles(loaded, options, enabled, (index) => mine.has(index), (_, total) => post({ type: 'progress', total }));
  post({ type: 'result', result: analysed.result });
  port.on('message', (message: ToWorker) => {
    try {
      if (message.type === 'answer') post({ type: 'answers', answers: analysed.answer(message.requests) });
      else if (message.type === 'cache') {
        openCache(options)?.write(loaded, message.report);
        post({ type: 'cached' });
      } else port.close();
    } catch (error) {
      fail(error);
    }
  });
} catch (error) {
  fail(error);
}
