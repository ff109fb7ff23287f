import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import { NotFound } from '../errors.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { unreadCount } from '../services/notificationInbox.js';
import { listNotifications, listOutbox, markAllRead, markRead, OUTBOX_ALL_ROLES } from '../services/notifications.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { notificationsPage, outboxPage } from '../views/notifications.js';
import { pageContext, sendPage } from '../web/render.js';

const user = (req: Request) => currentUser(req) as SessionUser;
const IdParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const OutboxQuery = z.object({
  arende: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional()
    .catch(undefined),
});

/** /notiser (in-app notifications, mark read), /utkorg (outbox view) and the unread count for the menu. */
export function notificationsRouter(deps: { db: Knex }): Router {
  const router = Router();
  const { db } = deps;

  // the menu shows the unread count on every page of a logged-in user (res.locals → pageContext → layout)
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const u = currentUser(req);
    if (u && req.method === 'GET' && !req.path.startsWith('/api/'))
      res.locals.unreadNotifications = await unreadCount(db, u.username);
    next();
  });

  router.get('/notiser', requireLogin, async (req, res) => {
    const notifications = await listNotifications(db, user(req).username, { limit: 200 });
    sendPage(res, notificationsPage({ ...pageContext(req, res), notifications }));
  });

  router.post('/notiser/:id/last', requireLogin, async (req, res) => {
    const { id } = IdParams.parse(req.params);
    if (!(await markRead(db, user(req).username, id))) {
      // not the user's, unknown, or already read: the same answer for all (no hint about others' notifications)
      const mine = (await listNotifications(db, user(req).username, { limit: 500 })).some((n) => n.id === id);
      if (!mine) throw new NotFound(`notification ${id}`);
    }
    req.session.flash = t.notifications.marked;
    res.redirect(303, '/notiser');
  });

  // "Markera alla som lästa": a repeated submit finds nothing unread and changes nothing
  router.post('/notiser/las-alla', requireLogin, async (req, res) => {
    req.session.flash = t.notifications.markedAll(await markAllRead(db, user(req).username));
    res.redirect(303, '/notiser');
  });

  router.get('/utkorg', requireLogin, async (req, res) => {
    const q = OutboxQuery.parse(req.query);
    const messages = await listOutbox(db, user(req), { limit: 200, ...(q.arende ? { caseId: q.arende } : {}) });
    sendPage(
      res,
      outboxPage({
        ...pageContext(req, res),
        messages,
        all: (OUTBOX_ALL_ROLES as readonly string[]).includes(user(req).role),
        caseId: q.arende,
      }),
    );
  });

  return router;
}
