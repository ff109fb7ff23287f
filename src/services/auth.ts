import type { Knex } from 'knex';
import * as oidc from 'openid-client';

import type { Config } from '../config.js';
import type { OrgCode, Role } from '../domain/organisations.js';
import type { SessionUser } from '../domain/sessionUser.js';
import { findActiveUser, findActiveUserByEmail, groupsOf, type UserRow } from '../repositories/users.js';
import { verifyPassword } from './passwords.js';

// A fixed hash to compare against when the user does not exist, so response time does not reveal usernames.
const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

async function toSessionUser(db: Knex, row: UserRow): Promise<SessionUser> {
  return {
    username: row.username,
    displayName: row.display_name,
    orgCode: row.org_code as OrgCode,
    role: row.role as Role,
    groups: await groupsOf(db, row.username),
  };
}

/** Embedded login: checks the password against users.password_hash; undefined when wrong or unknown. */
export async function authenticateWithPassword(
  db: Knex,
  username: string,
  password: string,
): Promise<SessionUser | undefined> {
  const row = await findActiveUser(db, username.trim());
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !row.password_hash || !ok) return undefined;
  return toSessionUser(db, row);
}

export type OidcSettings = Pick<
  Config,
  'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_USERNAME_CLAIM' | 'PUBLIC_URL'
>;

/** OIDC login (production): discovery once, then authorization code + PKCE; a claim maps to an existing users row. */
export class OidcLogin {
  private configuration: Promise<oidc.Configuration> | undefined;
  constructor(private readonly settings: OidcSettings) {}

  /** True when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
  static enabled(s: Partial<OidcSettings>): boolean {
    return Boolean(s.OIDC_ISSUER && s.OIDC_CLIENT_ID && s.OIDC_CLIENT_SECRET);
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.settings.OIDC_ISSUER!), this.settings.OIDC_CLIENT_ID!, this.settings.OIDC_CLIENT_SECRET!)
      .catch((err) => {
        this.configuration = undefined; // retry discovery on the next login
        throw err;
      });
    return this.configuration;
  }

  /** The redirect to the identity provider and the checks to keep in the session. */
  async start(redirectUri: string): Promise<{ url: string; codeVerifier: string; state: string; nonce: string }> {
    const cfg = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, codeVerifier, state, nonce };
  }

  /** Exchanges the code and maps the claim to a users row (by username, then by e-mail); undefined when no such user. */
  async finish(
    db: Knex,
    callbackUrl: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<SessionUser | undefined> {
    const cfg = await this.config();
    const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
    });
    const claims = tokens.claims();
    if (!claims) return undefined;
    const claimValue = claims[this.settings.OIDC_USERNAME_CLAIM];
    const row =
      (typeof claimValue === 'string' ? await findActiveUser(db, claimValue) : undefined) ??
      (typeof claims.email === 'string' && claims.email_verified !== false
        ? await findActiveUserByEmail(db, claims.email)
        : undefined);
    return row ? toSessionUser(db, row) : undefined;
  }
}
