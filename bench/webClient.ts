/** A small cookie-keeping HTTP client (no redirects followed), like a browser session of a demo user. */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
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

  /** Logs in through the embedded login form (CSRF token from the page), then fetches the API's CSRF token. */
  async login(username: string, password = 'demo'): Promise<void> {
    const page = await (await this.request('/login')).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(page) ?? /name="csrf-token" content="([^"]+)"/.exec(page);
    if (!m) throw new Error('no CSRF token on /login');
    const res = await this.request('/login', { method: 'POST', form: { _csrf: m[1]!, username, password, next: '/uppgifter' } });
    await res.arrayBuffer();
    if (res.status !== 303) throw new Error(`login as ${username} failed: HTTP ${res.status}`);
    const tokenRes = await this.request('/api/csrf-token');
    if (!tokenRes.ok) throw new Error(`GET /api/csrf-token as ${username}: HTTP ${tokenRes.status}`);
    this.csrf = ((await tokenRes.json()) as { token: string }).token;
  }

  /** A JSON API call; state-changing calls carry the X-CSRF-Token header. */
  async api<T>(method: 'GET' | 'POST', path: string, json?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.request(path, { method, headers, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (an error page): keep the text
    }
    return { status: res.status, body: body as T };
  }
}
