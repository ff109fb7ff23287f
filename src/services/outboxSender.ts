import type { Knex } from 'knex';
import nodemailer, { type Transporter } from 'nodemailer';

import type { Logger } from '../logger.js';
import { claimDueMessages, markFailed, markSent, type OutboxMessage } from '../repositories/outbox.js';

/** Attempts before a message is left unsent for an operator (visible in /utkorg with its last error). */
export const MAX_ATTEMPTS = 10;

/** Delay before the next attempt after `attempts` failures: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * The transport: SMTP when `smtpUrl` is set; otherwise nodemailer's JSON transport, which delivers nowhere. In the
 * embedded default the outbox row itself is the delivered message, read in /utkorg.
 */
export function createTransport(smtpUrl: string | undefined): Transporter {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
}

function mailOf(m: OutboxMessage, from: string) {
  return {
    from,
    to: m.recipientEmail!,
    subject: m.subject,
    text: m.bodyText,
    // A stable Message-ID lets receiving servers drop a duplicate if a crash makes us send a message twice.
    messageId: `<${m.idempotencyKey.replace(/[^A-Za-z0-9.:_-]/g, '_')}@samverkan>`,
    ...(m.ics ? { icalEvent: { method: 'PUBLISH', filename: 'kallelse.ics', content: m.ics } } : {}),
  };
}

/**
 * Delivers one batch of due messages. Rows are locked while they are sent, so concurrent senders skip them; a
 * message without an e-mail address counts as delivered (the in-app notification reaches the user).
 */
export async function deliverBatch(
  db: Knex,
  transport: Transporter,
  { from, batchSize = 20, log }: { from: string; batchSize?: number; log: Logger },
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await db.transaction(async (trx) => {
    const due = await claimDueMessages(trx, { limit: batchSize, maxAttempts: MAX_ATTEMPTS });
    for (const m of due) {
      try {
        if (m.recipientEmail) await transport.sendMail(mailOf(m, from));
        await markSent(trx, m.id);
        sent += 1;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const retryInMs = retryDelayMs(m.attempts + 1);
        await markFailed(trx, m.id, { error, retryInMs });
        failed += 1;
        log.warn(
          { outboxId: m.id, caseId: m.caseId, attempts: m.attempts + 1, retryInMs, err: error },
          m.attempts + 1 >= MAX_ATTEMPTS ? 'mail failed, giving up' : 'mail failed, will retry',
        );
      }
    }
  });
  return { sent, failed };
}

export interface OutboxSender {
  /** Delivers what is due now (also used by tests). */
  flush(): Promise<{ sent: number; failed: number }>;
  stop(): Promise<void>;
}

/** Polls the outbox every `intervalMs` and delivers due messages until stopped. */
export function startOutboxSender(
  db: Knex,
  opts: { smtpUrl?: string; from: string; log: Logger; intervalMs?: number },
): OutboxSender {
  const transport = createTransport(opts.smtpUrl);
  const log = opts.log.child({ component: 'outbox-sender' });
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const flush = () => {
    const next = running.then(() => deliverBatch(db, transport, { from: opts.from, log }));
    running = next.catch(() => undefined);
    return next;
  };
  const tick = async () => {
    if (stopped) return;
    try {
      // Drain the queue in batches, then wait for the next tick.
      for (let i = 0; i < 50 && !stopped; i++) {
        const r = await flush();
        if (r.sent + r.failed === 0) break;
      }
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox delivery failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), opts.intervalMs ?? 2000);
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(() => void tick(), 0);
  log.info({ transport: opts.smtpUrl ? 'smtp' : 'json (outbox only)' }, 'outbox sender started');
  return {
    flush,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
