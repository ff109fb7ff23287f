import { type OrgCode, type Role, ROLES } from '../domain/organisations.js';

/**
 * What a route exposes, which decides the rule beyond the role:
 * - `public`: no login (login page, health, static assets).
 * - `session`: any logged-in user; no case data (e.g. the CSRF token).
 * - `case`: case content. Besides the role, the user's organisation must be a party under the case's valid
 *   samtycke (or the aktualiserande part / the ärendebärare); enforced by `canAccessCase` in the service, which
 *   answers 404 to others (sekretess: they may not learn that the case exists).
 * - `task`: a user task of a case; visible when its candidate groups include one of the user's groups.
 * - `own`: the user's own records (their outgoing mail).
 * - `aggregate`: statistics only, never a case row (styrgrupp, förbundskansli).
 * - `models`: process models and forms; no case data.
 * - `audit-review`: the audit log (logggranskare); every review is itself logged.
 * - `admin`: users and groups; the admin role never reads case content.
 * - `operations`: the engine's technical state across all cases (stuck steps: case id, step, cause), never case
 *   content; opening a case from there still goes through `canAccessCase`. Every view is audited.
 */
export type Scope =
  'public' | 'session' | 'case' | 'task' | 'own' | 'aggregate' | 'models' | 'audit-review' | 'admin' | 'operations';

/** One row of the route table. `method: 'USE'` covers every path under a mounted prefix (static assets). */
export interface RoutePolicy {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'USE';
  path: string;
  scope: Scope;
  /** Roles that may call the route; empty for `public`. */
  roles: readonly Role[];
  /** When set, only users of these organisations may call it (e.g. inventering is försörjningsstöd's routine). */
  orgs?: readonly OrgCode[];
  /** The route only exists when configured (OIDC); the matrix test does not require it in the live router. */
  optional?: boolean;
}

/** Roles that work with case content (handläggare of the parties, the förbund's samordnare). */
export const CASE_ROLES = ['handlaggare', 'samordnare'] as const satisfies readonly Role[];
/** Roles that see every open incident of the processes (/incidenter). */
export const INCIDENT_OVERVIEW_ROLES = ['samordnare', 'admin'] as const satisfies readonly Role[];
/** Roles that see the overview of stuck and overdue cases (/fastnade-arenden); only INCIDENT_OVERVIEW_ROLES see its case rows. */
export const STUCK_OVERVIEW_ROLES = ['samordnare', 'styrgrupp', 'admin'] as const satisfies readonly Role[];
/** Roles that see the socialt bokslut (aggregates only). Admin keeps access to the aggregates it always had. */
export const AGGREGATE_ROLES = ['styrgrupp', 'forbundskansli', 'admin'] as const satisfies readonly Role[];

const pub = (method: RoutePolicy['method'], path: string, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({
  method,
  path,
  scope: 'public',
  roles: [],
  ...extra,
});
const r = (
  method: RoutePolicy['method'],
  path: string,
  scope: Scope,
  roles: readonly Role[],
  orgs?: readonly OrgCode[],
): RoutePolicy => ({ method, path, scope, roles, ...(orgs ? { orgs } : {}) });

/**
 * The route table: every route of the app and who may call it. `policyGuard` enforces the role part on every
 * request; a registered route without a row here is refused at runtime and fails test/integration/policy.
 * Add the row in the same commit as the route.
 */
export const ROUTE_POLICIES: readonly RoutePolicy[] = [
  pub('GET', '/health'),
  pub('USE', '/static'),
  pub('USE', '/static/build'),
  pub('GET', '/login'),
  pub('POST', '/login'),
  pub('POST', '/logout'),
  pub('GET', '/login/oidc', { optional: true }),
  pub('GET', '/login/oidc/callback', { optional: true }),
  r('GET', '/', 'session', ROLES), // redirect to the role's start page (anonymous: to /login)

  r('GET', '/api/csrf-token', 'session', ROLES),

  // Outgoing mail names cases and tasks: case roles only (admin manages users, it does not read case traffic).
  r('GET', '/api/utkorg', 'own', CASE_ROLES),

  r('GET', '/modeller', 'models', ['processagare']),
  r('GET', '/modeler', 'models', ['processagare']),
  r('USE', '/modeler/assets', 'models', ['processagare']),
  r('GET', '/api/modeler/models', 'models', ['processagare']),
  r('GET', '/api/modeler/models/:id', 'models', ['processagare']),
  r('GET', '/api/modeler/models/:id/export', 'models', ['processagare']),
  r('GET', '/api/modeler/forms/:id', 'models', ['processagare']),
  r('GET', '/api/modeler/diff', 'models', ['processagare']),
  r('POST', '/api/modeler/deploy/preview', 'models', ['processagare']),
  r('POST', '/api/modeler/deploy', 'models', ['processagare']),

  r('GET', '/uppgifter', 'task', CASE_ROLES),
  r('GET', '/uppgifter/:taskId', 'task', CASE_ROLES),
  r('POST', '/uppgifter/:taskId', 'task', CASE_ROLES),
  r('POST', '/uppgifter/:taskId/ta', 'task', CASE_ROLES),
  r('POST', '/uppgifter/:taskId/lamna', 'task', CASE_ROLES),
  r('POST', '/uppgifter/:taskId/tilldela', 'task', CASE_ROLES),
  r('GET', '/api/tasks', 'task', CASE_ROLES),
  r('GET', '/api/tasks/:taskId', 'task', CASE_ROLES),
  r('POST', '/api/tasks/:taskId/claim', 'task', CASE_ROLES),
  r('POST', '/api/tasks/:taskId/unclaim', 'task', CASE_ROLES),
  r('POST', '/api/tasks/:taskId/assign', 'task', CASE_ROLES),
  r('POST', '/api/tasks/:taskId/complete', 'task', CASE_ROLES),

  r('GET', '/arenden/:caseId', 'case', CASE_ROLES),
  r('GET', '/api/cases/:caseId', 'case', CASE_ROLES),
  // The samverkansplan for the individual (print page and PDF): the case view's access rule, every read logged.
  r('GET', '/arenden/:caseId/samverkansplan', 'case', CASE_ROLES),
  r('GET', '/arenden/:caseId/samverkansplan.pdf', 'case', CASE_ROLES),
  // "Försök igen" on a stuck step: the service also requires the ärendebärare's organisation or a samordnare.
  r('POST', '/arenden/:caseId/incidenter/:incidentId/forsok-igen', 'case', CASE_ROLES),
  // A party of an etablering asks for an extra kartläggningsträff (before the samtycke routes: a withdrawal hides the case).
  r('POST', '/arenden/:caseId/extra-traff', 'case', ['handlaggare']),
  r('POST', '/arenden/:caseId/overlamna-till-torget', 'case', ['handlaggare']),
  r('GET', '/arenden/:caseId/samtycke/aterkalla', 'case', ['handlaggare']),
  r('POST', '/arenden/:caseId/samtycke/aterkalla', 'case', ['handlaggare']),
  // Stuck steps of every case, so none goes unseen (the samordnare follow up; admin runs the system).
  r('GET', '/incidenter', 'operations', INCIDENT_OVERVIEW_ROLES),
  // Stuck and overdue cases per organisation and step: counts for the styrgrupp; the case rows (pseudonymous ids,
  // linked only where the user may open the case) for the samordnare and admin. Every view is audited.
  r('GET', '/fastnade-arenden', 'operations', STUCK_OVERVIEW_ROLES),

  // Start forms: only a handläggare of a party aktualiserar (never the person themself).
  r('GET', '/starta', 'case', ['handlaggare']),
  r('GET', '/aktualisera/:verksamhet', 'case', ['handlaggare']),
  r('POST', '/aktualisera/:verksamhet', 'case', ['handlaggare']),
  r('GET', '/inventering', 'case', ['handlaggare'], ['umea-fsd']),
  r('POST', '/inventering', 'case', ['handlaggare'], ['umea-fsd']),
  r('GET', '/inskrivning', 'case', ['handlaggare'], ['af']),
  r('POST', '/inskrivning', 'case', ['handlaggare'], ['af']),
  // Beredning agenda: membership of beredning-<group> is checked by the service.
  r('GET', '/beredning', 'case', CASE_ROLES),
  r('POST', '/beredning/beslut', 'case', CASE_ROLES),

  r('GET', '/notiser', 'own', CASE_ROLES),
  r('POST', '/notiser/:id/last', 'own', CASE_ROLES),
  r('POST', '/notiser/las-alla', 'own', CASE_ROLES),
  r('GET', '/utkorg', 'own', CASE_ROLES),

  r('GET', '/styrgrupp', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/data/:figure.csv', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/diagram/:processId/:version', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/bokslut', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/bokslut.xlsx', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/bokslut.pdf', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/bokslut.csv', 'aggregate', AGGREGATE_ROLES),
  r('GET', '/styrgrupp/finsam.csv', 'aggregate', AGGREGATE_ROLES),
  // Survey and statistics results for the bokslut's indicators: everyone who sees the bokslut reads them, the förbundskansli enters them.
  r('GET', '/styrgrupp/bokslut/enkater', 'aggregate', AGGREGATE_ROLES),
  r('POST', '/styrgrupp/bokslut/enkater', 'aggregate', ['forbundskansli', 'admin']),

  r('GET', '/logg', 'audit-review', ['logggranskare']),
  r('GET', '/logg.csv', 'audit-review', ['logggranskare']),
];
