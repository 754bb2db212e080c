// @nestjs/bull (Bull v4): https://docs.nestjs.com/techniques/queues (Bull section). Facts: catalogue.md § A7.
// `@Processor(queueName? | { name?, scope? })` on a class; each `@Process()`, `@Process(name)` or
// `@Process({ name?, concurrency? })` method processes the jobs of that name (all unnamed jobs without
// one). Queues are injected with `@InjectQueue(name?)` and are Bull queues: enqueues, retries, time
// bounds and retention follow the `bull` entry.
import type { JobFramework } from '../types.js';

export default {
  kind: 'framework',
  id: 'nestjs-bull',
  title: 'NestJS Bull',
  packages: ['@nestjs/bull'],
  types: {
    // `@InjectQueue('emails') private readonly queue: Queue` holds a Bull queue even when the type
    // annotation is missing or comes from elsewhere.
    'bull#Queue': { injectedBy: ['@nestjs/bull#InjectQueue'] },
  },
  handlers: [
    {
      shape: 'class-method',
      classDecorator: '@nestjs/bull#Processor',
      methodDecorator: '@nestjs/bull#Process',
      nameFromDecorator: true,
      jobNameFromMethodDecorator: true,
      params: [{ index: 0, type: 'bull#Job' }],
    },
  ],
  enqueues: [],
  queueRegistrations: [
    {
      call: { export: '@nestjs/bull#BullModule', path: 'registerQueue' },
      nameProperty: 'name',
      defaultsProperty: 'defaultJobOptions',
      roots: [
        { export: '@nestjs/bull#BullModule', path: 'forRoot' },
        { export: '@nestjs/bull#BullModule', path: 'forRootAsync' },
      ],
    },
  ],
  retention: {
    options: ['removeOnComplete', 'removeOnFail'],
    suggestion: { removeOnComplete: '{ count: 1_000 }', removeOnFail: '{ count: 5_000 }' },
  },
} satisfies JobFramework;
