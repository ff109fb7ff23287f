import type { Express } from 'express';

/** A route as Express registered it: upper-case method and the path pattern (mount prefix included). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[]; length?: number };
  rawPath?: string | string[];
  slash?: boolean;
  name?: string;
}

const join = (prefix: string, p: string) =>
  prefix === '' || prefix === '/' ? p : p === '/' ? prefix : `${prefix}${p}`;

/**
 * Every route registered on the app, read from the live router stack (Express 5 `app.router`), including routes of
 * routers mounted with `app.use(router)`. Static middleware mounted on a path is listed as method `USE`.
 * The policy matrix test compares this list with the route table, so a route added without a policy is caught.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const root =
    (app as unknown as { router?: { stack: LayerLike[] }; _router?: { stack: LayerLike[] } }).router ??
    (app as unknown as { _router: { stack: LayerLike[] } })._router;
  const out: RegisteredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [m, on] of Object.entries(layer.route.methods))
            if (on && m !== '_all') out.push({ method: m.toUpperCase(), path: join(prefix, p) });
        }
        continue;
      }
      if (layer.handle?.length === 4) continue; // error middleware, not a route
      const mount = typeof layer.rawPath === 'string' && !layer.slash ? layer.rawPath : '';
      if (layer.handle?.stack) walk(layer.handle.stack, join(prefix, mount));
      else if (mount && mount !== '/') out.push({ method: 'USE', path: join(prefix, mount) });
    }
  };
  walk(root.stack, '');
  const seen = new Set<string>();
  return out.filter((r) => (seen.has(`${r.method} ${r.path}`) ? false : (seen.add(`${r.method} ${r.path}`), true)));
}
