import type { Server } from 'node:http';

import { allWorkers } from '../workers/index.js';
import { type RunningWorkers, startWorkers } from '../workers/runtime/start.js';
import { createApp } from './app.js';
import { config } from './config.js';
import { createKnex, migrateLatest } from './db/knex.js';
import { seedDemoData } from './db/seed.js';
import { Engine } from './engine/client.js';
import { listen } from './httpServer.js';
import { logger } from './logger.js';
import { loadDemoYear } from './services/bokslutDemo.js';
import { seedDemoCases } from './services/demoCases.js';
import { deployRepositoryModels } from './services/deployment.js';
import { seedEngineLogins } from './services/engineIdentity.js';
import { type OutboxSender, startOutboxSender } from './services/outboxSender.js';
import { type SecurityJobs, startSecurityJobs } from './services/securityJobs.js';
import { startTaskSync, type TaskSync } from './services/taskReadModel.js';

/**
 * Waits up to `ms` for the engine's REST API (npm start starts the app while the engine is still starting); with 0 it
 * asks once, so an unreachable engine fails the start at once as before.
 */
async function engineAnswers(engine: Engine, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await engine.version();
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Boots the product: migrations, demo seed (embedded), deployment of the models, workers, task sync and the web app. */
async function main(): Promise<void> {
  const cfg = config();
  const db = createKnex(cfg.DATABASE_URL!, { poolMax: cfg.DATABASE_POOL_MAX });
  await migrateLatest(db);
  if (cfg.SAMVERKAN_MODE === 'embedded') await seedDemoData(db);
  const engine = Engine.fromConfig(cfg);
  await engineAnswers(engine, Number(process.env.ENGINE_WAIT_MS ?? 0));
  const { deployed, refused } = await deployRepositoryModels(db, engine, {
    replaceModelerVersions: process.env.DEPLOY_REPLACE_MODELER_VERSIONS === 'true',
  });
  const changed = deployed.filter((d) => !d.unchanged);
  logger.info(
    { deployed: changed.map((d) => `${d.processId}@${d.version}`), refused: refused.map((r) => r.processId) },
    changed.length ? 'deployed changed models and forms' : 'models and forms unchanged',
  );
  // The styrgrupp's read-only Cockpit login and the processägare's (demo passwords; production administers them in the engine).
  if (cfg.SAMVERKAN_MODE === 'embedded') await seedEngineLogins(engine, { password: 'demo' });

  let workers: RunningWorkers | undefined;
  if (cfg.WORKERS_ENABLED === 'true') {
    workers = startWorkers(engine, allWorkers, { db, log: logger }, { longPollMs: cfg.WORKER_LONG_POLL_MS });
    logger.info({ count: allWorkers.length }, 'workers started');
  }
  // A few running demo cases on a fresh embedded database, so the lists and Cockpit show something.
  if (cfg.SAMVERKAN_MODE === 'embedded' && process.env.SAMVERKAN_DEMO_CASES !== 'false') {
    await seedDemoCases({ db, engine }).catch((err: Error) =>
      logger.warn({ err: err.message }, 'demo cases not started'),
    );
  }
  // The socialt bokslut's demo year 2020, stored once and in the background (`npm start -- --no-demo-year` skips it).
  if (cfg.SAMVERKAN_MODE === 'embedded' && process.env.SAMVERKAN_DEMO_YEAR !== 'false') {
    void loadDemoYear(db, logger).catch((err: Error) => logger.warn({ err: err.message }, 'demo year 2020 not loaded'));
  }
  // Delivers the transactional outbox that send-notification fills (SMTP_URL unset: the table is the mailbox).
  const outbox: OutboxSender | undefined =
    cfg.WORKERS_ENABLED === 'true'
      ? startOutboxSender(db, { ...(cfg.SMTP_URL ? { smtpUrl: cfg.SMTP_URL } : {}), from: cfg.MAIL_FROM, log: logger })
      : undefined;
  // Daily: "samtycke löper ut snart" flags and gallring GALLRING_YEARS after avslut (docs/sakerhet.md).
  const securityJobs: SecurityJobs | undefined =
    cfg.WORKERS_ENABLED === 'true'
      ? startSecurityJobs(db, { gallringYears: cfg.GALLRING_YEARS, log: logger })
      : undefined;
  let server: Server | undefined;
  let taskSync: TaskSync | undefined;
  if (cfg.WEB_ENABLED === 'true') {
    taskSync = startTaskSync(db, engine, { engineDbUrl: cfg.ENGINE_DB_URL, log: logger });
    const app = createApp({
      db,
      engine,
      taskSync,
      workersEnabled: cfg.WORKERS_ENABLED === 'true',
      ...(workers ? { workers } : {}),
    });
    server = await listen(app, cfg.PORT, '0.0.0.0');
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
    await taskSync?.stop();
    await outbox?.stop();
    await securityJobs?.stop();
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
