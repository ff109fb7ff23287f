/** Swedish texts of the overview of stuck and overdue cases (/fastnade-arenden). */
export const stuckSv = {
  title: 'Fastnade och försenade ärenden',
  intro:
    'Steg som har stannat på ett tekniskt fel, uppgifter vars tidsfrist har passerats och eskalerade uppgifter, per organisation och steg.',
  countsOnly: 'Du ser antal per organisation och steg. Enskilda ärenden visas för samordnarna.',
  cockpit: 'Öppna processmotorns översikt (Cockpit)',
  cockpitInstance: (caseId: string) => `Visa i Cockpit${caseId ? `: ${caseId}` : ''}`,
  engineUnavailable:
    'Processmotorn svarar inte just nu, så tekniska fel kan inte visas. Försenade och eskalerade uppgifter visas ändå.',
  truncated: 'Listan är förkortad: fler än 2 000 försenade eller eskalerade uppgifter.',
  none: 'Inga ärenden har fastnat och inga uppgifter är försenade.',
  summaryTitle: 'Per organisation och steg',
  rowsTitle: 'Ärenden',
  columns: {
    org: 'Organisation',
    process: 'Process',
    step: 'Steg',
    incidents: 'Tekniska fel',
    overdue: 'Försenade',
    escalated: 'Eskalerade',
    case: 'Ärende',
    kind: 'Läge',
    since: 'Sedan / förföll',
    cause: 'Orsak',
    cockpit: 'Cockpit',
  },
  kinds: { incident: 'Tekniskt fel', overdue: 'Försenad', escalated: 'Eskalerad' },
  noOrg: 'Ingen organisation angiven',
  noCaseAccess: 'Du har inte behörighet att öppna ärendet.',
} as const;
