import { readFileSync } from 'node:fs';

import type { Knex } from 'knex';

import {
  type BokslutReport,
  type BokslutTable,
  computeBokslut,
  type Participation,
  periodOf,
} from '../src/domain/bokslut.js';
import {
  generateParticipations,
  type PublishedBokslut,
  PublishedBokslutSchema,
} from '../src/domain/bokslutFixtures.js';
import { type Engine, isOptimisticLock } from '../src/engine/client.js';
import type { EngineTestClock } from '../src/engine/testClock.js';
import type { Logger } from '../src/logger.js';
import { bokslutFromDatabase } from '../src/services/bokslut.js';
import { aktualisera } from '../src/services/cases.js';
import { now, percentile, round } from './stats.js';
import type { TaskEventListener } from './taskEvents.js';

const DAY = 86_400_000;
/** Uppföljningar every 70 days: ≤ 3 months even when the clock runs up to a step (≤ 14 days) behind the event. */
const FOLLOW_UP_EVERY_DAYS = 70;
/** Engine calls of the participants' scripts in flight at once (aktualiseringar and task completions). */
const ENGINE_CALLS_IN_FLIGHT = 12;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The published figures the replay must reproduce (the shared data set, also copied into test/support). */
export function loadPublished(file: string): PublishedBokslut {
  return PublishedBokslutSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** At most `n` calls at once (the participants of a step all resume together). */
class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/**
 * The open user tasks of the replayed cases, from the launcher's task events (LISTEN engine_task, the same events the
 * app's read model is fed by): thousands of cases wait at once, so waiters are woken on arrival instead of polling
 * the engine. When no event has arrived for 15 s (or a waiter has waited 2 minutes), waiters ask the engine's task
 * API themselves: a lost notification costs time, never a participant.
 */
class Inbox {
  private readonly open = new Map<string, string[]>();
  private readonly taken = new Set<string>();
  private readonly waiters = new Map<string, { count: number; resolve: (ids: string[]) => void }>();
  private readonly off: () => void;
  private lastEventAt = Date.now();
  fallbacks = 0;

  constructor(
    private readonly engine: Engine,
    events: TaskEventListener,
  ) {
    this.off = events.on((e) => {
      this.lastEventAt = Date.now();
      if (!e.processInstanceId) return;
      const k = `${e.processInstanceId}|${e.taskDefinitionKey}`;
      if (e.event === 'create') this.add(k, e.id);
      else if (e.event === 'complete' || e.event === 'delete')
        this.open.set(
          k,
          (this.open.get(k) ?? []).filter((id) => id !== e.id),
        );
    });
  }

  private add(k: string, id: string) {
    if (this.taken.has(id)) return;
    const list = this.open.get(k) ?? [];
    if (!list.includes(id)) list.push(id);
    this.open.set(k, list);
    this.wake(k);
  }

  private wake(k: string) {
    const w = this.waiters.get(k);
    const list = this.open.get(k) ?? [];
    if (w && list.length >= w.count) {
      this.waiters.delete(k);
      const ids = list.slice(0, w.count);
      this.open.set(k, list.slice(w.count));
      for (const id of ids) this.taken.add(id);
      w.resolve(ids);
    }
  }

  /** Waits for `count` open tasks of the element in the instance and takes them out of the inbox. */
  take(pik: string, elementId: string, count = 1, timeoutMs = 300_000): Promise<string[]> {
    const k = `${pik}|${elementId}`;
    return new Promise((resolve, reject) => {
      const since = Date.now();
      const check = setInterval(() => {
        if (Date.now() - since > timeoutMs) {
          clearInterval(check);
          this.waiters.delete(k);
          reject(new Error(`user task ${elementId} of instance ${pik} did not appear within ${timeoutMs / 1000} s`));
          return;
        }
        // Ask the engine only when the events have gone quiet (a lost notification or connection), or after a long
        // wait: while events flow, a waiter is simply behind the workers, and polling would only add load.
        if (Date.now() - this.lastEventAt < 15_000 && Date.now() - since < 120_000) return;
        void this.engine.tasks({ processInstanceId: pik, taskDefinitionKey: elementId }).then(
          (tasks) => {
            if (tasks.some((t) => !this.taken.has(t.id) && !(this.open.get(k) ?? []).includes(t.id))) this.fallbacks++;
            for (const t of tasks) this.add(k, t.id);
          },
          () => undefined,
        );
      }, 15_000);
      check.unref();
      this.waiters.set(k, { count, resolve: (ids) => (clearInterval(check), resolve(ids)) });
      this.wake(k);
    });
  }

  stop() {
    this.off();
  }
}

/**
 * A discrete-event driver: each participant is an async script that awaits `at(date)`; when every script waits
 * (or is done), the engine clock jumps to the next step that someone waits for. Steps are `stepDays` wide:
 * dates in forms and variables are exact, the engine clock is at most a step behind them.
 */
class Simulation {
  private current = Number.NEGATIVE_INFINITY;
  private running = 0;
  private readonly waiting = new Map<number, (() => void)[]>();
  private onIdle: (() => void) | undefined;
  constructor(
    readonly originDate: string,
    readonly stepDays: number,
  ) {}

  step(date: string): number {
    return Math.floor(
      (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${this.originDate}T00:00:00Z`)) / (this.stepDays * DAY),
    );
  }
  dateOf(step: number): string {
    return addDays(this.originDate, step * this.stepDays);
  }

  /** Resolves once the simulated calendar has reached the step of `date`. */
  at(date: string): Promise<void> {
    const s = this.step(date);
    if (s <= this.current) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.set(s, [...(this.waiting.get(s) ?? []), resolve]);
      this.done();
    });
  }

  private done() {
    this.running--;
    if (this.running === 0) this.onIdle?.();
  }

  /** Runs the scripts to the end, moving the engine clock step by step. */
  async run(
    scripts: (() => Promise<void>)[],
    moveClockTo: (date: string) => Promise<void>,
    progress: (date: string) => void,
  ): Promise<void> {
    const idle = () => new Promise<void>((r) => (this.onIdle = r));
    this.running = scripts.length;
    let wait = idle();
    for (const s of scripts) void s().finally(() => this.done());
    for (;;) {
      await wait;
      if (!this.waiting.size) return;
      const next = Math.min(...this.waiting.keys());
      await moveClockTo(this.dateOf(next));
      this.current = next;
      const resume = this.waiting.get(next)!;
      this.waiting.delete(next);
      progress(this.dateOf(next));
      this.running = resume.length;
      wait = idle();
      for (const r of resume) r();
    }
  }
}

/** How a replayed participant is aktualiserad: target group and folkbokföring that meet the criteria, and its parties. */
function referralFor(p: Participation, index: number) {
  const kommun = p.verksamhet.startsWith('st-') ? p.verksamhet.slice(3) : 'umea';
  const kommunName = {
    umea: 'Umeå',
    nordmaling: 'Nordmaling',
    vannas: 'Vännäs',
    bjurholm: 'Bjurholm',
    vindeln: 'Vindeln',
    robertsfors: 'Robertsfors',
  }[kommun]!;
  // Birth years that fit the target group's age band both in the replayed year and today (check-referral-criteria
  // reads the wall clock, not the engine's): aktivitetsersättning 19–29, vuxna/sammansatt 25–65.
  const [targetGroup, birthYear] =
    p.verksamhet === 'ungdomstorget'
      ? ['aktivitetsersattning', 1999]
      : p.verksamhet === 'vuxentorget'
        ? ['sammansatt', 1980]
        : ['vuxna', 1980];
  const kommunOrg = kommun === 'umea' ? 'umea-fsd' : kommun;
  const mmdd = `${String((index % 12) + 1).padStart(2, '0')}${String((Math.floor(index / 12) % 28) + 1).padStart(2, '0')}`;
  return {
    input: {
      person: {
        personnummer: `${birthYear}${mmdd}${String(index).padStart(4, '0')}`,
        kon: p.kon,
        folkbokfordKommun: kommunName,
        skyddad: false,
      },
      verksamhet: p.verksamhet,
      targetGroup,
      referringOrg: 'af',
      referringUser: 'af.handlaggare',
      informedOfAim: true,
      readyForChange: true,
      // valid over the replayed years and today (the criteria check reads the wall clock)
      consent: {
        parties: ['af', kommunOrg],
        dataCategories: ['kartlaggning', 'planering'],
        validFrom: '2018-01-01',
        validTo: '2030-12-31',
        signedCopyGiven: true,
        textVersion: '2026-1',
      },
    },
    arendebarareOrg: kommunOrg,
  };
}

/** The dated steps of one participant (all dates are the participant's, from the generated year). */
export function scheduleOf(p: Participation, yearEnd: string) {
  const S = p.startdatum;
  const E = p.slutdatum;
  const referral = addDays(S, -7);
  const meeting = E ? minDate(addDays(S, 7), E) : addDays(S, 7);
  const followUps: { date: string; outcome: 'enligt_plan' | 'avslut' }[] = [];
  const stop = E ?? yearEnd;
  for (
    let f = addDays(meeting, FOLLOW_UP_EVERY_DAYS);
    f < stop || (!E && f <= yearEnd);
    f = addDays(f, FOLLOW_UP_EVERY_DAYS)
  )
    followUps.push({ date: f, outcome: 'enligt_plan' });
  if (E) followUps.push({ date: E, outcome: 'avslut' });
  return { referral, start: S, meeting, followUps, end: E };
}

export interface TableCheck {
  verksamhet: string;
  mismatches: string[];
}

/** Compares the database bokslut with published figures: every count per kön and every published percentage. */
export function compareWithPublished(
  report: BokslutReport,
  published: PublishedBokslut,
  only?: number[],
): TableCheck[] {
  return published.tables
    .filter((t) => !only || only.includes(t.tabell))
    .map((t) => {
      const table = report.tables.find((x) => x.verksamhet === t.verksamhet);
      const mismatches: string[] = [];
      if (!table) return { verksamhet: t.verksamhet, mismatches: ['table missing'] };
      const rows: [string, { K: number; M: number }][] = [
        ['deltagare', t.deltagare],
        ['nya', t.nya],
        ['avslutade', t.avslutade],
        ...Object.entries(t.avslut),
      ];
      for (const [rad, want] of rows) {
        const got = table.rader[rad as keyof BokslutTable['rader']];
        for (const kon of ['K', 'M'] as const)
          if (got[kon] !== want[kon]) mismatches.push(`${rad} ${kon}: ${got[kon]} ≠ ${want[kon]}`);
      }
      for (const [rad, want] of Object.entries(t.published_percent)) {
        const got = (table.rader[rad as keyof BokslutTable['rader']] as { procent?: number | null }).procent;
        if (got !== want) mismatches.push(`${rad} %: ${got} ≠ ${want}`);
      }
      return { verksamhet: t.verksamhet, mismatches };
    });
}

/** Compares two bokslut reports table by table (used for a sample, whose expected figures are computed). */
export function compareReports(got: BokslutReport, want: BokslutReport): TableCheck[] {
  return want.tables.map((w) => {
    const g = got.tables.find((t) => t.verksamhet === w.verksamhet);
    if (!g) return { verksamhet: w.verksamhet, mismatches: ['table missing'] };
    const mismatches: string[] = [];
    for (const [rad, cell] of Object.entries(w.rader)) {
      const other = g.rader[rad as keyof BokslutTable['rader']] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(cell))
        if (other[k] !== v) mismatches.push(`${rad} ${k}: ${String(other[k])} ≠ ${String(v)}`);
    }
    return { verksamhet: w.verksamhet, mismatches };
  });
}

export interface ReplayResult {
  participants: number;
  /** Engine task completions and aktualiseringar as the driver saw them (ms), and the wall time between clock steps (s). */
  timings: {
    completeMs: { p50: number; p99: number; max: number };
    aktualiseraMs: { p50: number; p99: number; max: number };
    stepS: { p50: number; p99: number; max: number };
  };
  /** Task completions retried after an optimistic-locking conflict. */
  lockRetries: number;
  /** Tasks the inbox found by asking the engine because no task event had arrived within 15 s. */
  inboxFallbacks: number;
  sampled: boolean;
  ended: number;
  ongoing: number;
  userTasksCompleted: number;
  /** deadline-missed notifications written during the replay (0 when every uppföljning was on time). */
  escalations: number;
  failures: string[];
  seconds: number;
  stepDays: number;
  steps: number;
  from: string;
  to: string;
  checks: TableCheck[];
  exact: boolean;
  comparedWith: string;
  report: BokslutReport;
}

/**
 * One year with the published volumes, replayed through the real samverkan-case process and the real workers:
 * aktualisering (src/services/cases.ts), beredning ja, kartläggning, planeringsträff and plan, uppföljningar every
 * 70 days, avslut with the participant's avslutsorsak and end date; the engine's test clock moves forward step by step.
 * Then the socialt bokslut is computed from the database and compared with the published tables.
 */
export async function replayYear(
  deps: { db: Knex; engine: Engine; log: Logger; clock: EngineTestClock; events: TaskEventListener },
  opts: { published: PublishedBokslut; sampleEvery: number; stepDays: number; progress: (m: string) => void },
): Promise<ReplayResult> {
  const year = opts.published.year;
  const all = generateParticipations(opts.published);
  const participants = opts.sampleEvery > 1 ? all.filter((_, i) => i % opts.sampleEvery === 0) : all;
  const yearEnd = `${year}-12-31`;
  const schedules = participants.map((p) => scheduleOf(p, yearEnd));
  const origin = schedules.reduce((m, s) => minDate(m, s.referral), '9999-12-31');
  const sim = new Simulation(origin, opts.stepDays);
  const t0 = now();

  // The test clock only moves forward (locks taken on a moved clock would outlive a step back), so the replayed
  // calendar is mapped onto the engine's future: engine time = the engine's time at the start + (date − origin).
  // What the models compute from the engine clock (due dates, the uppföljning timer) keeps the replayed spacing;
  // every date the bokslut reads comes from the task variables (see docs/benchmarks.md, "Year replay").
  const base = (await deps.clock.now()) + 60_000;
  const target = (date: string) => base + (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${origin}T00:00:00Z`));
  const moveClockTo = async (date: string) => {
    const delta = target(date) - (await deps.clock.now());
    if (delta > 0) await deps.clock.advance(delta);
  };

  const inbox = new Inbox(deps.engine, deps.events);
  const slots = new Limiter(ENGINE_CALLS_IN_FLIGHT);
  const failures: string[] = [];
  let userTasks = 0;
  let lockRetries = 0;
  // A timer or a worker may change the instance in the same moment: the engine refuses with an optimistic lock; retry.
  const completeMs: number[] = [];
  const aktualiseraMs: number[] = [];
  const complete = (taskId: string, variables: Record<string, unknown>) =>
    slots.run(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const tc = now();
          await deps.engine.completeTask(taskId, variables);
          completeMs.push(now() - tc);
          userTasks++;
          return;
        } catch (err) {
          if (!isOptimisticLock(err) || attempt === 5) throw err;
          lockRetries++;
        }
      }
    });

  const script = (p: Participation, i: number) => async () => {
    const s = schedules[i]!;
    const { input, arendebarareOrg } = referralFor(p, i);
    try {
      await sim.at(s.referral);
      const caseId = await slots.run(async () => {
        const ta = now();
        const id = await aktualisera(deps, input as never);
        aktualiseraMs.push(now() - ta);
        return id;
      });
      const pik = String(
        (await deps.db('cases').where({ case_id: caseId }).first<{ process_instance_key: string }>())
          .process_instance_key,
      );
      const [beredning] = await inbox.take(pik, 'UserTask_DecideBeredning');
      await sim.at(s.start);
      // The beredning-decision form has no date field: the decision's (and the participation's) start date is the
      // process variable beredningMeetingDate, computed from the clock at aktualisering. The replay sets it to the
      // participant's start date when the decision is made (see docs/benchmarks.md, "Year replay").
      await complete(beredning!, { beredningDecision: 'ja', beredningMeetingDate: s.start });
      for (const id of await inbox.take(pik, 'UserTask_ContributeKartlaggning', 2))
        await complete(id, { bidragLamnat: true, foreslagenInriktning: 'arbetsinriktade' });
      const [call] = await inbox.take(pik, 'UserTask_CallMeeting');
      await complete(call!, { meetingAt: `${s.meeting}T10:00:00+01:00` });
      const [hold] = await inbox.take(pik, 'UserTask_HoldMeeting');
      await sim.at(s.meeting);
      await complete(hold!, {
        arendebarareOrg,
        inriktning: 'arbetsinriktade',
        planSteps: [
          { party: 'af', description: 'Arbetsinriktade insatser', dueDate: addDays(s.meeting, 60) },
          { party: arendebarareOrg, description: 'Stöd under insatsen', dueDate: addDays(s.meeting, 90) },
        ],
      });
      let [followUp] = await inbox.take(pik, 'UserTask_FollowUp');
      for (const f of s.followUps) {
        await sim.at(f.date);
        await complete(followUp!, { followUpHeldOn: f.date, followUpOutcome: f.outcome });
        if (f.outcome === 'avslut') break;
        [followUp] = await inbox.take(pik, 'UserTask_FollowUp'); // the next one is due in 3 months
      }
      if (s.end) {
        const [close] = await inbox.take(pik, 'UserTask_CloseCase');
        await complete(close!, { avslutsorsak: p.avslutsorsak, endDate: s.end });
        // wait for record-case-closure, so no external task is in flight when the clock jumps
        for (let n = 0; ; n++) {
          const row = await deps.db('cases').where({ case_id: caseId }).first<{ status: string }>('status');
          if (row?.status === 'avslutad') break;
          if (n > 600) throw new Error(`case ${caseId} not closed within 60 s`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (err) {
      failures.push(`${p.deltagareId}: ${(err as Error).message}`);
    }
  };

  let steps = 0;
  let lastLog = 0;
  let stepStart = now();
  const stepS: number[] = [];
  try {
    await sim.run(
      participants.map((p, i) => script(p, i)),
      moveClockTo,
      (date) => {
        steps++;
        stepS.push((now() - stepStart) / 1000);
        stepStart = now();
        if (now() - lastLog > 10_000) {
          lastLog = now();
          opts.progress(
            `replay: simulated date ${date}, ${userTasks} user tasks completed, ${failures.length} failures, ${round((now() - t0) / 1000)} s`,
          );
        }
      },
    );
  } finally {
    inbox.stop();
  }
  const seconds = (now() - t0) / 1000;
  // uppföljningar are held before their due date, so no escalation timer should have fired
  const escalations = Number(
    (await deps.db('outbox_messages').where({ template: 'deadline-missed' }).count<{ n: string }[]>('* as n'))[0]!.n,
  );
  const report = await bokslutFromDatabase(deps.db, periodOf(year));
  let checks: TableCheck[];
  let comparedWith: string;
  if (opts.sampleEvery > 1) {
    checks = compareReports(report, computeBokslut(participants, periodOf(year)));
    comparedWith = `the same bokslut computed directly from the ${participants.length} sampled participants (every ${opts.sampleEvery}th)`;
  } else {
    checks = [
      ...compareWithPublished(report, opts.published),
      ...compareReports(report, computeBokslut(participants, periodOf(year))).map((c) => ({
        ...c,
        verksamhet: `${c.verksamhet} (vs generated rows)`,
      })),
    ];
    comparedWith =
      'the published 2020 Tabell 1 (totalt), 2 and 3, counts per kön and percentages; plus every table vs the generated participants';
  }
  const dist = (xs: number[], digits = 1) => ({
    p50: round(percentile(xs, 50), digits),
    p99: round(percentile(xs, 99), digits),
    max: round(xs.length ? Math.max(...xs) : Number.NaN, digits),
  });
  return {
    participants: participants.length,
    timings: { completeMs: dist(completeMs), aktualiseraMs: dist(aktualiseraMs), stepS: dist(stepS, 2) },
    lockRetries,
    inboxFallbacks: inbox.fallbacks,
    sampled: opts.sampleEvery > 1,
    ended: participants.filter((p) => p.slutdatum).length,
    ongoing: participants.filter((p) => !p.slutdatum).length,
    userTasksCompleted: userTasks,
    escalations,
    failures,
    seconds: round(seconds, 1),
    stepDays: opts.stepDays,
    steps,
    from: origin,
    to: yearEnd,
    checks,
    exact: failures.length === 0 && checks.every((c) => c.mismatches.length === 0),
    comparedWith,
    report,
  };
}
