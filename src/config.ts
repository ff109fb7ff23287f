import { z } from 'zod';

/**
 * All configuration comes from the environment, parsed once at start-up; the process crashes on invalid values.
 * `embedded` (default) runs against the engine and PostgreSQL that `npm start` starts on this machine;
 * `production` requires every external address to be set explicitly.
 */
const EnvSchema = z
  .object({
    SAMVERKAN_MODE: z.enum(['embedded', 'production']).default('embedded'),
    NODE_ENV: z.string().default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.string().min(1).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(20),
    /**
     * Pause after a batch of jobs before a worker asks for more. The SDK's 300 ms caps a worker at ~50 jobs/s and delays
     * hand-offs; 10 ms is faster (see docs/benchmarks.md) but made user-task jobs go missing in tests, so 300 ms stays the default.
     */
    WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(300),
    ZEEBE_GRPC_ADDRESS: z.string().default('grpc://127.0.0.1:26500'),
    ZEEBE_REST_ADDRESS: z.string().url().default('http://127.0.0.1:8080'),
    CAMUNDA_AUTH_STRATEGY: z.enum(['NONE', 'OAUTH', 'BASIC', 'BEARER', 'COOKIE']).default('NONE'),
    CAMUNDA_OAUTH_URL: z.string().url().optional(),
    ZEEBE_CLIENT_ID: z.string().optional(),
    ZEEBE_CLIENT_SECRET: z.string().optional(),
    /** Actuator base of the engine; only used for the controlled clock in tests and the year replay. */
    ENGINE_MANAGEMENT_URL: z.string().url().optional(),
    /** Link to Operate shown in the menu (the production cluster's Operate). */
    OPERATE_URL: z.string().url().optional(),
    WORKERS_ENABLED: z.enum(['true', 'false']).default('true'),
    WEB_ENABLED: z.enum(['true', 'false']).default('true'),
    SESSION_SECRET: z.string().min(32).optional(),
    /** OIDC login (production): enabled when issuer, client id and secret are set; the claim maps to users.username (fallback: email). */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_USERNAME_CLAIM: z.string().default('preferred_username'),
    /** SMTP server for outgoing mail (smtp://user:pass@host:587); unset: no delivery, the outbox table is the mailbox. */
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Samverkan <noreply@samverkan.local>'),
    /** 32-byte key, base64, for column encryption of personnummer. */
    DATA_ENCRYPTION_KEY: z.string().optional(),
    /** Id of DATA_ENCRYPTION_KEY, written in front of every ciphertext (`v2:<id>:…`) so a rotation knows which key made it. */
    DATA_ENCRYPTION_KEY_ID: z.string().regex(/^[a-z0-9-]{1,16}$/).default('k1'),
    /** Retired keys that still decrypt until scripts/rotate-key.ts has re-encrypted everything: `k1:<base64>,k0:<base64>`. */
    DATA_ENCRYPTION_OLD_KEYS: z.string().regex(/^([a-z0-9-]{1,16}:[A-Za-z0-9+/=]+)(,[a-z0-9-]{1,16}:[A-Za-z0-9+/=]+)*$/).optional(),
    /** Gallring: personal data of a case is removed this many years after avslut (socialtjänst rule: 5). */
    GALLRING_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  })
  .superRefine((env, ctx) => {
    if (env.SAMVERKAN_MODE === 'production') {
      for (const key of ['DATABASE_URL', 'SESSION_SECRET', 'DATA_ENCRYPTION_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required in production mode` });
      }
      if (env.CAMUNDA_AUTH_STRATEGY === 'OAUTH' && (!env.ZEEBE_CLIENT_ID || !env.ZEEBE_CLIENT_SECRET || !env.CAMUNDA_OAUTH_URL)) {
        ctx.addIssue({ code: 'custom', path: ['CAMUNDA_OAUTH_URL'], message: 'OAUTH needs CAMUNDA_OAUTH_URL, ZEEBE_CLIENT_ID and ZEEBE_CLIENT_SECRET' });
      }
    }
  });

export type Config = z.infer<typeof EnvSchema>;

/** Parses the environment; throws with every invalid key listed. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (!result.data.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  DATABASE_URL: required (npm start sets it for the embedded database)');
  }
  return result.data;
}

let cached: Config | undefined;
/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}
