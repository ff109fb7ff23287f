import type { RoutePolicy } from './routes.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A matcher for an Express path pattern (`:param` segments only, the only syntax the app uses). */
export function compilePath(path: string, { prefix = false } = {}): RegExp {
  const body = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg)))
    .join('/');
  return new RegExp(`^${body}${prefix ? '(?:/.*)?' : '/?'}$`);
}

/** A route table compiled once; `find` returns the policy of a request (method + path), or undefined. */
export function compilePolicies(table: readonly RoutePolicy[]) {
  const routes = table.filter((p) => p.method !== 'USE').map((p) => ({ p, re: compilePath(p.path) }));
  // longest prefix first, so /static/build wins over /static
  const mounts = table
    .filter((p) => p.method === 'USE')
    .sort((a, b) => b.path.length - a.path.length)
    .map((p) => ({ p, re: compilePath(p.path, { prefix: true }) }));
  return {
    find(method: string, path: string): RoutePolicy | undefined {
      const m = method === 'HEAD' ? 'GET' : method;
      return routes.find((x) => x.p.method === m && x.re.test(path))?.p ?? mounts.find((x) => x.re.test(path))?.p;
    },
    /** True when some route (any method) of the table matches the path. */
    knowsPath(path: string): boolean {
      return routes.some((x) => x.re.test(path)) || mounts.some((x) => x.re.test(path));
    },
  };
}
