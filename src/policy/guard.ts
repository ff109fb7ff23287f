import { type Express, type NextFunction, type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';

import { Forbidden } from '../errors.js';
import { logger } from '../logger.js';
import { currentUser, requireLogin, type SessionUser } from '../middleware/auth.js';
import { auditRefusedRequest, type RouteRefusalReason } from '../services/audit.js';
import { compilePolicies } from './match.js';
import { withRequestContext } from './requestContext.js';
import { registeredRoutes } from './routeList.js';
import { ROUTE_POLICIES, type RoutePolicy } from './routes.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The route-table row that admitted the request (set by policyGuard). */
    policy?: RoutePolicy;
    /**
     * Refuses the request (403) after logging the refusal in the audit log; set by policyGuard for the role checks
     * that follow it (`requireRole`), so every refusal of a route is logged once, by whichever check refused it.
     */
    refuseRoute?: (next: NextFunction, refusal: Omit<Refusal, 'route'>) => void;
  }
}

const registered = new WeakMap<Express, ReturnType<typeof compilePolicies>>();

/** The live routes of the app as a matcher, computed on the first request (the stack is complete by then). */
function liveRoutes(app: Express) {
  let m = registered.get(app);
  if (!m) {
    // path-mounted middleware (body parsers, static files) is not a route: only real routes count here
    m = compilePolicies(
      registeredRoutes(app)
        .filter((r) => r.method !== 'USE')
        .map((r) => ({ method: r.method as RoutePolicy['method'], path: r.path, scope: 'public' as const, roles: [] })),
    );
    registered.set(app, m);
  }
  return m;
}

// a case id as the app issues them (the log review's case filter takes the same shape)
const CASE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The value of the route's `:caseId` segment, when the route has one and it has a case id's shape. */
function caseIdOf(route: string | null, path: string): string | null {
  const at = route?.split('/').indexOf(':caseId') ?? -1;
  const value = at < 0 ? undefined : path.split('/')[at];
  return value !== undefined && CASE_ID.test(value) ? value : null;
}

/** Who was refused which route (the table's path; null for a route without a row), why, and the message for the log. */
interface Refusal {
  user: SessionUser;
  route: string | null;
  reason: RouteRefusalReason;
  message: string;
}

/** Logs the refusal (who, what, from where) through the audit service, then answers 403 through the error handler. */
function refuse(db: Knex, req: Request, next: NextFunction, { user, route, reason, message }: Refusal): void {
  auditRefusedRequest(db, user, {
    method: req.method,
    path: req.path,
    route,
    reason,
    caseId: caseIdOf(route, req.path),
  })
    .then(() => next(new Forbidden(message)))
    .catch(next);
}

/**
 * The one access guard: finds the request's row in the route table, requires a login unless it is public and the
 * user's role among the row's roles. Deny by default: a registered route without a row is refused (and logged).
 * Case- and task-level rules (party under samtycke, candidate groups) are applied by the services through
 * `canAccessCase`, since they need the case (and they log their own refusals). Every refusal here is written to the
 * audit log; an anonymous request is sent to the login, which is no refusal. Mount after the session middleware,
 * before the feature routers.
 */
export function policyGuard(db: Knex, table: readonly RoutePolicy[] = ROUTE_POLICIES): Router {
  const policies = compilePolicies(table);
  const router = Router();
  // the client address travels with the request to the audit log (trust proxy decides what req.ip is)
  router.use((req: Request, _res: Response, next: NextFunction) =>
    withRequestContext({ ip: req.ip ?? null, method: req.method, path: req.path }, () => next()),
  );
  router.use((req: Request, res: Response, next: NextFunction) => {
    const policy = policies.find(req.method, req.path);
    if (!policy) {
      if (!liveRoutes(req.app as Express).find(req.method, req.path)) return next(); // no such route: 404 later
      logger.error(
        { method: req.method, path: req.path },
        'route without policy refused: add it to src/policy/routes.ts',
      );
      const anyone = currentUser(req);
      if (!anyone) return requireLogin(req, res, next);
      const message = `no policy for ${req.method} ${req.path}`;
      return refuse(db, req, next, { user: anyone, route: null, reason: 'no-policy', message });
    }
    if (policy.scope === 'public') return next();
    const user = currentUser(req);
    if (!user) return requireLogin(req, res, next);
    const route = policy.path;
    if (!policy.roles.includes(user.role)) {
      const message = `role ${user.role} may not ${req.method} ${route}`;
      return refuse(db, req, next, { user, route, reason: 'role', message });
    }
    if (policy.orgs && !policy.orgs.includes(user.orgCode)) {
      const message = `organisation ${user.orgCode} may not ${req.method} ${route}`;
      return refuse(db, req, next, { user, route, reason: 'organisation', message });
    }
    res.locals.policy = policy;
    res.locals.refuseRoute = (after, refusal) => refuse(db, req, after, { ...refusal, route });
    next();
  });
  return router;
}
