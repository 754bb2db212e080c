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
import firebaseMessaging from './effects/firebase-messaging.js';
import http from './effects/http.js';
import nodemailer from './effects/nodemailer.js';
import postmark from './effects/postmark.js';
import sendgrid from './effects/sendgrid.js';
import ses from './effects/ses.js';
import slack from './effects/slack.js';
import stripe from './effects/stripe.js';
import amqplib from './frameworks/amqplib.js';
import twilio from './effects/twilio.js';
import bullmq from './frameworks/bullmq.js';
import graphileWorker from './frameworks/graphile-worker.js';
import inngest from './frameworks/inngest.js';
import lambdaSqs from './frameworks/lambda-sqs.js';
import nestjsBullmq from './frameworks/nestjs-bullmq.js';
import pgBoss from './frameworks/pg-boss.js';
import sqsConsumer from './frameworks/sqs-consumer.js';
import triggerDev from './frameworks/trigger-dev.js';

export const builtinEntries: readonly CatalogueEntry[] = [
  // job frameworks
  amqplib,
  bullmq,
  graphileWorker,
  inngest,
  lambdaSqs,
  nestjsBullmq,
  pgBoss,
  sqsConsumer,
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
  firebaseMessaging,
  http,
  nodemailer,
  postmark,
  sendgrid,
  ses,
  slack,
  stripe,
  twilio,
];

export type * from './types.js';
