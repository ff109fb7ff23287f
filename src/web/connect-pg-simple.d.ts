declare module 'connect-pg-simple' {
  import type session from 'express-session';
  import type { Pool } from 'pg';
  interface Options {
    pool?: Pool;
    conString?: string;
    tableName?: string;
    createTableIfMissing?: boolean;
    pruneSessionInterval?: false | number;
    errorLog?: (...args: unknown[]) => void;
  }
  export default function connectPgSimple(
    s: typeof session,
  ): new (options?: Options) => session.Store & { close(): Promise<void> };
}
