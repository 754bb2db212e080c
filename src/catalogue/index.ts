/**
 * The built-in catalogue. Adding a framework, data layer or effect API is one new file in
 * `frameworks/`, `data/` or `effects/` and one line here (a meta-test checks that every file is listed).
 */
import type { CatalogueEntry } from './types.js';
import prisma from './data/prisma.js';
import drizzle from './data/drizzle.js';
import knex from './data/knex.js';
import kysely from './data/kysely.js';
import mongodb from './data/mongodb.js';
import mongoose from './data/mongoose.js';
import pg from './data/pg.js';
import redis from './data/redis.js';
import sequelize from './data/sequelize.js';
import typeorm from './data/typeorm.js';
import awsMessaging from './effects/aws-messaging.js';
import firebaseMessaging from './effects/firebase-messaging.js';
import got from './effects/got.js';
import http from './effects/http.js';
import nodemailer from './effects/nodemailer.js';
import postmark from './effects/postmark.js';
import resend from './effects/resend.js';
import sendgrid from './effects/sendgrid.js';
import ses from './effects/ses.js';
import slack from './effects/slack.js';
import stripe from './effects/stripe.js';
import svix from './effects/svix.js';
import twilio from './effects/twilio.js';
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
import nestjsBull from './frameworks/nestjs-bull.js';
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
  nestjsBull,
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
  kysely,
  mongodb,
  mongoose,
  pg,
  prisma,
  redis,
  sequelize,
  typeorm,
  // effect APIs
  awsMessaging,
  firebaseMessaging,
  got,
  http,
  nodemailer,
  postmark,
  resend,
  sendgrid,
  ses,
  slack,
  stripe,
  svix,
  twilio,
];

export type * from './types.js';
