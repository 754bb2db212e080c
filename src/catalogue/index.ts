/**
 * The built-in catalogue. Adding a framework, data layer or effect API is one new file in
 * `frameworks/`, `data/` or `effects/` and one line here (a meta-test checks that every file is listed).
 */
import type { CatalogueEntry } from './types.js';
import prisma from './data/prisma.js';
import drizzle from './data/drizzle.js';
import knex from './data/knex.js';
import awsMessaging from './effects/aws-messaging.js';
import got from './effects/got.js';
import http from './effects/http.js';
import nodemailer from './effects/nodemailer.js';
import resend from './effects/resend.js';
import stripe from './effects/stripe.js';
import svix from './effects/svix.js';
import agenda from './frameworks/agenda.js';
import amqplib from './frameworks/amqplib.js';
import beeQueue from './frameworks/bee-queue.js';
import bull from './frameworks/bull.js';
import bullmq from './frameworks/bullmq.js';
import cloudflareQueues from './frameworks/cloudflare-queues.js';
import faktory from './frameworks/faktory.js';
import graphileWorker from './frameworks/graphile-worker.js';
import inngest from './frameworks/inngest.js';
import lambdaSqs from './frameworks/lambda-sqs.js';
import nestjsBullmq from './frameworks/nestjs-bullmq.js';
import nodeResque from './frameworks/node-resque.js';
import pgBoss from './frameworks/pg-boss.js';
import qstash from './frameworks/qstash.js';
import sqsConsumer from './frameworks/sqs-consumer.js';
import temporal from './frameworks/temporal.js';
import triggerDev from './frameworks/trigger-dev.js';

export const builtinEntries: readonly CatalogueEntry[] = [
  // job frameworks
  agenda,
  amqplib,
  beeQueue,
  bull,
  bullmq,
  cloudflareQueues,
  faktory,
  graphileWorker,
  inngest,
  lambdaSqs,
  nestjsBullmq,
  nodeResque,
  pgBoss,
  qstash,
  sqsConsumer,
  temporal,
  triggerDev,
  // data layers
  drizzle,
  knex,
  prisma,
  // effect APIs
  awsMessaging,
  got,
  http,
  nodemailer,
  resend,
  stripe,
  svix,
];

export type * from './types.js';
