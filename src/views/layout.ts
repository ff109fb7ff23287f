import { config } from '../config.js';
import type { SessionUser } from '../middleware/auth.js';
import { compilePolicies } from '../policy/match.js';
import { ROUTE_POLICIES } from '../policy/routes.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { orgLabel } from '../ui/labels.sv.js';
import { sv } from '../ui/texts.sv.js';
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

/**
 * A menu entry. Who sees it is not written here: an internal link is shown only when the route table
 * (../policy/routes.ts) lets the user's role and organisation open it, so no role sees a link that answers 403.
 * `show` narrows it further where the service decides beyond the role (e.g. membership of a beredning group).
 */
interface MenuItem {
  href: string;
  label: string;
  show?: (u: SessionUser) => boolean;
  count?: boolean;
  exact?: boolean;
}

const MENU: MenuItem[] = [
  { href: '/uppgifter', label: sv.menu.tasks },
  { href: '/starta', label: workSv.menu.start },
  { href: '/beredning', label: workSv.menu.agenda, show: (u) => u.groups.some((g) => g.startsWith('beredning-')) },
  { href: '/notiser', label: workSv.menu.notifications, count: true },
  { href: '/utkorg', label: workSv.menu.outbox },
  { href: '/incidenter', label: workSv.menu.incidents },
  { href: '/fastnade-arenden', label: sv.menu.stuck },
  { href: '/modeler', label: sv.menu.modeler },
  { href: '/styrgrupp', label: sv.menu.reports, exact: true },
  { href: '/styrgrupp/bokslut', label: sv.menu.bokslut },
  { href: '/logg', label: sv.menu.audit },
];

const policies = compilePolicies(ROUTE_POLICIES);

/** True when the route table lets the user GET the path (role, and organisation where the row names some). */
export function mayOpen(user: Pick<SessionUser, 'role' | 'orgCode'>, path: string): boolean {
  const p = policies.find('GET', path);
  if (!p) return false;
  if (p.scope === 'public') return true;
  return p.roles.includes(user.role) && (!p.orgs || p.orgs.includes(user.orgCode));
}

/** The menu entries the user may open, in menu order. */
export function menuFor(
  user: SessionUser,
): { href: string; label: string; count?: boolean; exact?: boolean; external?: boolean }[] {
  const internal = MENU.filter((m) => mayOpen(user, m.href) && (!m.show || m.show(user)));
  const cockpit = cockpitUrl();
  return cockpit && COCKPIT_ROLES.includes(user.role)
    ? [...internal, { href: cockpit, label: sv.menu.cockpit, external: true }]
    : internal;
}

/** Roles with a login to the engine's Cockpit (its own authorizations decide what they see there). */
const COCKPIT_ROLES: readonly string[] = ['styrgrupp', 'forbundskansli', 'admin', 'processagare'];

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

/** The page shell: lang="sv", skip link, role-based menu, logout form, main landmark. */
export function layout(
  ctx: PageContext & { title: string; body: SafeHtml; scripts?: string[]; styles?: string[] },
): SafeHtml {
  const user = ctx.user;
  const items = user ? menuFor(user) : [];
  return html`<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.title} – ${sv.appName}</title>
${ctx.csrfToken ? html`<meta name="csrf-token" content="${ctx.csrfToken}">` : ''}
<link rel="stylesheet" href="/static/app.css">
<script type="module" src="/static/page.js"></script>
${(ctx.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
${(ctx.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${sv.skipLink}</a>
<header class="site-header">
  <div class="brand"><a href="/">${sv.appName}</a> <span class="subtitle">${sv.appSubtitle}</span></div>
  ${
    user
      ? html`<nav aria-label="${sv.mainMenu}"><ul class="menu">${items.map(
          (m) =>
            html`<li><a href="${m.href}"${m.external ? html` rel="noopener" target="_blank"` : ''}${(m.exact ? ctx.path === m.href : ctx.path?.startsWith(m.href)) ? html` aria-current="page"` : ''}>${m.label}${m.count && ctx.unreadNotifications ? html` <span class="badge">${workSv.unread(ctx.unreadNotifications)}</span>` : ''}</a></li>`,
        )}</ul></nav>
  <div class="user">
    <span>${sv.loggedInAs(user.displayName, orgLabel(user.orgCode))}</span>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="link-button">${sv.logout}</button></form>
  </div>`
      : ''
  }
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
