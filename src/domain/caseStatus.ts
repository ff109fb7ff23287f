/**
 * The status of a samverkan case (`cases.status`; the database's check constraint lists the same values) and the
 * statuses after which nothing more happens in a case. Routine cases (`routine_cases.status`) end as `avslutad` too.
 */
export const CASE_STATUSES = [
  'aktualiserad',
  'returnerad',
  'pa_beredning',
  'avslagen',
  'pagaende',
  'avslutad',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Ended: no meetings, no steps, no samtycke to withdraw; gallring counts its years from here. */
export const ENDED_CASE_STATUSES = ['avslutad', 'avslagen', 'returnerad'] as const satisfies readonly CaseStatus[];
/** Still running: every status that is not ended. */
export const RUNNING_CASE_STATUSES = CASE_STATUSES.filter(
  (s) => !(ENDED_CASE_STATUSES as readonly string[]).includes(s),
);

/** True when a case (samverkan or routine) has ended. */
export const isEnded = (status: string): boolean => (ENDED_CASE_STATUSES as readonly string[]).includes(status);

/** The statuses as an SQL list of literals, for a query whose plan must see constants (partial indexes). */
export const sqlStatusList = (statuses: readonly CaseStatus[]): string => statuses.map((s) => `'${s}'`).join(', ');
