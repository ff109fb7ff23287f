import type { Notification } from '../repositories/notifications.js';
import type { OutboxMessage } from '../repositories/outbox.js';
import { inAppPath } from '../services/notificationInbox.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { formatDateTime } from '../ui/texts.sv.js';
import { csrfField } from './formFields.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';
import { CASEWORK_CSS } from './startForms.js';

/** /notiser: the user's in-app notifications, unread first in weight (text says read/unread, not colour alone). */
export function notificationsPage(ctx: PageContext & { notifications: Notification[] }): SafeHtml {
  return layout({
    ...ctx,
    title: t.notifications.title,
    styles: [CASEWORK_CSS],
    body: html`<h1>${t.notifications.title}</h1>
${
  ctx.notifications.some((n) => !n.readAt)
    ? html`<form method="post" action="/notiser/las-alla" class="inline">${csrfField(ctx.csrfToken)}<button type="submit" class="secondary">${t.notifications.markAll}</button></form>`
    : ''
}
${
  ctx.notifications.length === 0
    ? html`<p>${t.notifications.empty}</p>`
    : html`<ul class="notice-list">${ctx.notifications.map((n) => {
        const link = inAppPath(n.link);
        return html`<li class="${n.readAt ? 'read' : 'unread'}">
<div><span class="notice-title">${n.title}</span> <span class="badge">${n.readAt ? t.notifications.read : t.notifications.unread}</span><br>
<span class="hint">${t.notifications.created} <time datetime="${new Date(n.createdAt).toISOString()}">${formatDateTime(n.createdAt)}</time>${n.caseId ? html` · <a href="/arenden/${encodeURIComponent(n.caseId)}">${n.caseId}</a>` : ''}</span></div>
<div class="row">${link ? html`<a class="button secondary" href="${link}">${t.notifications.open}</a>` : ''}
${n.readAt ? '' : html`<form method="post" action="/notiser/${n.id}/last" class="inline">${csrfField(ctx.csrfToken)}<button type="submit" class="secondary" aria-label="${t.notifications.markReadFor(n.title)}">${t.notifications.markRead}</button></form>`}</div>
</li>`;
      })}</ul>`
}`,
  });
}

/** /utkorg: outgoing mail in the embedded mode (nothing leaves the machine; the messages are shown here). */
export function outboxPage(
  ctx: PageContext & { messages: OutboxMessage[]; all: boolean; caseId?: string | undefined },
): SafeHtml {
  return layout({
    ...ctx,
    title: t.outbox.title,
    styles: [CASEWORK_CSS],
    body: html`<h1>${t.outbox.title}</h1>
<p>${t.outbox.intro} ${ctx.all ? t.outbox.introAll : t.outbox.introOwn}</p>
<form method="get" action="/utkorg" class="filters">
<div><label for="arende">${t.outbox.caseFilter}</label><input id="arende" name="arende" value="${ctx.caseId ?? ''}"></div>
<button type="submit">${t.outbox.show}</button>
</form>
${
  ctx.messages.length === 0
    ? html`<p>${t.outbox.empty}</p>`
    : html`<div class="table-scroll"><table><caption class="visually-hidden">${t.outbox.title}</caption>
<thead><tr><th scope="col">${t.outbox.created}</th><th scope="col">${t.outbox.to}</th><th scope="col">${t.outbox.subject}</th><th scope="col">${t.outbox.state}</th></tr></thead>
<tbody>${ctx.messages.map(
        (
          m,
        ) => html`<tr><td><time datetime="${new Date(m.createdAt).toISOString()}">${formatDateTime(m.createdAt)}</time></td><td>${m.recipientUsername}${m.recipientEmail ? html`<br><span class="hint">${m.recipientEmail}</span>` : ''}</td>
<td><details class="mail"><summary>${m.subject}</summary><pre>${m.bodyText}</pre></details>${m.caseId ? html`<span class="hint">${m.caseId}</span>` : ''}</td>
<td>${m.sentAt ? html`${t.outbox.sent} ${formatDateTime(m.sentAt)}` : m.lastError ? t.outbox.failed(m.attempts) : t.outbox.pending}</td></tr>`,
      )}</tbody></table></div>`
}`,
  });
}
