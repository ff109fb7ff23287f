import type { SessionUser } from '../middleware/auth.js';
import { config } from '../config.js';
import { INCIDENT_OVERVIEW_ROLES } from '../policy/routes.js';
import { sv } from '../ui/texts.sv.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { html, type SafeHtml } from './html.js';

export interface PageContext {
  user?: SessionUser | undefined;
  csrfToken?: string | undefined;
  /** The current path, to mark the active menu item. */
  path?: string;
  flash?: string | undefined;
  /** Unread in-app notifications: the count beside "Notiser" in the menu. */
  unreadNotifications?: number | undefined;
}

interface MenuItem { href: string; label: string; roles?: readonly string[]; show?: (u: SessionUser) => boolean; count?: boolean; exact?: boolean; external?: boolean }

const MENU: MenuItem[] = [
  { href: '/uppgifter', label: sv.menu.tasks },
  { href: '/starta', label: workSv.menu.start, roles: ['handlaggare'] },
  { href: '/beredning', label: workSv.menu.agenda, show: (u) => u.groups.some((g) => g.startsWith('beredning-')) },
  { href: '/notiser', label: workSv.menu.notifications, roles: ['handlaggare', 'samordnare'], count: true },
  { href: '/utkorg', label: workSv.menu.outbox, roles: ['handlaggare', 'samordnare'] },
  { href: '/incidenter', label: workSv.menu.incidents, roles: INCIDENT_OVERVIEW_ROLES },
  { href: '/modeler', label: sv.menu.modeler, roles: ['processagare', 'admin'] },
  { href: '/styrgrupp', label: sv.menu.reports, roles: ['styrgrupp', 'forbundskansli', 'admin'], exact: true },
  { href: '/styrgrupp/bokslut', label: sv.menu.bokslut, roles: ['styrgrupp', 'forbundskansli', 'admin', 'samordnare'] },
];

/** The engine's Cockpit (monitoring of instances and incidents) for the styrgrupp and the processägare. */
export function cockpitUrl(): string | undefined {
  let base: string | undefined;
  try {
    base = config().ENGINE_WEBAPP_URL;
  } catch {
    base = undefined; // no valid configuration (e.g. a view rendered outside the app): no link
  }
  return base ? `${base.replace(/\/$/, '')}/app/cockpit/default/` : undefined;
}

function cockpitItem(): MenuItem[] {
  const url = cockpitUrl();
  return url ? [{ href: url, label: sv.menu.cockpit, roles: ['styrgrupp', 'forbundskansli', 'admin', 'processagare'], external: true }] : [];
}

/** The page shell: lang="sv", skip link, role-based menu, logout form, main landmark. */
export function layout(ctx: PageContext & { title: string; body: SafeHtml; scripts?: string[]; styles?: string[] }): SafeHtml {
  const user = ctx.user;
  const items = user ? [...MENU, ...cockpitItem()].filter((m) => (!m.roles || m.roles.includes(user.role)) && (!m.show || m.show(user))) : [];
  return html`<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.title} – ${sv.appName}</title>
${ctx.csrfToken ? html`<meta name="csrf-token" content="${ctx.csrfToken}">` : ''}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
${(ctx.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
${(ctx.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${sv.skipLink}</a>
<header class="site-header">
  <div class="brand"><a href="/">${sv.appName}</a> <span class="subtitle">${sv.appSubtitle}</span></div>
  ${user
    ? html`<nav aria-label="${sv.mainMenu}"><ul class="menu">${items.map(
        (m) => html`<li><a href="${m.href}"${m.external ? html` rel="noopener" target="_blank"` : ''}${(m.exact ? ctx.path === m.href : ctx.path?.startsWith(m.href)) ? html` aria-current="page"` : ''}>${m.label}${m.count && ctx.unreadNotifications ? html` <span class="badge">${workSv.unread(ctx.unreadNotifications)}</span>` : ''}</a></li>`,
      )}</ul></nav>
  <div class="user">
    <span>${sv.loggedInAs(user.displayName, user.orgCode)}</span>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="link-button">${sv.logout}</button></form>
  </div>`
    : ''}
</header>
<main id="main" tabindex="-1">
${ctx.flash ? html`<div class="flash" role="status">${ctx.flash}</div>` : ''}
${ctx.body}
</main>
</body>
</html>`;
}

/** A simple error/message page. */
export function messagePage(ctx: PageContext & { title: string; message: string }): SafeHtml {
  return layout({
    ...ctx,
    body: html`<h1>${ctx.title}</h1><p>${ctx.message}</p><p><a href="/">${sv.errors.backToStart}</a></p>`,
  });
}
