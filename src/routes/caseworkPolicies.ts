import { CASE_ROLES, type RoutePolicy } from '../policy/routes.js';

/**
 * Route-table rows of the handläggare pages of issue 6 (start forms, beredning agenda, samtycke withdrawal,
 * notifications, outbox), in the shape of src/policy/routes.ts. They belong in ROUTE_POLICIES; until the security
 * work moves them there, app.ts hands them to policyGuard next to the table (deny by default stays).
 */
export const CASEWORK_ROUTE_POLICIES: readonly RoutePolicy[] = [
  { method: 'GET', path: '/starta', scope: 'case', roles: ['handlaggare'] },
  { method: 'GET', path: '/aktualisera/:verksamhet', scope: 'case', roles: ['handlaggare'] },
  { method: 'POST', path: '/aktualisera/:verksamhet', scope: 'case', roles: ['handlaggare'] },
  { method: 'GET', path: '/inventering', scope: 'case', roles: ['handlaggare'] },
  { method: 'POST', path: '/inventering', scope: 'case', roles: ['handlaggare'] },
  { method: 'GET', path: '/inskrivning', scope: 'case', roles: ['handlaggare'] },
  { method: 'POST', path: '/inskrivning', scope: 'case', roles: ['handlaggare'] },
  // membership of beredning-<group> is checked by the service
  { method: 'GET', path: '/beredning', scope: 'case', roles: CASE_ROLES },
  { method: 'POST', path: '/beredning/beslut', scope: 'case', roles: CASE_ROLES },
  { method: 'GET', path: '/arenden/:caseId/samtycke/aterkalla', scope: 'case', roles: ['handlaggare'] },
  { method: 'POST', path: '/arenden/:caseId/samtycke/aterkalla', scope: 'case', roles: ['handlaggare'] },
  { method: 'GET', path: '/notiser', scope: 'own', roles: CASE_ROLES },
  { method: 'POST', path: '/notiser/:id/last', scope: 'own', roles: CASE_ROLES },
  { method: 'GET', path: '/utkorg', scope: 'own', roles: CASE_ROLES },
];
