// @nestjs/bullmq: https://docs.nestjs.com/techniques/queues. Facts: catalogue.md § A7.
import type { JobFramework } from '../types.js';

export default {
  kind: 'framework',
  id: 'nestjs-bullmq',
  title: 'NestJS BullMQ',
  packages: ['@nestjs/bullmq'],
  types: {
    // `@InjectQueue('emails') private readonly queue: Queue` holds a BullMQ queue even when the
    // type annotation is missing or comes from elsewhere.
    'bullmq#Queue': { injectedBy: ['@nestjs/bullmq#InjectQueue'] },
    'bullmq#FlowProducer': { injectedBy: ['@nestjs/bullmq#InjectFlowProducer'] },
  },
  handlers: [
    {
      shape: 'class-method',
      classDecorator: '@nestjs/bullmq#Processor',
      method: 'process',
      nameFromDecorator: true,
      params: [{ index: 0, type: 'bullmq#Job' }],
    },
  ],
  enqueues: [],
  queueRegistrations: [
    {
      call: { export: '@nestjs/bullmq#BullModule', path: 'registerQueue' },
      nameProperty: 'name',
      defaultsProperty: 'defaultJobOptions',
      roots: [
        { export: '@nestjs/bullmq#BullModule', path: 'forRoot' },
        { export: '@nestjs/bullmq#BullModule', path: 'forRootAsync' },
      ],
    },
  ],
  retention: {
    options: ['removeOnComplete', 'removeOnFail'],
    suggestion: { removeOnComplete: '{ count: 1_000 }', removeOnFail: '{ count: 5_000 }' },
  },
} satisfies JobFramework;
