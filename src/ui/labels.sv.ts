import { type Avslutsorsak, type ReportPeriod } from '../domain/bokslut.js';
import { BEREDNING_GROUPS, ORGANISATIONS, RETIRED_BEREDNING_GROUPS, type Verksamhet } from '../domain/organisations.js';

/**
 * The one mapping from the codes the data and the engine use to the Swedish labels users see: pages, mails and
 * exports call these functions instead of showing a code. An unknown code falls back to itself (never a blank), so a
 * new code shows up instead of disappearing.
 */

/** The verksamheter (the names the socialt bokslut publishes). */
export const VERKSAMHET_LABELS = {
  ungdomstorget: 'Ungdomstorget',
  vuxentorget: 'Vuxentorget',
  'st-nordmaling': 'Samordningsteam Nordmaling',
  'st-vannas': 'Samordningsteam Vännäs',
  'st-bjurholm': 'Samordningsteam Bjurholm',
  'st-vindeln': 'Samordningsteam Vindeln',
  'st-robertsfors': 'Samordningsteam Robertsfors',
} as const satisfies Record<Verksamhet, string>;

export const CASE_STATUS_LABELS: Record<string, string> = {
  aktualiserad: 'Aktualiserad',
  returnerad: 'Returnerad till avsändaren',
  pa_beredning: 'På beredning',
  avslagen: 'Nej vid beredning',
  pagaende: 'Pågående',
  avslutad: 'Avslutad',
};

/** The report periods (the bokslut's and the dashboard's choice of period). */
export const REPORT_PERIOD_LABELS = {
  ar: 'Helår',
  T1: 'Tertial 1 (januari–april)',
  T2: 'Tertial 2 (maj–augusti)',
  T3: 'Tertial 3 (september–december)',
} as const satisfies Record<ReportPeriod, string>;

export const AVSLUTSORSAK_LABELS = {
  arbete: 'Arbete',
  extratjanst: 'Extratjänst',
  studier: 'Studier',
  fortsatt_rehab: 'Fortsatt rehabilitering eller öppet arbetssökande',
  saknar_arbetsformaga: 'Saknar arbetsförmåga',
  avbrott_halsa: 'Avbrott av hälsoskäl',
  avbrott_ovrigt: 'Övrigt avbrott',
} as const satisfies Record<Avslutsorsak, string>;

export const TASK_STATE_LABELS: Record<string, string> = { open: 'Öppen', completed: 'Klar', cancelled: 'Avbruten' };

/** Audit log events (the `action` column); `assign:<user>` is an assignment to that user. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  read: 'Läste',
  claim: 'Tog uppgiften',
  unclaim: 'Lämnade tillbaka uppgiften',
  assign: 'Tilldelade uppgiften',
  complete: 'Slutförde uppgiften',
  create: 'Registrerade',
  update: 'Ändrade',
  decide: 'Fattade beslut',
  withdraw: 'Registrerade återkallat samtycke',
  'withdraw-consent': 'Registrerade återkallat samtycke',
  retry: 'Körde ett tekniskt fel igen',
  'retry-incident': 'Körde ett tekniskt fel igen',
  start: 'Startade ärendet',
  review: 'Granskade loggen',
  export: 'Exporterade loggen',
  refused: 'Nekad åtkomst',
  'read-agenda': 'Läste på beredningens dagordning',
  'read-overview': 'Såg i översikten',
  login: 'Loggade in',
  logout: 'Loggade ut',
  gallring: 'Gallrade',
};

export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  task: 'Uppgift',
  case: 'Ärende',
  audit_log: 'Loggen',
  person: 'Person',
  consent: 'Samtycke',
  incident: 'Tekniskt fel',
  beredning: 'Beredning',
  agenda: 'Dagordning',
  plan: 'Samverkansplan',
  overview: 'Översikt',
  incident_overview: 'Översikt över tekniska fel',
  stuck_overview: 'Översikt över fastnade och försenade ärenden',
  route: 'Adress', // a page or API address the user was refused, e.g. "Adress GET /logg"
};

const START_KIND_LABELS: Record<string, string> = {
  aktualisering: 'aktualisering',
  inventering: 'inventering',
  inskrivning: 'inskrivning',
};

/** Chart axis units. */
export const UNIT_LABELS: Record<string, string> = { st: 'Antal', dagar: 'Dagar', '%': 'Procent' };

const ORG_NAMES = new Map<string, string>(ORGANISATIONS.map((o) => [o.code, o.name]));
const BEREDNING_NAMES = new Map<string, string>(
  [...BEREDNING_GROUPS, ...RETIRED_BEREDNING_GROUPS].map((g) => [`beredning-${g.code}`, g.name]),
);
const ROLE_GROUPS: Record<string, string> = {
  samordnare: 'Samordnarna',
  processagare: 'Processägarna',
  styrgrupp: 'Styrgruppen',
  forbundskansli: 'Förbundskansliet',
  admin: 'Administratörerna',
  logggranskare: 'Logggranskarna',
};

const lookup = (table: Record<string, string>, code: string | null | undefined): string =>
  code == null || code === '' ? '' : (table[code] ?? code);

/** An organisation's name: `af` → Arbetsförmedlingen. */
export const orgLabel = (code: string | null | undefined): string => (code ? (ORG_NAMES.get(code) ?? code) : '');

/** A candidate group's name: an organisation, a beredningsgrupp (`beredning-nordmaling`) or a role group. */
export const groupLabel = (code: string | null | undefined, extra: Record<string, string> = {}): string =>
  code ? (ORG_NAMES.get(code) ?? BEREDNING_NAMES.get(code) ?? ROLE_GROUPS[code] ?? extra[code] ?? code) : '';

export const verksamhetLabel = (code: string | null | undefined): string => lookup(VERKSAMHET_LABELS, code);
export const caseStatusLabel = (code: string | null | undefined): string => lookup(CASE_STATUS_LABELS, code);
export const taskStateLabel = (code: string | null | undefined): string => lookup(TASK_STATE_LABELS, code);
export const auditObjectLabel = (code: string | null | undefined): string => lookup(AUDIT_OBJECT_LABELS, code);
export const unitLabel = (code: string | null | undefined): string => lookup(UNIT_LABELS, code);

/** An audit event in Swedish; `assign:<username>` names the colleague (display name when known). */
export function auditActionLabel(code: string, names: ReadonlyMap<string, string> = new Map()): string {
  const [base, arg] = code.includes(':')
    ? [code.slice(0, code.indexOf(':')), code.slice(code.indexOf(':') + 1)]
    : [code, undefined];
  const label = AUDIT_ACTION_LABELS[base] ?? code;
  if (arg === undefined || !(base in AUDIT_ACTION_LABELS)) return label;
  if (base === 'assign') return `${label} till ${names.get(arg) ?? arg}`;
  return base === 'start' ? `${label} (${START_KIND_LABELS[arg] ?? arg})` : `${label} (${arg})`;
}
