import { Router } from 'express';

import type { AppDeps } from '../app.js';
import { checkHealth } from '../services/health.js';

/** GET /health: engine topology, database and workers; 503 when any is down. */
export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'up' ? 200 : 503).json(report);
  });
  return router;
}
