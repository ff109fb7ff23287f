import { createHmac, timingSafeEqual } from 'node:crypto';

import type { Express, NextFunction, Request, Response } from 'express';

/**
 * One-shot messages after a POST and its 303 ("Uppgiften är slutförd."). Routes write `req.session.flash`; this module
 * carries the message to the redirect target in a cookie of the redirect response itself (signed with the session
 * id), and only a page rendered for that target in that session shows it (and clears it).
 *
 * Why not in the session: express-session stores a changed session only in `res.end`, after the response headers have
 * gone out, and browsers (and fetch) follow a 303 as soon as its headers arrive. The redirect target was therefore
 * often served from the session as it was before the POST (no message), and the message showed up on some later page
 * instead, where consuming it rewrote the whole session and could in turn drop the next message (a lost update).
 * A cookie of the 303 is in the browser before it follows the redirect, and no request rewrites the session for it.
 */

/** Unconsumed messages expire (e.g. the redirect target failed to load). */
const FLASH_MAX_AGE_MS = 5 * 60_000;

interface Flash {
  /** The message. */
  m: string;
  /** Path and query of the page that shows it; null: the next page rendered. */
  to: string | null;
}

export interface FlashOptions {
  secret: string;
  production: boolean;
}

/** Path and query of a URL (absolute or relative), WHATWG-normalised like the browser requests it. */
function target(url: string): string | null {
  try {
    const u = new URL(url, 'http://samverkan.invalid');
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

/**
 * Installs the carrier (after the session middleware): a flash set during a request leaves the session before
 * express-session decides whether to save it, and goes out as a cookie bound to the redirect's Location. A redirect
 * answered to a page that had a message waiting passes the message on to its own target.
 */
export function installFlash(app: Express, opts: FlashOptions): void {
  const cookieName = opts.production ? '__Host-samverkan.flash' : 'samverkan.flash';
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: opts.production, path: '/' };
  // Signed together with the session id: a message is only ever shown in the session (the login) it was meant for.
  const mac = (req: Request, payload: string) =>
    createHmac('sha256', opts.secret)
      .update(`flash:${req.sessionID ?? ''}:${payload}`)
      .digest('base64url');

  const read = (req: Request): Flash | undefined => {
    const raw = (req.cookies as Record<string, string> | undefined)?.[cookieName];
    if (typeof raw !== 'string') return undefined;
    const dot = raw.lastIndexOf('.');
    const payload = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(mac(req, payload));
    if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const f = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flash;
      return typeof f.m === 'string' && (f.to === null || typeof f.to === 'string') ? f : undefined;
    } catch {
      return undefined;
    }
  };
  const write = (req: Request, res: Response, f: Flash) => {
    const payload = Buffer.from(JSON.stringify(f)).toString('base64url');
    res.cookie(cookieName, `${payload}.${mac(req, payload)}`, { ...cookieOptions, maxAge: FLASH_MAX_AGE_MS });
  };
  const isFor = (req: Request, f: Flash) => f.to === null || f.to === target(req.originalUrl);

  app.use((req: Request, res: Response, next: NextFunction) => {
    let taken = false;
    res.locals.takeFlash = (): string | undefined => {
      const f = read(req);
      if (!f || !isFor(req, f)) return undefined;
      taken = true;
      res.clearCookie(cookieName, cookieOptions);
      return f.m;
    };
    const end = res.end;
    res.end = function flashEnd(this: Response, ...args: unknown[]) {
      const session = req.session as (typeof req.session & { flash?: string }) | undefined;
      const fresh = session?.flash;
      // Out of the session before express-session compares it with what it loaded: no session write for a message.
      // (A response already streaming cannot carry a cookie any more: then the session keeps it for the next page.)
      if (!res.headersSent) {
        if (session && fresh !== undefined) delete session.flash;
        const location = res.statusCode >= 300 && res.statusCode < 400 ? res.getHeader('location') : undefined;
        const to = typeof location === 'string' ? target(location) : null;
        if (fresh !== undefined) write(req, res, { m: fresh, to });
        else if (to && !taken) {
          const waiting = read(req);
          if (waiting && isFor(req, waiting) && waiting.to !== null) write(req, res, { m: waiting.m, to });
        }
      }
      return (end as (...a: unknown[]) => Response).apply(this, args);
    } as Response['end'];
    next();
  });
}

/** The message waiting for this page, consumed (error pages pass `take: false`). */
export function takeFlash(res: Response): string | undefined {
  const take = res.locals.takeFlash as (() => string | undefined) | undefined;
  return take?.();
}
