/** Swedish texts of the log review page (/logg). */
export const auditSv = {
  title: 'Logggranskning',
  intro:
    'Vem som har läst eller ändrat ärendeuppgifter, när och varifrån. Loggen kan inte ändras eller raderas. Din granskning loggas också.',
  filters: {
    legend: 'Filtrera',
    user: 'Användare',
    userHint: 'Hela eller delar av namnet eller användarnamnet',
    caseId: 'Ärende',
    from: 'Från och med',
    to: 'Till och med',
    show: 'Visa',
  },
  columns: {
    at: 'Tid',
    user: 'Användare',
    org: 'Organisation',
    action: 'Händelse',
    object: 'Objekt',
    caseId: 'Ärende',
    ip: 'IP-adress',
  },
  csv: 'Ladda ner som CSV',
  csvColumns: ['Tid', 'Användare', 'Namn', 'Organisation', 'Händelse', 'Objekt', 'Ärende', 'IP-adress', 'Detaljer'],
  none: 'Inga loggposter matchar filtret.',
  count: (shown: number, total: number) => `Visar ${shown} av ${total} loggposter.`,
  invalid: 'Filtret är ogiltigt. Kontrollera datum (ÅÅÅÅ-MM-DD) och ärendenummer.',
  caption: 'Loggposter, senaste först',
  refusedHint: 'Nekad åtkomst: användaren försökte öppna något hen inte har behörighet till.',
  timeZone: 'Tiderna är svensk tid.',
} as const;
