import { REPORT_PERIOD_LABELS } from './labels.sv.js';

/** Swedish texts of the styrgrupp dashboard (/styrgrupp), kept apart from texts.sv.ts like the bokslut texts. */
export const styrgruppSv = {
  title: 'Styrgruppens översikt',
  intro:
    'Var ärendena väntar, vilka tidsfrister som inte hålls och hur lång tid stegen tar. Bara sammanställda siffror; inga enskilda ärenden.',
  form: {
    legend: 'Välj period och verksamhet',
    year: 'År',
    period: 'Period',
    verksamhet: 'Verksamhet (väntande och försenade uppgifter)',
    allVerksamheter: 'Alla verksamheter',
    show: 'Visa',
    options: REPORT_PERIOD_LABELS,
  },
  periodNote: (label: string) =>
    `Väntande och försenade uppgifter gäller just nu. Tider och uppföljningar gäller perioden ${label}.`,
  cockpit: 'Öppna Cockpit (processmotorns övervakning av instanser och incidenter)',
  cockpitNote:
    'Cockpit visar varje processinstans och incident i motorn; logga in med styrgruppens konto (endast läsbehörighet).',
  csv: (what: string) => `Ladda ner ${what} som CSV`,
  csvNote:
    'CSV-filerna kan lämnas ut utanför förbundet och är därför maskerade: antal under 5 visas som "<5", och medianer, medelvärden och andelar som bygger på färre än 5 personer visas inte.',
  none: 'Inga uppgifter att visa.',
  /** Column names and kön of the CSV exports. */
  csvColumns: {
    kon: { K: 'Kvinnor', M: 'Män', T: 'Totalt' },
    perStep: ['Process', 'Version', 'Element-id', 'Steg', 'Ärenden'],
    perGroup: ['Organisation eller grupp', 'Öppna', 'Försenade', 'Eskalerade'],
    periodFrom: 'Period från',
    periodTo: 'Period till',
    organisation: 'Organisation',
    verksamhet: 'Verksamhet',
    konColumn: 'Kön',
    count: 'Antal',
    median: 'Median (dagar)',
    mean: 'Medel (dagar)',
    withinTarget: 'Inom målet',
    followUps: ['Hållna', 'Inom 3 månader', 'Andel (%)', 'Försenade i dag'],
  },
  heatmap: {
    heading: 'Pågående ärenden per process, version och steg',
    explain:
      'Antalet processinstanser som just nu väntar på en användaruppgift i varje steg (öppna uppgifter). Steg som inte är uppgifter för handläggare, till exempel timers och automatiska steg, räknas inte. Siffran står i diagrammet vid steget; mörkare markering betyder fler ärenden.',
    version: (v: number, total: number) => `Version ${v}: ${total} ${total === 1 ? 'ärende väntar' : 'ärenden väntar'}`,
    diagramLabel: (process: string, v: number) =>
      `Processdiagram för ${process}, version ${v}, med antal väntande ärenden per steg`,
    approximate: 'Diagrammet är modellen i förrådet; den driftsatta versionen kan skilja sig.',
    columns: { step: 'Steg', elementId: 'Element-id', count: 'Väntande ärenden' },
    loading: 'Diagrammet laddas …',
    noScript: 'Diagrammet kräver JavaScript; siffrorna står i tabellen.',
    figure: 'väntande ärenden per steg',
  },
  groups: {
    heading: 'Försenade och eskalerade uppgifter per organisation',
    explain:
      'Öppna uppgifter per organisation eller grupp som uppgiften är tilldelad. Försenad: förfallotiden har passerat. Eskalerad: processens tidsfrist har löpt ut och ärendet har eskalerats. En uppgift som går till flera grupper räknas hos varje grupp.',
    columns: { group: 'Organisation/grupp', open: 'Öppna', overdue: 'Försenade', escalated: 'Eskalerade' },
    chartLabel: 'Stapeldiagram: försenade och eskalerade uppgifter per organisation. Samma siffror står i tabellen.',
    figure: 'uppgifter per organisation',
    extraLabels: { samordnare: 'Samordnare', '-': 'Ingen grupp (tilldelad person)' } as Record<string, string>,
  },
  referral: {
    heading: 'Tid från aktualisering till beslut i beredningsgruppen',
    explain:
      'Kalenderdagar från att ärendet aktualiserades till det beredningsmöte som fattade beslut (ja eller nej), för beslut under perioden.',
    figure: 'tid från aktualisering till beslut',
    chartLabel:
      'Stapeldiagram: mediantid i dagar från aktualisering till beslut per verksamhet och kön. Samma siffror står i tabellen.',
  },
  trial: {
    heading: 'Tid från inventering till start av arbetsprövning',
    explain:
      'Kalenderdagar från inventeringen hos försörjningsstöd till att arbetsprövningen på Arenor för prövning startade, för starter under perioden. Målet är två veckor: start senast den dag som rutinens egna steg ger (AF svarar inom två arbetsdagar, informationsmöte veckan efter svaret, start en vecka senare).',
    figure: 'tid från inventering till start',
    chartLabel: 'Stapeldiagram: andel starter inom målet per organisation och kön. Samma siffror står i tabellen.',
    target: 'Mål: start inom två veckor enligt rutinen',
  },
  duration: {
    columns: {
      group: 'Verksamhet',
      org: 'Ansvarig organisation',
      kon: 'Kön',
      n: 'Antal',
      median: 'Median (dagar)',
      mean: 'Medel (dagar)',
      within: 'Inom målet',
      share: 'Andel inom mål',
    },
  },
  followUps: {
    heading: 'Uppföljningar inom 3 månader',
    explain:
      'Uppföljningar som hölls under perioden, och hur många av dem som hölls senast 3 kalendermånader efter föregående uppföljning (den första: efter att planen fastställdes). Försenade i dag: pågående ärenden där 3 månader har gått utan ny uppföljning.',
    columns: {
      group: 'Verksamhet',
      kon: 'Kön',
      held: 'Hållna',
      within: 'Inom 3 månader',
      share: 'Andel inom 3 månader',
      overdue: 'Försenade i dag',
    },
    chartLabel:
      'Stapeldiagram: andel uppföljningar inom 3 månader per verksamhet och kön. Samma siffror står i tabellen.',
    figure: 'uppföljningar',
  },
  kon: { K: 'Kvinnor', M: 'Män', T: 'Totalt' },
  totalt: 'Totalt',
  dash: '–',
  days: (n: number | null) => (n === null ? '–' : String(n).replace('.', ',')),
  percent: (p: number | null) => (p === null ? '–' : `${p} %`),
  invalidQuery: 'Ogiltigt år, period eller verksamhet.',
  diagramMissing: 'Diagrammet för den här versionen finns inte.',
} as const;
