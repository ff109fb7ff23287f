import type { AddressInfo } from 'node:net';

import { type AppDeps, createApp } from '../../../src/app.js';
import { listen } from '../../../src/httpServer.js';

/** The app listening in-process on a random port. */
export interface RunningApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the Express app in-process on a random port (its dependencies stay the caller's to stop). */
export async function startApp(deps: AppDeps): Promise<RunningApp> {
  const app = createApp(deps);
  const server = await listen(app, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeIdleConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await (app.locals.close as () => Promise<void>)();
    },
  };
}

/** A tiny cookie-keeping HTTP client (no redirects followed), like a browser session. */
export class WebClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request(
    path: string,
    init: RequestInit & { form?: Record<string, string>; json?: unknown } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    let body = init.body;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(this.baseUrl + path, { ...init, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** The Cookie header of this session (for load generators). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The CSRF token of a page (the hidden _csrf field or the meta tag). */
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.request(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  /** Logs in through the embedded login form. */
  async login(username: string, password = 'demo'): Promise<Response> {
    const token = await this.csrfFrom('/login');
    return this.request('/login', { method: 'POST', form: { _csrf: token, username, password, next: '/uppgifter' } });
  }

  private apiToken: string | undefined;

  /** POSTs JSON to the API with the session's CSRF token (GET /api/csrf-token once), as the UI's scripts do. */
  async postJson(path: string, body: unknown = {}, init: RequestInit = {}): Promise<Response> {
    this.apiToken ??= ((await (await this.request('/api/csrf-token')).json()) as { token: string }).token;
    return this.request(path, {
      ...init,
      method: 'POST',
      headers: {
        accept: 'application/json',
        'x-csrf-token': this.apiToken,
        ...(init.headers as Record<string, string> | undefined),
      },
      json: body,
    });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
