import type { NextFunction, Request, Response } from 'express';
import type { OrgCode, Role } from '../domain/organisations.js';

/** The logged-in user as stored in the session. */
export interface SessionUser {
  username: string;
  displayName: string;
  orgCode: OrgCode;
  role: Role;
  /** Candidate-group codes the user belongs to (org code, beredning-<group>, samordnare, ...). */
  groups: string[];
}

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
    res.status(401).json({ error: 'Du måste logga in.' });
    return;
  }
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/** Requires one of the roles; 403 otherwise (after requireLogin). */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = currentUser(req);
    if (!user) return requireLogin(req, res, next);
    if (roles.includes(user.role)) return next();
    res.status(403);
    if (req.accepts(['html', 'json']) === 'json' || req.path.startsWith('/api/')) {
      res.json({ error: 'Du har inte behörighet till den här sidan.' });
    } else {
      res.type('html').send('<!doctype html><html lang="sv"><meta charset="utf-8"><title>Ingen behörighet</title><h1>Ingen behörighet</h1><p>Du har inte behörighet till den här sidan.</p><p><a href="/">Till startsidan</a></p></html>');
    }
  };
}
