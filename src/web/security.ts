import { createHmac } from 'node:crypto';

import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import session from 'express-session';
import helmet from 'helmet';

import type { Config } from '../config.js';
import { logger } from '../logger.js';
import { installFlash } from './flash.js';

declare module 'express-session' {
  interface SessionData {
    /** Set when the login page is shown, so the anonymous session (and its CSRF binding) persists until login. */
    loginStarted?: number;
    /** OIDC authorization-code flow state (PKCE verifier, state, where to go after login). */
    oidc?: { codeVerifier: string; state: string; nonce: string; next: string };
    /**
     * A one-shot message for the page a route redirects to. Routes set it; it never stays in the stored session:
     * ./flash.ts moves it into a cookie of the redirect response before the session would be saved.
     */
    flash?: string;
  }
}

/** Idle timeout of a login. */
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
const SESSION_TOUCH_INTERVAL_MS = 60_000;

// Embedded (demo) mode only: production requires SESSION_SECRET (config.ts enforces it).
const EMBEDDED_DEV_SECRET = 'samverkan-embedded-mode-only-not-a-secret-0123456789';

export interface WebSecurity {
  /** Closes the session store's pool (tests, shutdown). */
  close(): Promise<void>;
}

/**
 * Installs helmet (CSP: own scripts only), body parsers, PostgreSQL-backed sessions with secure cookies and
 * double-submit CSRF protection on every state-changing request. Exposes `res.locals.csrfToken` to views.
 */
export function installWebSecurity(
  app: Express,
  cfg: Pick<Config, 'SAMVERKAN_MODE' | 'SESSION_SECRET' | 'DATABASE_URL'>,
): WebSecurity {
  const production = cfg.SAMVERKAN_MODE === 'production';
  const secret = cfg.SESSION_SECRET ?? EMBEDDED_DEV_SECRET;
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // form-js and bpmn-js set inline style attributes on the elements they render
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': production ? [] : null,
        },
      },
      strictTransportSecurity: production,
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  // Models with their forms are the only large bodies (the modeler's deploy); everything else stays small.
  app.use('/api/modeler', express.json({ limit: '6mb' }));
  app.use(express.json({ limit: '200kb' }));
  app.use(cookieParser());

  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    conString: cfg.DATABASE_URL!,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    errorLog: (...args: unknown[]) => logger.error({ err: String(args[0]) }, 'session store error'),
  });
  // The session row's expiry is pushed forward at most once a minute per session (and process), not on every
  // request: an UPDATE per asset or API call buys nothing against an 8 h idle timeout.
  const touch = store.touch!.bind(store);
  const touchedAt = new Map<string, number>();
  store.touch = (sid, sess, cb) => {
    const now = Date.now();
    if (now - (touchedAt.get(sid) ?? 0) < SESSION_TOUCH_INTERVAL_MS) return cb?.();
    if (touchedAt.size > 10_000)
      for (const [k, t] of touchedAt) if (now - t >= SESSION_TOUCH_INTERVAL_MS) touchedAt.delete(k);
    touchedAt.set(sid, now);
    touch(sid, sess, cb);
  };
  app.use(
    session({
      name: production ? '__Host-samverkan.sid' : 'samverkan.sid',
      secret,
      store,
      // Stored only when a request changed it (login, logout, the login page's marker); other requests touch it.
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: SESSION_MAX_AGE_MS },
    }),
  );
  installFlash(app, { secret, production });

  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => createHmac('sha256', secret).update('csrf').digest('hex'),
    getSessionIdentifier: (req) => req.sessionID ?? '',
    cookieName: production ? '__Host-samverkan.csrf' : 'samverkan.csrf',
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: production, path: '/' },
    getCsrfTokenFromRequest: (req) =>
      ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ?? req.headers['x-csrf-token'],
  });
  app.use(doubleCsrfProtection);
  app.use((req: Request, res: Response, next: NextFunction) => {
    Object.defineProperty(res.locals, 'csrfToken', { get: () => generateCsrfToken(req, res), configurable: true });
    next();
  });
  return { close: () => store.close() };
}

/** Login rate limit: per IP and username, 10 attempts per 15 minutes. */
export function loginRateLimit(onLimited: (req: Request, res: Response) => void) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: Number(process.env.LOGIN_RATE_LIMIT ?? 10),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as Record<string, unknown> | undefined)?.username ?? '').toLowerCase()}`,
    skipSuccessfulRequests: true,
    handler: (req, res) => onLimited(req, res),
  });
}
