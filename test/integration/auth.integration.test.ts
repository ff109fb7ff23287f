import { useApp } from './support/useApp.js';
import { WebClient } from './support/webClient.js';

describe('login, sessions and CSRF', () => {
  const app = useApp();

  test.each([
    ['af.handlaggare', '/uppgifter'],
    ['processagare', '/modeler'],
    ['styrgrupp', '/styrgrupp'],
    ['logggranskare', '/logg'],
  ])(
    'when %s logs in without a target page, then the start page is the one of the role (%s) and it opens',
    async (username, home) => {
      // given
      const web = new WebClient(app.baseUrl);
      const token = await web.csrfFrom('/login');
      // when
      const login = await web.request('/login', { method: 'POST', form: { _csrf: token, username, password: 'demo' } });
      const start = await web.request('/');
      // then
      expect(login.headers.get('location')).toBe('/');
      expect(start.headers.get('location')).toBe(home);
      expect((await web.request(home)).status).toBe(200);
    },
  );

  test('when a demo user logs in with the right password, then the session id is regenerated and the task list opens', async () => {
    // given
    const web = new WebClient(app.baseUrl);
    const token = await web.csrfFrom('/login');
    const anonymousSid = web.cookie('samverkan.sid');
    // when
    const res = await web.request('/login', {
      method: 'POST',
      form: { _csrf: token, username: 'af.handlaggare', password: 'demo', next: '/uppgifter' },
    });
    // then
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/uppgifter');
    expect(web.cookie('samverkan.sid')).toBeDefined();
    expect(web.cookie('samverkan.sid')).not.toBe(anonymousSid);
    const page = await web.request('/uppgifter');
    expect(page.status).toBe(200);
  });

  test('when the password is wrong, then the login page says so in Swedish with 401', async () => {
    const web = new WebClient(app.baseUrl);
    const token = await web.csrfFrom('/login');
    const res = await web.request('/login', {
      method: 'POST',
      form: { _csrf: token, username: 'af.handlaggare', password: 'fel' },
    });
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).toContain('Fel användarnamn eller lösenord.');
    expect(body).toContain('lang="sv"');
  });

  test('when a form is posted without a CSRF token, then it is rejected with 403 and a Swedish page', async () => {
    const web = new WebClient(app.baseUrl);
    await web.csrfFrom('/login');
    const res = await web.request('/login', { method: 'POST', form: { username: 'af.handlaggare', password: 'demo' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Sidan har gått ut');
  });

  test('when not logged in, then pages redirect to login and the API answers 401 JSON', async () => {
    const web = new WebClient(app.baseUrl);
    const page = await web.request('/uppgifter');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toMatch(/^\/login\?next=/);
    const api = await web.request('/api/tasks');
    expect(api.status).toBe(401);
  });

  test('when a user logs out, then the session no longer works', async () => {
    const web = new WebClient(app.baseUrl);
    await web.login('fk.handlaggare');
    const token = await web.csrfFrom('/uppgifter');
    const res = await web.request('/logout', { method: 'POST', form: { _csrf: token } });
    expect(res.status).toBe(303);
    expect((await web.request('/uppgifter')).status).toBe(302);
  });

  test('when a page does not exist, then a Swedish 404 page is shown with security headers', async () => {
    const web = new WebClient(app.baseUrl);
    const res = await web.request('/finns-inte');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Sidan finns inte');
  });
});
