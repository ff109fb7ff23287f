import { handle, Output } from '../../workers/compute-due-date.js';
import { IncidentError } from '../../workers/runtime/errors.js';
import type { JobContext } from '../../workers/runtime/runJob.js';

// The rules used here need no database (only next-beredning-meeting reads the groups table), so no transaction.
const ctxWith = (customHeaders: Record<string, string>) => ({ customHeaders, trx: undefined }) as unknown as JobContext;

describe('worker compute-due-date: properties', () => {
  test('when the task has the property reminderDays, then the output adds reminderAt and passes the Output schema', async () => {
    // given
    const ctx = ctxWith({ rule: 'kt2-one-year', reminderDays: '14', 'output.reminderAt': 'kt2ReminderAt' });
    // when
    const out = await handle({ from: '2026-02-10' }, ctx);
    // then
    expect(out).toEqual({
      dueDate: '2027-02-10',
      dueAt: '2027-02-10T08:00:00+01:00',
      reminderAt: '2027-01-27T08:00:00+01:00',
      overdueAt: '2027-02-11T00:00:00+01:00',
    });
    expect(Output.safeParse(out).success).toBe(true);
  });

  test('when the task has no reminderDays, then the output is dueDate and dueAt only', async () => {
    // given
    const ctx = ctxWith({ rule: 'start-week-later' });
    // when
    const out = await handle({ from: '2026-03-04' }, ctx);
    // then
    expect(out).toEqual({
      dueDate: '2026-03-11',
      dueAt: '2026-03-11T08:00:00+01:00',
      overdueAt: '2026-03-12T00:00:00+01:00',
    });
  });

  test.each(['0', 'fjorton', '14.5', '-1'])(
    'when reminderDays is %s, then the task raises an incident instead of retrying',
    async (reminderDays) => {
      // given
      const ctx = ctxWith({ rule: 'kt2-one-year', reminderDays });
      // when
      const run = handle({ from: '2026-02-10' }, ctx);
      // then
      await expect(run).rejects.toBeInstanceOf(IncidentError);
      await expect(run).rejects.toThrow(/reminderDays/);
    },
  );
});
