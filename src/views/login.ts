import { sv } from '../ui/texts.sv.js';
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

/** The embedded login page (and the OIDC button when configured). */
export function loginPage(
  ctx: PageContext & { next: string; username?: string; error?: string; oidc: boolean; demo: boolean },
) {
  return layout({
    ...ctx,
    title: sv.login.title,
    body: html`<div class="login">
<h1>${sv.login.title}</h1>
${ctx.error ? html`<div class="error-summary" role="alert" tabindex="-1" id="login-error"><p>${ctx.error}</p></div>` : ''}
${ctx.oidc ? html`<p><a class="button" href="/login/oidc?next=${encodeURIComponent(ctx.next)}">${sv.login.oidc}</a></p>` : ''}
<form method="post" action="/login" novalidate>
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="next" value="${ctx.next}">
  <label for="username">${sv.login.username}</label>
  <input id="username" name="username" autocomplete="username" required value="${ctx.username ?? ''}"${ctx.error ? html` aria-describedby="login-error"` : ''}>
  <label for="password">${sv.login.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <p><button type="submit">${sv.login.submit}</button></p>
</form>
${ctx.demo ? html`<p>${sv.login.demoHint}</p>` : ''}
</div>`,
  });
}
