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
import http from './effects/http.js';
import nodemailer from './effects/nodemailer.js';
import stripe from './effects/stripe.js';
import bullmq from './frameworks/bullmq.js';
import graphileWorker from './frameworks/graphile-worker.js';
import inngest from './frameworks/inngest.js';
import nestjsBullmq from './frameworks/nestjs-bullmq.js';
import pgBoss from './frameworks/pg-boss.js';
import triggerDev from './frameworks/trigger-dev.js';

export const builtinEntries: readonly CatalogueEntry[] = [
  // job frameworks
  bullmq,
  graphileWorker,
  inngest,
  nestjsBullmq,
  pgBoss,
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
  http,
  nodemailer,
  stripe,
];

export type * from './types.js';
