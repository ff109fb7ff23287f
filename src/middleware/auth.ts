import type { NextFunction, Request, Response } from 'express';

import type { Role } from '../domain/organisations.js';
import type { SessionUser } from '../domain/sessionUser.js';
import { Forbidden } from '../errors.js';
import { sv } from '../ui/texts.sv.js';

export type { SessionUser } from '../domain/sessionUser.js';

declare module 'express-session' {
  interface SessionData {
    user?: SessionUser;
  }
}

/** The current user, or undefined when not logged in. */
export function currentUser(req: Request): SessionUser | undefined {
  return (req as Request & { session?: { user?: SessionUser } }).session?.user;
}

/** Requires a login: HTML requests are redirected to /login, API requests get 401. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (currentUser(req)) return next();
  if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
    res.status(401).json({ error: sv.errors.loginRequired });
    return;
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/**
 * Requires one of the roles (after requireLogin); otherwise a Forbidden error, which the app's one error handler
 * renders as the Swedish 403 page in the common layout (or JSON for API calls). Behind the route guard the refusal
 * is written to the audit log first, as the guard's own are.
 */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = currentUser(req);
    if (!user) return requireLogin(req, res, next);
    if (roles.includes(user.role)) return next();
    const message = `role ${user.role} may not ${req.method} ${req.path}`;
    const refuse = res.locals.refuseRoute;
    if (refuse) return refuse(next, { user, reason: 'role', message });
    next(new Forbidden(message));
  };
}
