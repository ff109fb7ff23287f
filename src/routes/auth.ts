import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Config } from '../config.js';
import { logger } from '../logger.js';
import type { SessionUser } from '../middleware/auth.js';
import { authenticateWithPassword, OidcLogin } from '../services/auth.js';
import { sv } from '../ui/texts.sv.js';
import { loginPage } from '../views/login.js';
import { pageContext, sendPage } from '../web/render.js';
import { loginRateLimit } from '../web/security.js';

/** Only local paths are allowed as the post-login target (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/|\\)/.test(next) ? next : '/'; // '/' leads to the role's start page
}

const LoginBody = z.object({
  username: z.string().max(200).default(''),
  password: z.string().max(500).default(''),
  next: z.string().optional(),
});

/** Regenerates the session id on login (fixation protection), then stores the user. */
async function establishSession(req: Request, user: SessionUser): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.user = user;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** GET/POST /login, POST /logout, and the OIDC redirect/callback when configured. */
export function authRouter(deps: { db: Knex; cfg: Config }): Router {
  const router = Router();
  const oidcEnabled = OidcLogin.enabled(deps.cfg);
  const oidc = oidcEnabled ? new OidcLogin(deps.cfg) : undefined;
  const demo = deps.cfg.SAMVERKAN_MODE === 'embedded';
  const render = (
    req: Request,
    res: Response,
    opts: { next: string; username?: string; error?: string },
    status = 200,
  ) => sendPage(res, loginPage({ ...pageContext(req, res), ...opts, oidc: oidcEnabled, demo }), status);

  router.get('/login', (req, res) => {
    req.session.loginStarted = Date.now(); // persists the anonymous session so the CSRF token stays bound to it
    render(req, res, { next: safeNext(req.query.next) });
  });

  router.post(
    '/login',
    loginRateLimit((req, res) =>
      render(req, res, { next: safeNext(req.body?.next), error: sv.login.rateLimited }, 429),
    ),
    async (req, res) => {
      const body = LoginBody.parse(req.body ?? {});
      const next = safeNext(body.next);
      if (!body.username || !body.password)
        return render(req, res, { next, username: body.username, error: sv.login.missing }, 400);
      const user = await authenticateWithPassword(deps.db, body.username, body.password);
      if (!user) {
        logger.info({ username: body.username }, 'login failed');
        return render(req, res, { next, username: body.username, error: sv.login.failed }, 401);
      }
      await establishSession(req, user);
      logger.info({ username: user.username }, 'login');
      res.redirect(303, next);
    },
  );

  router.post('/logout', async (req, res) => {
    const username = req.session.user?.username;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(deps.cfg.SAMVERKAN_MODE === 'production' ? '__Host-samverkan.sid' : 'samverkan.sid', { path: '/' });
    if (username) logger.info({ username }, 'logout');
    res.redirect(303, '/login');
  });

  if (oidc) {
    const callbackUrl = (req: Request) =>
      new URL('/login/oidc/callback', deps.cfg.PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`);
    router.get('/login/oidc', async (req, res) => {
      const start = await oidc.start(callbackUrl(req).href);
      req.session.oidc = {
        codeVerifier: start.codeVerifier,
        state: start.state,
        nonce: start.nonce,
        next: safeNext(req.query.next),
      };
      await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
      res.redirect(303, start.url);
    });
    router.get('/login/oidc/callback', async (req, res) => {
      const checks = req.session.oidc;
      delete req.session.oidc;
      if (!checks) return render(req, res, { next: '/', error: sv.login.oidcFailed }, 400);
      const current = new URL(req.originalUrl, callbackUrl(req));
      const user = await oidc.finish(deps.db, current, checks).catch((err: Error) => {
        logger.warn({ err: err.message }, 'OIDC login failed');
        return null;
      });
      if (user === null) return render(req, res, { next: checks.next, error: sv.login.oidcFailed }, 401);
      if (!user) return render(req, res, { next: checks.next, error: sv.login.oidcUnknownUser }, 403);
      await establishSession(req, user);
      logger.info({ username: user.username }, 'login (OIDC)');
      res.redirect(303, checks.next);
    });
  }
  return router;
}
