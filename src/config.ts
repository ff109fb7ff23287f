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
    /** Operaton's REST API (`…/engine-rest`); `npm start` and the tests set it to the embedded engine. */
    ENGINE_REST_URL: z.string().url().default('http://127.0.0.1:8089/engine-rest'),
    /** Basic-auth credentials for the engine REST API (production: the launcher runs with ENGINE_REST_BASIC_AUTH=true). */
    ENGINE_REST_USER: z.string().min(1).optional(),
    ENGINE_REST_PASSWORD: z.string().min(1).optional(),
    /**
     * The engine's PostgreSQL database. The app LISTENs there for the launcher's task events (`pg_notify('engine_task')`),
     * which keep the task list current within milliseconds; without it the list is reconciled from the REST API only.
     */
    ENGINE_DB_URL: z.string().min(1).optional(),
    /** Base URL of the engine's webapps (Cockpit) for links in the menu, e.g. `https://motor.example.se/operaton`. */
    ENGINE_WEBAPP_URL: z.string().url().optional(),
    /** Only in tests: the launcher's controlled clock (`/engine-test/clock`). */
    ENGINE_TEST_CLOCK_URL: z.string().url().optional(),
    /**
     * How long a worker's fetch-and-lock long poll waits for work. Keep it ≤ 5 s with more than one engine node: a task
     * created on another node reaches a waiting poll only when that poll returns.
     */
    WORKER_LONG_POLL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
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
    DATA_ENCRYPTION_KEY_ID: z
      .string()
      .regex(/^[a-z0-9-]{1,16}$/)
      .default('k1'),
    /** Retired keys that still decrypt until scripts/rotate-key.ts has re-encrypted everything: `k1:<base64>,k0:<base64>`. */
    DATA_ENCRYPTION_OLD_KEYS: z
      .string()
      .regex(/^([a-z0-9-]{1,16}:[A-Za-z0-9+/=]+)(,[a-z0-9-]{1,16}:[A-Za-z0-9+/=]+)*$/)
      .optional(),
    /** Gallring: personal data of a case is removed this many years after avslut (socialtjänst rule: 5). */
    GALLRING_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ENGINE_REST_USER) !== Boolean(env.ENGINE_REST_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENGINE_REST_PASSWORD'],
        message: 'set both ENGINE_REST_USER and ENGINE_REST_PASSWORD, or neither',
      });
    }
    if (env.SAMVERKAN_MODE === 'production') {
      for (const key of ['DATABASE_URL', 'SESSION_SECRET', 'DATA_ENCRYPTION_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required in production mode` });
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
