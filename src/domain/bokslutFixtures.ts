import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';

import { type Avslutsorsak, AVSLUTSORSAKER, KON, type Kon, type Participation } from './bokslut.js';
import { type Verksamhet, VERKSAMHETER } from './organisations.js';

/**
 * Deterministic participation rows that reproduce published bokslut figures (e.g. the 2020 Tabell 1–3 in
 * test/support/bokslut-2020-tabell-1-3.json). Used by the bokslut tests and by the year replay, which drives
 * "a year with the 2020 volumes" through the real processes. Same input → same rows, ids and dates.
 */

const KonCounts = z.object({ K: z.number().int().min(0), M: z.number().int().min(0) });

/** The published figures of one table (counts only; percentages are kept for assertions). */
export const PublishedTableSchema = z.object({
  tabell: z.number().int(),
  verksamhet: z.enum([...VERKSAMHETER, 'totalt']),
  deltagare: KonCounts,
  nya: KonCounts,
  avslutade: KonCounts,
  avslut: z.object(
    Object.fromEntries(AVSLUTSORSAKER.map((o) => [o, KonCounts])) as Record<Avslutsorsak, typeof KonCounts>,
  ),
  published_percent: z.record(z.string(), z.number()),
});
export const PublishedBokslutSchema = z.object({ year: z.number().int(), tables: z.array(PublishedTableSchema) });
export type PublishedTable = z.infer<typeof PublishedTableSchema>;
export type PublishedBokslut = z.infer<typeof PublishedBokslutSchema>;

/** Counts for one verksamhet and kön: what a group of generated participants must add up to. */
interface GroupCounts {
  deltagare: number;
  nya: number;
  /** One entry per ended participant, in AVSLUTSORSAKER order. */
  avslut: Avslutsorsak[];
}

/** A participant before it gets an id and a verksamhet. */
type Draft = Omit<Participation, 'deltagareId' | 'verksamhet'>;

const DAY_MS = 86_400_000;
const dayOfYear = (year: number, day: number) =>
  new Date(Date.UTC(year, 0, 1) + day * DAY_MS).toISOString().slice(0, 10);
const daysIn = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function groupOf(
  table: Pick<PublishedTable, 'deltagare' | 'nya' | 'avslutade' | 'avslut'>,
  kon: Kon,
  what: string,
): GroupCounts {
  const avslut = AVSLUTSORSAKER.flatMap((o) => Array<Avslutsorsak>(table.avslut[o][kon]).fill(o));
  const g = { deltagare: table.deltagare[kon], nya: table.nya[kon], avslut };
  if (avslut.length !== table.avslutade[kon])
    throw new Error(`${what} ${kon}: avslutade ${table.avslutade[kon]} ≠ sum of avslutsorsaker ${avslut.length}`);
  if (g.nya > g.deltagare || avslut.length > g.deltagare)
    throw new Error(`${what} ${kon}: nya and avslutade must not exceed deltagare`);
  return g;
}

/**
 * Participants of one group within `year`: the first `nya` start during the year (spread evenly), the rest started
 * the year before; the ended ones are spread over the whole group and end spread over the year, never before
 * their start. Everyone else is still going on at year end.
 */
function draftGroup(year: number, kon: Kon, g: GroupCounts): Draft[] {
  const n = g.deltagare;
  const a = g.avslut.length;
  const endedAt = new Map<number, number>();
  for (let k = 0; k < a; k++) endedAt.set(Math.floor((k * n) / a), k);
  const drafts: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const startdatum =
      i < g.nya
        ? dayOfYear(year, Math.floor((i * daysIn(year)) / g.nya))
        : dayOfYear(year - 1, Math.floor(((i - g.nya) * daysIn(year - 1)) / (n - g.nya)));
    const k = endedAt.get(i);
    if (k === undefined) {
      drafts.push({ kon, startdatum, slutdatum: null, avslutsorsak: null });
      continue;
    }
    const spread = dayOfYear(year, Math.floor(((2 * k + 1) * daysIn(year)) / (2 * a)));
    const earliest = addDays(startdatum, 14);
    const lastDay = `${year}-12-31`;
    const slutdatum = spread >= earliest ? spread : earliest <= lastDay ? earliest : lastDay;
    drafts.push({ kon, startdatum, slutdatum, avslutsorsak: g.avslut[k]! });
  }
  return drafts;
}

const SAMORDNINGSTEAM = VERKSAMHETER.filter((v) => v.startsWith('st-'));

/**
 * Generates participants reproducing every published table of the year. If the data set has a `totalt` table,
 * the difference between it and the given verksamheter is generated too and dealt round-robin to the
 * verksamheter without a table of their own (the samordningsteam), so `totalt` is reproduced as well.
 * Ids are `SV-<year>-NNNNN`, numbered in generation order.
 */
export function generateParticipations(published: PublishedBokslut): Participation[] {
  const year = published.year;
  const given = published.tables.filter((t) => t.verksamhet !== 'totalt');
  const out: Participation[] = [];
  const push = (verksamhet: Verksamhet, d: Draft) =>
    out.push({ deltagareId: `SV-${year}-${String(out.length + 1).padStart(5, '0')}`, verksamhet, ...d });

  for (const t of given) {
    for (const kon of KON)
      for (const d of draftGroup(year, kon, groupOf(t, kon, `tabell ${t.tabell}`))) push(t.verksamhet as Verksamhet, d);
  }

  const totalt = published.tables.find((t) => t.verksamhet === 'totalt');
  if (totalt) {
    const rest = VERKSAMHETER.filter((v) => !given.some((t) => t.verksamhet === v));
    const targets = rest.length ? rest : SAMORDNINGSTEAM;
    const minus = (pick: (t: PublishedTable) => { K: number; M: number }) => ({
      K: pick(totalt).K - given.reduce((s, t) => s + pick(t).K, 0),
      M: pick(totalt).M - given.reduce((s, t) => s + pick(t).M, 0),
    });
    const residual = {
      deltagare: minus((t) => t.deltagare),
      nya: minus((t) => t.nya),
      avslutade: minus((t) => t.avslutade),
      avslut: Object.fromEntries(AVSLUTSORSAKER.map((o) => [o, minus((t) => t.avslut[o])])) as PublishedTable['avslut'],
    };
    for (const kon of KON) {
      const counts = [residual.deltagare, residual.nya, residual.avslutade, ...Object.values(residual.avslut)];
      if (counts.some((c) => c[kon] < 0)) throw new Error(`totalt ${kon} is smaller than the sum of the given tables`);
      draftGroup(year, kon, groupOf(residual, kon, 'totalt minus given tables')).forEach((d, i) =>
        push(targets[i % targets.length]!, d),
      );
    }
  }
  return out;
}

/** Participants as the CLI's input CSV (header `deltagare_id,verksamhet,kon,startdatum,slutdatum,avslutsorsak`). */
export function participationsToCsv(rows: readonly Participation[]): string {
  return stringify([
    ['deltagare_id', 'verksamhet', 'kon', 'startdatum', 'slutdatum', 'avslutsorsak'],
    ...rows.map((p) => [p.deltagareId, p.verksamhet, p.kon, p.startdatum, p.slutdatum ?? '', p.avslutsorsak ?? '']),
  ]);
}
