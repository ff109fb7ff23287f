import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is asking, from where: read by the audit log so every entry carries the client IP without threading it through. */
export interface RequestContext {
  ip: string | null;
  method: string;
  path: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (the rest of the request) with the request's context. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context; undefined outside a request (workers, jobs, scripts). */
export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}
