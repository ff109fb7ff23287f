// The access policy of the app: the route table, the guard that enforces it and the case sekretess rule.
export { canAccessCase, consentInForce } from './caseAccess.js';
export { policyGuard } from './guard.js';
export { compilePath, compilePolicies } from './match.js';
export { type RegisteredRoute, registeredRoutes } from './routeList.js';
export { AGGREGATE_ROLES, CASE_ROLES, ROUTE_POLICIES, type RoutePolicy, type Scope } from './routes.js';
