import { WebClient as BrowserSession } from '../test/integration/support/webClient.js';

/**
 * A logged-in API session of a demo user for the load generators: the tests' cookie-keeping client, plus a login that
 * must succeed and the API's CSRF token for state-changing calls.
 */
export class WebClient extends BrowserSession {
  private csrf: string | undefined;

  /** Logs in through the embedded login form, then fetches the API's CSRF token; throws when either fails. */
  override async login(username: string, password = 'demo'): Promise<Response> {
    const res = await super.login(username, password);
    await res.arrayBuffer();
    if (res.status !== 303) throw new Error(`login as ${username} failed: HTTP ${res.status}`);
    const tokenRes = await this.request('/api/csrf-token');
    if (!tokenRes.ok) throw new Error(`GET /api/csrf-token as ${username}: HTTP ${tokenRes.status}`);
    this.csrf = ((await tokenRes.json()) as { token: string }).token;
    return res;
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
