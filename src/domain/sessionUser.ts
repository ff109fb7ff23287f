import type { OrgCode, Role } from './organisations.js';

/** The logged-in user as stored in the session: who acts, for which organisation, in which role and groups. */
export interface SessionUser {
  username: string;
  displayName: string;
  orgCode: OrgCode;
  role: Role;
  /** Candidate-group codes the user belongs to (org code, beredning-<group>, samordnare, ...). */
  groups: string[];
}
