import { type Express, type NextFunction, type Request, type Response, Router } from 'express';

import { Forbidden } from '../errors.js';
import { logger } from '../logger.js';
import { currentUser, requireLogin } from '../middleware/auth.js';
import { compilePolicies } from './match.js';
import { withRequestContext } from './requestContext.js';
import { registeredRoutes } from './routeList.js';
import { ROUTE_POLICIES, type RoutePolicy } from './routes.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The route-table row that admitted the request (set by policyGuard). */
    policy?: RoutePolicy;
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

/**
 * The one access guard: finds the request's row in the route table, requires a login unless it is public and the
 * user's role among the row's roles. Deny by default: a registered route without a row is refused (and logged).
 * Case- and task-level rules (party under samtycke, candidate groups) are applied by the services through
 * `canAccessCase`, since they need the case. Mount after the session middleware, before the feature routers.
 */
export function policyGuard(table: readonly RoutePolicy[] = ROUTE_POLICIES): Router {
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
      if (!currentUser(req)) return requireLogin(req, res, next);
      return next(new Forbidden(`no policy for ${req.method} ${req.path}`));
    }
    if (policy.scope === 'public') return next();
    const user = currentUser(req);
    if (!user) return requireLogin(req, res, next);
    if (!policy.roles.includes(user.role))
      return next(new Forbidden(`role ${user.role} may not ${req.method} ${policy.path}`));
    if (policy.orgs && !policy.orgs.includes(user.orgCode))
      return next(new Forbidden(`organisation ${user.orgCode} may not ${req.method} ${policy.path}`));
    res.locals.policy = policy;
    next();
  });
  return router;
}
