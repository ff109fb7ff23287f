import { periodOf } from '../../src/domain/bokslut.js';
import { followUpsOverdue, tasksPerGroup, waitingPerElement } from '../../src/repositories/dashboard.js';
import { type Dashboard, loadDashboard } from '../../src/services/dashboard.js';
import { dashboardCsv } from '../../src/views/styrgruppCsv.js';
import { connect } from '../support/harness.js';
import { type DashboardFixture, dashboardFixture, removeDashboardFixture } from './dashboardFixture.js';

// 2007: a year no other test writes (the period figures read every case of the database).
const YEAR = 2007;
/** Rows of an export as Swedish Excel reads it: UTF-8 with BOM, semicolons, CRLF (no cell here holds a semicolon). */
const csvRows = (csv: string) => {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return csv
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(';'));
};

describe('styrgrupp dashboard queries against PostgreSQL', () => {
  const { db, close } = connect();
  let fx: DashboardFixture;
  let dashboard: Dashboard;

  beforeAll(async () => {
    fx = await dashboardFixture(db, YEAR);
    dashboard = await loadDashboard(db, { period: periodOf(YEAR) });
  });
  afterAll(async () => {
    await removeDashboardFixture(db, fx);
    await close();
  });

  test('when instances wait at user tasks, then the heatmap counts distinct instances per process, version and element and ignores finished tasks', async () => {
    // when
    const rows = (await waitingPerElement(db)).filter((r) => r.bpmnProcessId === fx.processId);
    // then: version 2 has 3 instances at the review task (one instance has two open multi-instance tasks), 1 at the plan task
    expect(rows).toEqual([
      {
        bpmnProcessId: fx.processId,
        processName: null,
        version: 2,
        elementId: 'Task_Plan',
        elementName: 'Gör plan',
        instances: 1,
      },
      {
        bpmnProcessId: fx.processId,
        processName: null,
        version: 2,
        elementId: 'Task_Review',
        elementName: 'Granska',
        instances: 3,
      },
      {
        bpmnProcessId: fx.processId,
        processName: null,
        version: 1,
        elementId: 'Task_Review',
        elementName: 'Granska',
        instances: 1,
      },
    ]);
    const heat = dashboard.heatmap.find((p) => p.bpmnProcessId === fx.processId)!;
    expect(heat.versions.map((v) => [v.version, v.total])).toEqual([
      [2, 4],
      [1, 1],
    ]);
    // and the verksamhet filter keeps only that verksamhet's tasks
    const vux = (await waitingPerElement(db, { verksamhet: 'vuxentorget' })).filter(
      (r) => r.bpmnProcessId === fx.processId,
    );
    expect(vux.map((r) => [r.version, r.elementId, r.instances])).toEqual([[2, 'Task_Review', 1]]);
  });

  test('when tasks are past due or escalated, then each candidate group counts its open, overdue and escalated tasks', async () => {
    // when
    const rows = (await tasksPerGroup(db, { now: new Date() })).filter((r) => r.group.startsWith(fx.groupPrefix));
    // then: a task offered to both groups counts for both; completed tasks count nowhere
    expect(rows.sort((a, b) => a.group.localeCompare(b.group))).toEqual([
      { group: `${fx.groupPrefix}a`, open: 5, overdue: 2, escalated: 1 },
      { group: `${fx.groupPrefix}b`, open: 1, overdue: 1, escalated: 0 },
    ]);
  });

  test('when beredning decisions fall in the period, then the time from aktualisering (Stockholm date) to the meeting is summarised per verksamhet and kön', () => {
    // then: K 2,5,7,9,10 → median 7, mean 6.6; M 3,13,20 → median 13, mean 12; T median 8, mean 8.6; the 2008 decision is outside
    const vux = dashboard.referralToDecision.filter((s) => s.group === 'vuxentorget');
    expect(vux).toEqual([
      { group: 'vuxentorget', kon: 'K', n: 5, median: 7, mean: 6.6, withinTarget: null },
      { group: 'vuxentorget', kon: 'M', n: 3, median: 13, mean: 12, withinTarget: null },
      { group: 'vuxentorget', kon: 'T', n: 8, median: 8, mean: 8.6, withinTarget: null },
    ]);
    expect(dashboard.referralToDecision.filter((s) => s.group === 'totalt').map((s) => s.n)).toEqual([5, 3, 8]);
  });

  test('when arbetsprövningar started in the period, then days from inventering and the share within 14 days are counted per organisation and kön', () => {
    // then: K 10,14,15 (2 within), M 7,12,20 (2 within)
    expect(dashboard.inventoryToStart.filter((s) => s.group === 'umea-fsd')).toEqual([
      { group: 'umea-fsd', kon: 'K', n: 3, median: 14, mean: 13, withinTarget: 2 },
      { group: 'umea-fsd', kon: 'M', n: 3, median: 12, mean: 13, withinTarget: 2 },
      { group: 'umea-fsd', kon: 'T', n: 6, median: 13, mean: 13, withinTarget: 4 },
    ]);
  });

  test('when uppföljningar were held, then those within 3 calendar months of the plan or the previous one are counted, and ongoing cases past 3 months are overdue', async () => {
    // then: K: 04-05 (due 04-10) within, 07-20 (due 07-05) late; M: 05-01 (due 05-01, the boundary) within, 03-15 within
    expect(dashboard.followUps.filter((s) => s.group === 'ungdomstorget')).toEqual([
      { group: 'ungdomstorget', kon: 'K', held: 2, within: 1, procent: 50, overdueNow: 1 },
      { group: 'ungdomstorget', kon: 'M', held: 2, within: 2, procent: 100, overdueNow: 1 },
      { group: 'ungdomstorget', kon: 'T', held: 4, within: 3, procent: 75, overdueNow: 2 },
    ]);
    const overdue = (await followUpsOverdue(db, '2026-01-01')).filter((r) => fx.caseIds.includes(r.caseId));
    expect(overdue.map((r) => r.caseId).sort()).toEqual([fx.followUpCases.lateK, fx.followUpCases.noFollowUpM].sort());
  });

  test('when a figure is exported as CSV, then counts under 5 and figures from fewer than 5 persons are masked and no totals sit beside them', () => {
    // when
    const referral = csvRows(dashboardCsv(dashboard, 'aktualisering-till-beslut'));
    const trial = csvRows(dashboardCsv(dashboard, 'inventering-till-start'));
    const followUps = csvRows(dashboardCsv(dashboard, 'uppfoljningar'));
    // then
    expect(referral[0]).toEqual([
      'Period från',
      'Period till',
      'Verksamhet',
      'Kön',
      'Antal',
      'Median (dagar)',
      'Medel (dagar)',
    ]);
    expect(referral.slice(1)).toEqual([
      [`${YEAR}-01-01`, `${YEAR}-12-31`, 'Vuxentorget', 'Kvinnor', '5', '7', '6,6'],
      [`${YEAR}-01-01`, `${YEAR}-12-31`, 'Vuxentorget', 'Män', '<5', '<5', '<5'],
    ]);
    expect(trial.slice(1).map((r) => r.slice(2))).toEqual([
      ['Umeå kommun, försörjningsstöd (slussen)', 'Kvinnor', '<5', '<5', '<5', '<5'],
      ['Umeå kommun, försörjningsstöd (slussen)', 'Män', '<5', '<5', '<5', '<5'],
    ]);
    expect(followUps.slice(1).every((r) => r.slice(4).every((c) => c === '<5'))).toBe(true);
    expect(JSON.stringify([referral, trial, followUps])).not.toMatch(/totalt|Totalt/i);
    // and the task figures mask small counts too, zero included
    const groups = csvRows(dashboardCsv(dashboard, 'uppgifter-per-organisation')).filter((r) =>
      r[0]!.startsWith(fx.groupPrefix),
    );
    expect(groups.map((r) => r.slice(1))).toEqual([
      ['5', '<5', '<5'],
      ['<5', '<5', '<5'],
    ]);
    const steps = csvRows(dashboardCsv(dashboard, 'arenden-per-steg')).filter((r) => r[0] === fx.processId);
    expect(steps.every((r) => r[4] === '<5')).toBe(true);
  });
});
