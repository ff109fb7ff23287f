import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import { ValidationFailed } from '../errors.js';
import { currentUser, requireLogin } from '../middleware/auth.js';
import { listOutbox } from '../services/notifications.js';

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  caseId: z.string().min(1).max(100).optional(),
});

/** GET /api/utkorg: outgoing mail as JSON for the /utkorg page (admin/samordnare see all, others their own). */
export function outboxRouter(deps: { db: Knex }): Router {
  const router = Router();
  router.get('/api/utkorg', requireLogin, async (req, res) => {
    const q = Query.safeParse(req.query);
    if (!q.success) throw new ValidationFailed(q.error.message);
    const messages = await listOutbox(deps.db, currentUser(req)!, {
      limit: q.data.limit,
      ...(q.data.caseId ? { caseId: q.data.caseId } : {}),
    });
    res.json({ messages });
  });
  return router;
}
