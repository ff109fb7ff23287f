import { type BokslutReport, type KonCount, percentHalfUp } from './bokslut.js';
import type { Verksamhet } from './organisations.js';

/**
 * The indicator table of the socialt bokslut (seed 004, målområde 1–5): every indicator of the printed
 * verksamhetsberättelse, with its target and whether the target is met.
 *
 * - `process` indicators are computed from the bokslut tables (the cases).
 * - `enkat` (survey), `statistik` (SCB's helårsekvivalenter) and `redovisning` (number of goda exempel reported)
 *   indicators come from results the förbundskansli enters per period (`IndicatorEntry`).
 * - The jämställdhetsindex is the share of the 11 jämställdhet indicators that are met (seed 004: 10 of 11 → 91).
 *
 * Targets are judged at förbund level (the `totalt` table), on the whole percent shown to the reader; the same
 * process figures per verksamhet are information only (`met: null`).
 */

export const MALOMRADEN = [1, 2, 3, 4, 5] as const;
export type Malomrade = (typeof MALOMRADEN)[number];

export type IndicatorSource = 'process' | 'enkat' | 'statistik' | 'redovisning' | 'index';
/**
 * - `andel`: numerator of denominator, as a whole percent.
 * - `andel_kon`: the same per kön; judged on the difference between kvinnor and män (procentenheter).
 * - `antal`: a count (goda exempel, deltagare).
 * - `forandring`: a change in procentenheter per member kommun (helårsekvivalenter), judged per kommun.
 */
export type IndicatorKind = 'andel' | 'andel_kon' | 'antal' | 'forandring';
export type Respondents = 'deltagare' | 'personal' | 'styrgrupper' | 'styrelse';

export interface IndicatorTarget {
  /** Lowest value that meets the target (inclusive). */
  min?: number;
  /** Highest value that meets the target (inclusive). */
  max?: number;
  /** The value must be strictly below this (a decrease: below 0). */
  below?: number;
  /** Largest allowed difference between kvinnor and män, in procentenheter (andel_kon). */
  maxDiff?: number;
}

export interface IndicatorDefinition {
  id: string;
  malomrade: Malomrade;
  source: IndicatorSource;
  kind: IndicatorKind;
  respondents?: Respondents;
  /** null: reported without a target (information). */
  target: IndicatorTarget | null;
  /** Counts in the jämställdhetsindex (målområde 5). */
  jamstalldhet?: boolean;
}

const andel = (id: string, malomrade: Malomrade, respondents: Respondents, min: number): IndicatorDefinition => ({
  id,
  malomrade,
  source: 'enkat',
  kind: 'andel',
  respondents,
  target: { min },
});
const exempel = (id: string, malomrade: Malomrade): IndicatorDefinition => ({
  id,
  malomrade,
  source: 'redovisning',
  kind: 'antal',
  target: { min: 1 },
});
const representation = (id: string, respondents: Respondents): IndicatorDefinition => ({
  id,
  malomrade: 5,
  source: 'enkat',
  kind: 'andel',
  respondents,
  target: { min: 40, max: 60 },
  jamstalldhet: true,
});
const konSkillnad = (id: string): IndicatorDefinition => ({
  id,
  malomrade: 5,
  source: 'enkat',
  kind: 'andel_kon',
  respondents: 'deltagare',
  target: { maxDiff: 20 },
  jamstalldhet: true,
});
const process = (
  id: string,
  malomrade: Malomrade,
  kind: IndicatorKind,
  target: IndicatorTarget | null,
  jamstalldhet = false,
): IndicatorDefinition => ({
  id,
  malomrade,
  source: 'process',
  kind,
  target,
  ...(jamstalldhet ? { jamstalldhet } : {}),
});

/** The member kommuner whose helårsekvivalenter the förbund follows (seed 004, målområde 1). */
export const HELARS_KOMMUNER = ['umea', 'vannas', 'robertsfors', 'vindeln', 'bjurholm', 'nordmaling'] as const;

/** Every indicator of seed 004, in the order of the printed tables. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  // Målområde 1: samhälls- och medlemsnytta
  process('positiv_losning', 1, 'andel', { min: 90 }),
  process('arbete_av_positiva', 1, 'andel', { min: 35 }),
  process('studier_av_positiva', 1, 'andel', { min: 25 }),
  process('extratjanst_av_positiva', 1, 'andel', null),
  process('fortsatt_atgard_av_positiva', 1, 'andel', null),
  process('saknar_arbetsformaga_av_positiva', 1, 'andel', null),
  process('deltagare', 1, 'antal', null),
  process('avslutade', 1, 'antal', null),
  { id: 'helarsekvivalenter', malomrade: 1, source: 'statistik', kind: 'forandring', target: { below: 0 } },
  exempel('goda_exempel_positiv_losning', 1),
  exempel('goda_exempel_rehabiliteringshinder', 1),
  // Målområde 2: samverkan
  andel('strategi_styrelse', 2, 'styrelse', 80),
  andel('strategi_styrgrupper', 2, 'styrgrupper', 80),
  andel('uppfoljning_underlag_styrelse', 2, 'styrelse', 80),
  andel('uppfoljning_underlag_styrgrupper', 2, 'styrgrupper', 80),
  andel('forebyggande_styrelse', 2, 'styrelse', 80),
  andel('forebyggande_styrgrupper', 2, 'styrgrupper', 80),
  andel('rutiner_andra_aktorer', 2, 'personal', 80),
  exempel('goda_exempel_andra_aktorer', 2),
  andel('erfarenheter_deltagare', 2, 'deltagare', 80),
  andel('erfarenheter_personal', 2, 'personal', 80),
  exempel('goda_exempel_erfarenheter', 2),
  andel('person_eller_team', 2, 'deltagare', 80),
  exempel('goda_exempel_utvecklingsomraden', 2),
  exempel('goda_exempel_rundgang', 2),
  // Målområde 3: deltagarnytta
  andel('stod_arbete', 3, 'deltagare', 80),
  andel('inflytande', 3, 'deltagare', 80),
  andel('livssituation', 3, 'deltagare', 80),
  andel('framtid', 3, 'deltagare', 90),
  // Målområde 4: medarbetarnöjdhet
  andel('trivs_samarbete', 4, 'personal', 80),
  andel('lyckas_uppdrag', 4, 'personal', 80),
  andel('lyssnar', 4, 'personal', 80),
  andel('vet_vad_du_kan', 4, 'personal', 80),
  andel('planering_efter_stod', 4, 'personal', 80),
  andel('redo_arbeta_studera', 4, 'personal', 80),
  andel('medskapare', 4, 'personal', 80),
  andel('dokumentation', 4, 'styrgrupper', 80),
  andel('lokal_ledning_styrgrupper', 4, 'styrgrupper', 80),
  andel('lokal_ledning_personal', 4, 'personal', 80),
  andel('lokal_samverkan', 4, 'personal', 80),
  andel('regional_samverkan', 4, 'styrgrupper', 80),
  // Målområde 5: jämlik samverkan
  process('konsfordelning_deltagare', 5, 'andel', { min: 40, max: 60 }, true),
  representation('konsfordelning_personal', 'personal'),
  representation('konsfordelning_styrgrupper', 'styrgrupper'),
  representation('konsfordelning_styrelse', 'styrelse'),
  andel('likabehandling', 5, 'personal', 100),
  andel('bemotande', 5, 'deltagare', 80),
  process('konsfordelning_arbete', 5, 'andel', { min: 40, max: 60 }, true),
  process('konsfordelning_studier', 5, 'andel', { min: 40, max: 60 }, true),
  konSkillnad('kon_stod_arbete'),
  konSkillnad('kon_inflytande'),
  konSkillnad('kon_livssituation'),
  konSkillnad('kon_bemotande'),
  konSkillnad('kon_framtid'),
  { id: 'jamstalldhetsindex', malomrade: 5, source: 'index', kind: 'andel', target: null },
  andel('diskriminering_kon', 5, 'deltagare', 100),
  andel('diskriminering_alder', 5, 'deltagare', 100),
  andel('diskriminering_etnicitet', 5, 'deltagare', 100),
  andel('diskriminering_religion', 5, 'deltagare', 100),
  andel('diskriminering_funktionsnedsattning', 5, 'deltagare', 100),
  andel('diskriminering_sexuell_laggning', 5, 'deltagare', 100),
  andel('diskriminering_konsidentitet', 5, 'deltagare', 100),
  andel('diskriminering_tillganglighet', 5, 'deltagare', 100),
];

export const definitionOf = (id: string): IndicatorDefinition | undefined => INDICATORS.find((d) => d.id === id);
/** Indicators whose results are entered by the förbundskansli (surveys, statistics, reported examples). */
export const ENTERED_INDICATORS = INDICATORS.filter(
  (d) => d.source === 'enkat' || d.source === 'statistik' || d.source === 'redovisning',
);

/** The subgroups an entered indicator is entered for: kön for andel_kon, the kommuner for forandring, else one. */
export function subgroupsOf(d: IndicatorDefinition): readonly string[] {
  if (d.kind === 'andel_kon') return ['K', 'M'];
  if (d.kind === 'forandring') return HELARS_KOMMUNER;
  return [''];
}

/** One entered result: `numerator`/`denominator` for andel, `numerator` for antal, `value` for forandring. */
export interface IndicatorEntry {
  indicatorId: string;
  subgroup: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface IndicatorResult {
  id: string;
  malomrade: Malomrade;
  source: IndicatorSource;
  verksamhet: Verksamhet | 'totalt';
  /** The kommun (forandring) the row is for; absent otherwise. */
  subgroup?: string;
  /** Whole percent (andel), the difference in procentenheter (andel_kon), a count (antal) or a change (forandring). */
  value: number | null;
  unit: 'procent' | 'procentenheter' | 'antal';
  numerator: number | null;
  denominator: number | null;
  /** Per kön for andel_kon. */
  byKon?: {
    K: { numerator: number; denominator: number; procent: number | null };
    M: { numerator: number; denominator: number; procent: number | null };
  };
  target: IndicatorTarget | null;
  /** null: no data, no target, or information (a verksamhet's share of a förbund target). */
  met: boolean | null;
  information: boolean;
}

export function meets(value: number | null, target: IndicatorTarget | null): boolean | null {
  if (value === null || target === null) return null;
  if (target.min !== undefined && value < target.min) return false;
  if (target.max !== undefined && value > target.max) return false;
  if (target.below !== undefined && !(value < target.below)) return false;
  if (target.maxDiff !== undefined && Math.abs(value) > target.maxDiff) return false;
  return true;
}

function fromTable(
  d: IndicatorDefinition,
  verksamhet: Verksamhet | 'totalt',
  r: BokslutReport['tables'][number]['rader'],
): IndicatorResult {
  const share = (num: number, den: number) => ({ numerator: num, denominator: den, value: percentHalfUp(num, den) });
  const count = (c: KonCount) => ({ numerator: c.T, denominator: null, value: c.T });
  const figures: Record<string, { numerator: number; denominator: number | null; value: number | null }> = {
    positiv_losning: share(r.positiv.T, r.avslutade.T),
    arbete_av_positiva: share(r.arbete.T, r.positiv.T),
    studier_av_positiva: share(r.studier.T, r.positiv.T),
    extratjanst_av_positiva: share(r.extratjanst.T, r.positiv.T),
    fortsatt_atgard_av_positiva: share(r.fortsatt_rehab.T, r.positiv.T),
    saknar_arbetsformaga_av_positiva: share(r.saknar_arbetsformaga.T, r.positiv.T),
    deltagare: count(r.deltagare),
    avslutade: count(r.avslutade),
    konsfordelning_deltagare: share(r.deltagare.K, r.deltagare.T),
    konsfordelning_arbete: share(r.arbete.M, r.arbete.T),
    konsfordelning_studier: share(r.studier.M, r.studier.T),
  };
  const f = figures[d.id];
  if (!f) throw new Error(`no process figure for indicator ${d.id}`);
  const information = verksamhet !== 'totalt';
  return {
    id: d.id,
    malomrade: d.malomrade,
    source: d.source,
    verksamhet,
    value: f.value,
    unit: d.kind === 'antal' ? 'antal' : 'procent',
    numerator: f.numerator,
    denominator: f.denominator,
    target: d.target,
    met: information ? null : meets(f.value, d.target),
    information,
  };
}

function fromEntries(d: IndicatorDefinition, entries: readonly IndicatorEntry[]): IndicatorResult[] {
  const of = (subgroup: string) => entries.find((e) => e.indicatorId === d.id && e.subgroup === subgroup);
  const base = {
    id: d.id,
    malomrade: d.malomrade,
    source: d.source,
    verksamhet: 'totalt' as const,
    target: d.target,
    information: false,
  };
  switch (d.kind) {
    case 'andel': {
      const e = of('');
      const value =
        e && e.numerator !== null && e.denominator !== null ? percentHalfUp(e.numerator, e.denominator) : null;
      return [
        {
          ...base,
          unit: 'procent',
          numerator: e?.numerator ?? null,
          denominator: e?.denominator ?? null,
          value,
          met: meets(value, d.target),
        },
      ];
    }
    case 'antal': {
      const e = of('');
      const value = e?.numerator ?? null;
      return [{ ...base, unit: 'antal', numerator: value, denominator: null, value, met: meets(value, d.target) }];
    }
    case 'forandring':
      return subgroupsOf(d).map((kommun) => {
        const value = of(kommun)?.value ?? null;
        return {
          ...base,
          subgroup: kommun,
          unit: 'procentenheter',
          numerator: null,
          denominator: null,
          value,
          met: meets(value, d.target),
        };
      });
    case 'andel_kon': {
      const k = of('K');
      const m = of('M');
      const complete = (
        e: IndicatorEntry | undefined,
      ): e is IndicatorEntry & { numerator: number; denominator: number } =>
        e !== undefined && e.numerator !== null && e.denominator !== null;
      if (!complete(k) || !complete(m))
        return [{ ...base, unit: 'procentenheter', numerator: null, denominator: null, value: null, met: null }];
      const byKon = {
        K: { numerator: k.numerator, denominator: k.denominator, procent: percentHalfUp(k.numerator, k.denominator) },
        M: { numerator: m.numerator, denominator: m.denominator, procent: percentHalfUp(m.numerator, m.denominator) },
      };
      const value =
        byKon.K.procent === null || byKon.M.procent === null ? null : Math.abs(byKon.K.procent - byKon.M.procent);
      return [
        {
          ...base,
          unit: 'procentenheter',
          numerator: null,
          denominator: null,
          byKon,
          value,
          met: meets(value, d.target),
        },
      ];
    }
  }
}

/**
 * The whole indicator table: förbund-level rows of every indicator (process figures from `totalt`, entered ones
 * from `entries`), then the process figures per verksamhet as information, then the jämställdhetsindex.
 */
export function computeIndicators(report: BokslutReport, entries: readonly IndicatorEntry[] = []): IndicatorResult[] {
  const totalt = report.tables.find((t) => t.verksamhet === 'totalt');
  const out: IndicatorResult[] = [];
  for (const d of INDICATORS) {
    if (d.source === 'process') {
      if (totalt) out.push(fromTable(d, 'totalt', totalt.rader));
      for (const t of report.tables) if (t.verksamhet !== 'totalt') out.push(fromTable(d, t.verksamhet, t.rader));
    } else if (d.source === 'index') {
      const judged = INDICATORS.filter((j) => j.jamstalldhet).map((j) =>
        out.find((r) => r.id === j.id && r.verksamhet === 'totalt'),
      );
      const all = judged.every((r) => r && r.met !== null);
      const met = judged.filter((r) => r?.met === true).length;
      out.push({
        id: d.id,
        malomrade: d.malomrade,
        source: d.source,
        verksamhet: 'totalt',
        unit: 'procent',
        target: null,
        information: false,
        numerator: all ? met : null,
        denominator: all ? judged.length : null,
        value: all ? percentHalfUp(met, judged.length) : null,
        met: null,
      });
    } else {
      out.push(...fromEntries(d, entries));
    }
  }
  return out;
}

/** Why an entry is refused (English, for logs); null when it is consistent. */
export function entryProblem(e: IndicatorEntry): string | null {
  const d = definitionOf(e.indicatorId);
  if (!d || d.source === 'process' || d.source === 'index')
    return `unknown entered indicator ${JSON.stringify(e.indicatorId)}`;
  if (!subgroupsOf(d).includes(e.subgroup)) return `unknown subgroup ${JSON.stringify(e.subgroup)} for ${d.id}`;
  const whole = (n: number | null) => n === null || (Number.isInteger(n) && n >= 0);
  if (!whole(e.numerator) || !whole(e.denominator)) return 'counts must be whole numbers ≥ 0';
  if (d.kind === 'andel' || d.kind === 'andel_kon') {
    if ((e.numerator === null) !== (e.denominator === null)) return 'numerator and denominator go together';
    if (e.numerator !== null && e.denominator !== null && e.numerator > e.denominator)
      return 'numerator exceeds denominator';
  }
  if (e.value !== null && !Number.isFinite(e.value)) return 'value is not a number';
  return null;
}
