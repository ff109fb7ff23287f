import type { Request, Response } from 'express';
import { currentUser } from '../middleware/auth.js';
import type { SafeHtml } from '../views/html.js';
import type { PageContext } from '../views/layout.js';

/**
 * The view context of a request: user, CSRF token, path and the one-shot flash message. Error pages pass
 * `{ takeFlash: false }`: a stray request (the browser's /favicon.ico, a missing asset) answered with a 404 page between
 * a POST and its redirect target must not consume the message meant for that target.
 */
export function pageContext(req: Request, res: Response, { takeFlash = true }: { takeFlash?: boolean } = {}): PageContext {
  const flash = takeFlash ? req.session?.flash : undefined;
  if (flash) delete req.session.flash;
  return { user: currentUser(req), csrfToken: res.locals.csrfToken as string | undefined, path: req.path, flash, unreadNotifications: res.locals.unreadNotifications as number | undefined };
}

/** Sends a rendered page. */
export function sendPage(res: Response, page: SafeHtml, status = 200): void {
  res.status(status).type('html').send(page.value);
}

/** True when the client wants JSON (API paths or Accept: application/json). */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}
