import type { Server } from 'node:http';
import { allWorkers } from '../workers/index.js';
import { startWorkers, type RunningWorkers } from '../workers/runtime/start.js';
import { startUserTaskProjection, withTaskProjection } from '../workers/user-task-projection.js';
import { createApp } from './app.js';
import { config } from './config.js';
import { createKnex, migrateLatest } from './db/knex.js';
import { seedDemoData } from './db/seed.js';
import { Engine } from './engine/client.js';
import { logger } from './logger.js';
import { deployChangedResources } from './services/deployment.js';
import { startOutboxSender, type OutboxSender } from './services/outboxSender.js';
import { startSecurityJobs, type SecurityJobs } from './services/securityJobs.js';

/** Boots the product: migrations, demo seed (embedded), deployment of changed models, workers and the web app. */
async function main(): Promise<void> {
  const cfg = config();
  const db = createKnex(cfg.DATABASE_URL!, { poolMax: cfg.DATABASE_POOL_MAX });
  await migrateLatest(db);
  if (cfg.SAMVERKAN_MODE === 'embedded') await seedDemoData(db);
  const engine = new Engine(cfg);
  const deployed = await deployChangedResources(db, engine);
  logger.info({ deployed }, deployed.length ? 'deployed changed models and forms' : 'models and forms unchanged');

  let workers: RunningWorkers | undefined;
  if (cfg.WORKERS_ENABLED === 'true') {
    workers = startWorkers(engine, allWorkers, { db, log: logger });
    workers = withTaskProjection(workers, startUserTaskProjection(engine, { db, log: logger }));
    logger.info({ count: allWorkers.length }, 'workers started');
  }
  // Delivers the transactional outbox that send-notification fills (SMTP_URL unset: the table is the mailbox).
  const outbox: OutboxSender | undefined = cfg.WORKERS_ENABLED === 'true' ? startOutboxSender(db, { ...(cfg.SMTP_URL ? { smtpUrl: cfg.SMTP_URL } : {}), from: cfg.MAIL_FROM, log: logger }) : undefined;
  // Daily: "samtycke löper ut snart" flags and gallring GALLRING_YEARS after avslut (docs/sakerhet.md).
  const securityJobs: SecurityJobs | undefined = cfg.WORKERS_ENABLED === 'true' ? startSecurityJobs(db, { gallringYears: cfg.GALLRING_YEARS, log: logger }) : undefined;
  let server: Server | undefined;
  if (cfg.WEB_ENABLED === 'true') {
    const app = createApp({ db, engine, ...(workers ? { workers } : {}) });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(cfg.PORT, '0.0.0.0', () => resolve(s));
      s.once('error', reject);
    });
    logger.info({ port: cfg.PORT }, 'web app listening');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => process.exit(1), 20_000);
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await workers?.stop();
    await outbox?.stop();
    await securityJobs?.stop();
    await engine.close().catch(() => undefined);
    await db.destroy();
    clearTimeout(hardStop);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  logger.fatal({ err: err.message }, 'start-up failed');
  process.exit(1);
});
