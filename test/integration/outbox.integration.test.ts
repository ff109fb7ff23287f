import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';

import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { logger } from '../../src/logger.js';
import { insertOutboxMessages } from '../../src/repositories/outbox.js';
import { listOutbox } from '../../src/services/notifications.js';
import { deliverBatch, retryDelayMs } from '../../src/services/outboxSender.js';
import { useApp } from './support/useApp.js';

// SMTP is outside our boundary: a recording transport stands in for it; the outbox table is real PostgreSQL.
// `hold`: every send waits for it (a slow SMTP server), and `sending` resolves at the first send.
function recordingTransport({ failTimes = 0, hold }: { failTimes?: number; hold?: Promise<void> } = {}) {
  const sent: { to: string; messageId: string; hasIcs: boolean }[] = [];
  let failures = 0;
  let firstSend: () => void = () => undefined;
  const sending = new Promise<void>((r) => (firstSend = r));
  const transport = {
    sendMail: async (mail: { to: string; messageId: string; icalEvent?: unknown }) => {
      firstSend();
      if (hold) await hold;
      if (failures < failTimes) {
        failures += 1;
        throw new Error('421 service not available');
      }
      sent.push({ to: mail.to, messageId: mail.messageId, hasIcs: Boolean(mail.icalEvent) });
      return {};
    },
    close: () => undefined,
  };
  return { transport: transport as unknown as Transporter, sent, sending };
}

describe('outbox sender and /utkorg service', () => {
  let db: Knex;
  const log = logger.child({ test: 'outbox' });
  const caseId = `OUTBOX-${Date.now().toString(36)}`;
  const message = (
    n: number,
    over: { recipientEmail?: string | null; recipientUsername?: string; ics?: string | null } = {},
  ) => ({
    idempotencyKey: `${caseId}-${n}:af.handlaggare`,
    recipientUsername: 'af.handlaggare',
    recipientEmail: 'af.handlaggare@demo.samverkan.local',
    subject: `Ny uppgift väntar – ärende ${caseId}`,
    bodyText: 'Hej!',
    ics: null,
    caseId,
    template: 'task-waiting',
    ...over,
  });
  const rowsOf = () => db('outbox_messages').where({ case_id: caseId }).orderBy('id');

  beforeAll(() => {
    db = createKnex(parseConfig().DATABASE_URL!);
  });
  beforeEach(async () => {
    // The run shares one database: process tests before this file leave unsent mail. deliverBatch sends every due
    // row, so take the backlog of other cases out of the way to count only this test's messages.
    await db('outbox_messages').whereNull('sent_at').whereNot({ case_id: caseId }).update({ sent_at: db.fn.now() });
  });
  afterEach(async () => {
    await db('outbox_messages').where({ case_id: caseId }).delete();
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('when the same idempotency key is inserted twice, then one row exists', async () => {
    expect(await insertOutboxMessages(db, [message(1)])).toBe(1);
    expect(await insertOutboxMessages(db, [message(1)])).toBe(0);
    expect(await rowsOf()).toHaveLength(1);
  });

  test('when SMTP fails, then the attempt and error are recorded and the message waits for its backoff before it is sent once', async () => {
    // given
    await insertOutboxMessages(db, [message(1, { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' })]);
    const smtp = recordingTransport({ failTimes: 1 });
    // when
    const first = await deliverBatch(db, smtp.transport, { from: 'x@samverkan.local', log });
    const tooEarly = await deliverBatch(db, smtp.transport, { from: 'x@samverkan.local', log });
    // then
    expect(first).toEqual({ sent: 0, failed: 1 });
    expect(tooEarly).toEqual({ sent: 0, failed: 0 });
    const [failed] = await rowsOf();
    expect(failed).toMatchObject({ attempts: 1, sent_at: null, last_error: '421 service not available' });
    expect(new Date(failed.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 5000);
    // and when the backoff has passed
    await db('outbox_messages').where({ id: failed.id }).update({ next_attempt_at: db.fn.now() });
    expect(await deliverBatch(db, smtp.transport, { from: 'x@samverkan.local', log })).toEqual({ sent: 1, failed: 0 });
    expect(smtp.sent).toEqual([
      { to: 'af.handlaggare@demo.samverkan.local', messageId: `<${caseId}-1:af.handlaggare@samverkan>`, hasIcs: true },
    ]);
    expect((await rowsOf())[0]).toMatchObject({ attempts: 2, last_error: null });
  });

  test('when two senders run at the same time, then each message is sent exactly once', async () => {
    // given: ten due messages; the first sender is held inside its first SMTP call (its rows stay claimed)
    await insertOutboxMessages(
      db,
      Array.from({ length: 10 }, (_, i) => message(i)),
    );
    let release: () => void = () => undefined;
    const slow = recordingTransport({ hold: new Promise<void>((r) => (release = r)) });
    const fast = recordingTransport();
    // when: the second sender runs to the end while the first one is mid-batch, then the first one finishes
    const first = deliverBatch(db, slow.transport, { from: 'x@samverkan.local', batchSize: 5, log });
    await slow.sending;
    const second = await deliverBatch(db, fast.transport, { from: 'x@samverkan.local', batchSize: 10, log });
    release();
    const firstResult = await first;
    // then: each took only rows the other had not claimed
    expect([firstResult.sent, second.sent]).toEqual([5, 5]);
    const all = [...slow.sent, ...fast.sent];
    expect(all).toHaveLength(10);
    expect(new Set(all.map((s) => s.messageId)).size).toBe(10);
    expect((await rowsOf()).every((r) => r.sent_at !== null)).toBe(true);
  });

  test('when a recipient has no e-mail address, then the row is marked delivered without SMTP (the in-app notification reaches them)', async () => {
    await insertOutboxMessages(db, [message(1, { recipientEmail: null })]);
    const smtp = recordingTransport();
    expect(await deliverBatch(db, smtp.transport, { from: 'x@samverkan.local', log })).toEqual({ sent: 1, failed: 0 });
    expect(smtp.sent).toHaveLength(0);
  });

  test('when the outbox is listed, then admin and samordnare see every message and others only their own', async () => {
    // given
    await insertOutboxMessages(db, [message(1), message(2, { recipientUsername: 'fk.handlaggare' })]);
    // when
    const forSamordnare = await listOutbox(db, { username: 'samordnare', role: 'samordnare' }, { caseId });
    const forAf = await listOutbox(db, { username: 'af.handlaggare', role: 'handlaggare' }, { caseId });
    // then
    expect(forSamordnare.map((m) => m.recipientUsername).sort()).toEqual(['af.handlaggare', 'fk.handlaggare']);
    expect(forAf.map((m) => m.recipientUsername)).toEqual(['af.handlaggare']);
  });

  describe('GET /api/utkorg', () => {
    const app = useApp();

    test('when GET /api/utkorg is called without and with a login, then 401 and then the own messages as JSON', async () => {
      // given
      await insertOutboxMessages(db, [message(1), message(2, { recipientUsername: 'fk.handlaggare' })]);
      // when
      const anonymous = await fetch(`${app.baseUrl}/api/utkorg`, { headers: { accept: 'application/json' } });
      const af = await app.login('af.handlaggare');
      const res = await af.request(`/api/utkorg?caseId=${caseId}`, { headers: { accept: 'application/json' } });
      // then
      expect(anonymous.status).toBe(401);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { messages: { recipientUsername: string; subject: string }[] };
      expect(body.messages.map((m) => m.recipientUsername)).toEqual(['af.handlaggare']);
    });
  });
});
