// The access policy of the app: the route table, the guard that enforces it and the case sekretess rule.
export { ROUTE_POLICIES, CASE_ROLES, AGGREGATE_ROLES, type RoutePolicy, type Scope } from './routes.js';
export { policyGuard } from './guard.js';
export { canAccessCase, consentInForce } from './caseAccess.js';
export { registeredRoutes, type RegisteredRoute } from './routeList.js';
export { compilePolicies, compilePath } from './match.js';
