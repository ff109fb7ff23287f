// JSON calls to /api/modeler (same origin; the session cookie authenticates, the CSRF token guards writes).

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

/** GET a JSON resource; throws with the server's (Swedish) error text on failure. */
export async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ?? `HTTP ${res.status}`), { status: res.status, body });
  return body;
}

/** POST JSON; resolves with `{ status, body }` so callers can show refusals (422) themselves. */
export async function postJson(url, payload) {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}
