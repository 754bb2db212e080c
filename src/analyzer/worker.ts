/**
 * Worker thread entry of `audit({ threads })` (threads.ts): loads the project, analyses the files
 * of its partitions, posts the plain-data result, then answers payload comparisons and writes the
 * report cache when asked. Every message is followed by a bump of the shared counter the main
 * thread waits on, so it never waits for a message that cannot come: failures (also in loading the
 * analyzer's modules, hence the dynamic imports) are posted as messages too.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInput } from './threads.js';

const input = workerData as WorkerInput;
const counter = new Int32Array(input.signal);
const port: MessagePort = input.port;
let finished = false;

function post(message: FromWorker): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function fail(error: unknown): void {
  finished = true;
  const audit = (error as Error | undefined)?.name === 'AuditError';
  post({ type: 'error', audit, message: audit ? (error as Error).message : ((error as Error)?.stack ?? String(error)) });
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// `process.exit()` somewhere below would end the thread without a word.
process.on('exit', (code) => {
  if (!finished) fail(new Error(`job-audit worker exited (code ${code}) before its result`));
});

async function main(): Promise<void> {
  const [{ analyseFiles, analysedFiles, enabledRules, loadAuditedProject }, { openCache }, { partitionOf }] = await Promise.all([
    import('./audit.js'),
    import('./cache.js'),
    import('./threads.js'),
  ]);
  const { options, dirs } = input;
  const config = options.config ?? {};
  const enabled = enabledRules(options, config);
  const loaded = loadAuditedProject(options);
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
      } else {
        finished = true;
        port.close();
      }
    } catch (error) {
      fail(error);
    }
  });
}

main().catch(fail);
