import type { Rad } from '../domain/bokslut.js';
import type { IndicatorResult, Malomrade, Respondents } from '../domain/bokslutIndicators.js';
import type { Verksamhet } from '../domain/organisations.js';
import { REPORT_PERIOD_LABELS, VERKSAMHET_LABELS } from './labels.sv.js';

const fraga = (q: string, svar: string) => `Andel som på frågan ”${q}” svarat ${svar}`;
const STOR_DEL = 'till stor del, till mycket stor del eller helt och hållet';
const OFTA = 'ofta, för det mesta eller alltid';
const NEJ_DISKRIMINERING = (grund: string) => fraga(`Har du blivit diskriminerad på grund av ${grund}?`, 'nej');

/** Swedish texts of the socialt bokslut page, the survey entry page and the exports. */
export const bokslutSv = {
  title: 'Socialt bokslut',
  intro: 'Deltagare, avslut och resultat per verksamhet och kön, beräknat ur ärendena.',
  periodHeading: (label: string) => `Period: ${label}`,
  form: {
    legend: 'Välj period',
    year: 'År',
    period: 'Period',
    show: 'Visa',
    options: REPORT_PERIOD_LABELS,
  },
  downloads: {
    heading: 'Ladda ner',
    xlsx: 'Excel (XLSX)',
    pdf: 'PDF',
    csv: 'Tabeller som CSV',
    finsam: 'Uppföljning Finsam (CSV, maskerad)',
  },
  print: 'Sidan går att skriva ut med webbläsarens utskrift (Ctrl+P); meny, val och länkar skrivs inte ut.',
  columns: { rad: 'Rad', K: 'Kvinnor', M: 'Män', T: 'Totalt', procent: '%' },
  tableCaption: (name: string, period: string) => `${name}, ${period}`,
  noParticipants: 'Inga deltagare under perioden.',
  rader: {
    deltagare: 'Antal deltagare under perioden',
    nya: '– varav nya under perioden',
    avslutade: 'Totalt antal avslutade under perioden',
    positiv: 'Avslutade till en för individen positiv lösning',
    arbete: '– varav till arbete',
    extratjanst: '– varav till extratjänst',
    studier: '– varav till studier',
    fortsatt_rehab: '– varav fortsatt rehab och öppet arbetssökande',
    saknar_arbetsformaga: '– varav saknar arbetsförmåga',
    avbrott_halsa: 'Avbrott av hälsoskäl',
    avbrott_ovrigt: 'Övriga avbrott',
  } satisfies Record<Rad, string>,
  verksamheter: {
    ...VERKSAMHET_LABELS,
    totalt: 'Arbetsmarknadstorgen totalt',
  } satisfies Record<Verksamhet | 'totalt', string>,
  kommuner: {
    umea: 'Umeå',
    vannas: 'Vännäs',
    robertsfors: 'Robertsfors',
    vindeln: 'Vindeln',
    bjurholm: 'Bjurholm',
    nordmaling: 'Nordmaling',
  } as Record<string, string>,
  kon: { K: 'Kvinnor', M: 'Män' } as Record<string, string>,
  countNote:
    'Deltagare räknas som personer per verksamhet: den som aktualiserats på nytt under perioden räknas en gång. Varje avslut räknas.',
  percentNote:
    'Procent: positiva av avslutade, varje positiv kategori av positiva, avbrott av avslutade; heltal, avrundat med halva uppåt.',
  indicators: {
    heading: 'Indikatorer mot mål',
    intro: 'Målen gäller förbundet som helhet. Verksamheternas siffror visas som information.',
    malomraden: {
      1: 'Målområde 1: Samhälls- och medlemsnytta',
      2: 'Målområde 2: Samverkan',
      3: 'Målområde 3: Deltagarnytta',
      4: 'Målområde 4: Medarbetarnöjdhet',
      5: 'Målområde 5: Jämlik samverkan',
    } satisfies Record<Malomrade, string>,
    perVerksamhet: 'Per verksamhet (information)',
    columns: {
      verksamhet: 'Verksamhet',
      indikator: 'Indikator',
      utfall: 'Utfall',
      mal: 'Mål',
      status: 'Signal',
      kalla: 'Källa',
    },
    sources: {
      process: 'Ärendena',
      enkat: 'Enkät',
      statistik: 'SCB',
      redovisning: 'Redovisade exempel',
      index: 'Beräknat',
    } as Record<string, string>,
    respondents: {
      deltagare: 'deltagarna',
      personal: 'personalen',
      styrgrupper: 'styrgrupperna',
      styrelse: 'styrelsen och förbundscheferna',
    } satisfies Record<Respondents, string>,
    names: {
      positiv_losning: 'Andel av de avslutade som gått vidare till en för individen positiv lösning',
      arbete_av_positiva: 'Andel av dem med positiv lösning som gått till arbete',
      studier_av_positiva: 'Andel av dem med positiv lösning som gått till studier',
      extratjanst_av_positiva: 'Andel av dem med positiv lösning som gått till extratjänst',
      fortsatt_atgard_av_positiva:
        'Andel av dem med positiv lösning som gått till annan åtgärd (fortsatt rehab, öppet arbetssökande)',
      saknar_arbetsformaga_av_positiva: 'Andel av dem med positiv lösning som saknar arbetsförmåga',
      deltagare: 'Personer som deltagit i samverkan under perioden',
      avslutade: 'Avslut under perioden',
      helarsekvivalenter: 'Förändring av helårsekvivalenter som andel av befolkningen 20–64 år mot föregående år',
      goda_exempel_positiv_losning: 'Goda exempel där deltagare avslutats till en för individen positiv lösning',
      goda_exempel_rehabiliteringshinder: 'Goda exempel på identifierade och hanterade rehabiliteringshinder',
      strategi_styrelse: fraga('Har ni en strategi för hur ni arbetar med uppföljning och utvärdering?', 'ja'),
      strategi_styrgrupper: fraga('Har ni en strategi för hur ni arbetar med uppföljning och utvärdering?', 'ja'),
      uppfoljning_underlag_styrelse: fraga(
        'Använder ni uppföljning och utvärdering som underlag för att utveckla verksamheterna?',
        STOR_DEL,
      ),
      uppfoljning_underlag_styrgrupper: fraga(
        'Använder ni uppföljning och utvärdering som underlag för att utveckla verksamheterna?',
        STOR_DEL,
      ),
      forebyggande_styrelse: fraga(
        'Har erfarenheter från er samverkan lett till att förebyggande insatser utvecklats?',
        STOR_DEL,
      ),
      forebyggande_styrgrupper: fraga(
        'Har erfarenheter från er samverkan lett till att förebyggande insatser utvecklats?',
        STOR_DEL,
      ),
      rutiner_andra_aktorer: fraga('Har ni rutiner för att samarbeta med andra aktörer?', STOR_DEL),
      goda_exempel_andra_aktorer:
        'Goda exempel på att verksamheterna inkluderar andra aktörer (företag, ideella krafter, föreningsliv)',
      erfarenheter_deltagare: fraga(
        'Har personalen du träffat tagit tillvara dina erfarenheter och kunskaper?',
        STOR_DEL,
      ),
      erfarenheter_personal: fraga(
        'Tas erfarenheter, kunskaper och synpunkter från deltagare systematiskt tillvara?',
        STOR_DEL,
      ),
      goda_exempel_erfarenheter: 'Goda exempel på att deltagarnas erfarenheter systematiskt tillvaratas',
      person_eller_team: fraga(
        'Har du haft en person eller ett team som du kunnat vända dig till med dina frågor?',
        'ja',
      ),
      goda_exempel_utvecklingsomraden:
        'Goda exempel där verksamheterna identifierat och återkopplat utvecklingsområden hos parterna',
      goda_exempel_rundgang: 'Goda exempel på att rundgången har brutits',
      stod_arbete: fraga('Har du fått det stöd du behöver för att öka din chans att få ett arbete?', STOR_DEL),
      inflytande: fraga('Har du fått vara med och bestämma vilket stöd som du har fått?', STOR_DEL),
      livssituation: fraga('Har det stöd du fått hjälpt dig att hantera din livssituation?', STOR_DEL),
      framtid:
        'Andel som känner sig mer redo att arbeta eller studera eller har hittat en annan lösning och ser positivt på framtiden',
      trivs_samarbete: fraga(
        'Jag trivs med att samarbeta utifrån ett gemensamt uppdrag med gemensam målgrupp',
        STOR_DEL,
      ),
      lyckas_uppdrag: fraga('Jag upplever att vi lyckas med mitt samverkansuppdrag', STOR_DEL),
      lyssnar: fraga('Upplever du att de du samverkar med hos andra myndigheter lyssnar på dig?', OFTA),
      vet_vad_du_kan: fraga('Upplever du att de du samverkar med hos andra myndigheter vet vad du kan tillföra?', OFTA),
      planering_efter_stod: fraga(
        'Finns det en tillräcklig planering för vad som ska hända efter att detta stöd upphör?',
        OFTA,
      ),
      redo_arbeta_studera: fraga(
        'Stödet vi har gett har gjort att deltagaren är mer redo att kunna arbeta eller studera',
        STOR_DEL,
      ),
      medskapare: fraga(
        'Vi är medskapare och bidrar till verksamhetens uppnåendemål genom att hålla oss till vårt arbetssätt',
        STOR_DEL,
      ),
      dokumentation: fraga('Jag anser att vi i samverkansplattformen bidrar till en god och säker dokumentation', 'ja'),
      lokal_ledning_styrgrupper: fraga('Den lokala ledningen för samverkan fungerar', STOR_DEL),
      lokal_ledning_personal: fraga('Den lokala ledningen för samverkan fungerar', STOR_DEL),
      lokal_samverkan: fraga('Den lokala samverkan fungerar', STOR_DEL),
      regional_samverkan: fraga('Den regionala samverkan mellan plattformarna i Umeåregionen fungerar', STOR_DEL),
      konsfordelning_deltagare: 'Jämställd könsfördelning bland deltagarna (andel kvinnor)',
      konsfordelning_personal: 'Jämställd könsfördelning bland personalen (andel kvinnor)',
      konsfordelning_styrgrupper: 'Jämställd könsfördelning i styrgrupperna (andel kvinnor)',
      konsfordelning_styrelse: 'Jämställd könsfördelning i förbundets styrelse (andel kvinnor)',
      likabehandling: fraga(
        'Vi tar ansvar för att möta deltagarna med värdighet utifrån likabehandlingsprincipen',
        'ja',
      ),
      bemotande: fraga('Hur har du blivit bemött?', 'ganska bra, bra eller mycket bra'),
      konsfordelning_arbete: 'De som gått till arbete är jämnt fördelade mellan kvinnor och män (andel män)',
      konsfordelning_studier: 'De som gått till studier är jämnt fördelade mellan kvinnor och män (andel män)',
      kon_stod_arbete: 'Skillnad mellan kvinnor och män: stöd för att öka chansen till arbete',
      kon_inflytande: 'Skillnad mellan kvinnor och män: vara med och bestämma stödet',
      kon_livssituation: 'Skillnad mellan kvinnor och män: stöd att hantera livssituationen',
      kon_bemotande: 'Skillnad mellan kvinnor och män: bemötande',
      kon_framtid: 'Skillnad mellan kvinnor och män: ser positivt på framtiden',
      jamstalldhetsindex: 'Jämställdhetsindex: andel av de 11 jämställdhetsindikatorerna som nått målet',
      diskriminering_kon: NEJ_DISKRIMINERING('kön'),
      diskriminering_alder: NEJ_DISKRIMINERING('ålder'),
      diskriminering_etnicitet: NEJ_DISKRIMINERING('etnicitet'),
      diskriminering_religion: NEJ_DISKRIMINERING('religion'),
      diskriminering_funktionsnedsattning: NEJ_DISKRIMINERING('funktionsnedsättning'),
      diskriminering_sexuell_laggning: NEJ_DISKRIMINERING('sexuell läggning'),
      diskriminering_konsidentitet: NEJ_DISKRIMINERING('könsidentitet'),
      diskriminering_tillganglighet: NEJ_DISKRIMINERING('bristande tillgänglighet'),
    } as Record<string, string>,
    target: (t: { min?: number; max?: number; below?: number; maxDiff?: number } | null, unit: string): string => {
      if (!t) return '–';
      if (t.maxDiff !== undefined) return `skillnad högst ${t.maxDiff} procentenheter`;
      if (t.below !== undefined) return t.below === 0 ? 'minskning' : `under ${t.below}`;
      if (unit === 'antal') return `minst ${t.min ?? 0}`;
      if (t.min !== undefined && t.max !== undefined) return `${t.min}–${t.max} %`;
      if (t.min !== undefined) return t.min >= 100 ? '100 %' : `minst ${t.min} %`;
      return `högst ${t.max} %`;
    },
    outcome: (value: number | null, unit: string, n: number | null, d: number | null): string => {
      if (value === null) return 'underlag saknas';
      if (unit === 'antal') return String(value);
      if (unit === 'procentenheter') return `${value > 0 ? '+' : ''}${String(value).replace('.', ',')} procentenheter`;
      return n !== null && d !== null ? `${value} % (${n}/${d})` : `${value} %`;
    },
    byKon: (k: number | null, m: number | null) => `kvinnor ${k ?? '–'} %, män ${m ?? '–'} %`,
    status: {
      uppnatt: { symbol: '✔', text: 'Uppnått' },
      ej_uppnatt: { symbol: '✘', text: 'Ej uppnått' },
      saknar_data: { symbol: '–', text: 'Underlag saknas' },
      information: { symbol: 'ℹ', text: 'Information' },
    },
  },
  excluded: {
    heading: 'Ärenden som inte kunde räknas',
    intro: (n: number) =>
      `${n} ärende${n === 1 ? '' : 'n'} har motstridiga uppgifter och är inte med i siffrorna ovan. Resten av bokslutet är beräknat som vanligt.`,
    forKansli: 'Rätta uppgifterna i ärendet; bokslutet räknas om när sidan laddas.',
    columns: { caseId: 'Ärende', problem: 'Problem' },
    problem: (message: string) =>
      message
        .replace(/^slutdatum (\S+) is before startdatum (\S+)$/, 'slutdatum $1 ligger före startdatum $2')
        .replace(/^slutdatum without avslutsorsak$/, 'slutdatum utan avslutsorsak')
        .replace(/^avslutsorsak without slutdatum$/, 'avslutsorsak utan slutdatum'),
  },
  survey: {
    title: 'Enkätresultat och statistik',
    link: 'Enkätresultat och statistik för perioden',
    intro:
      'Resultat som inte kommer ur ärendena: enkäter till deltagare, personal, styrgrupper och styrelse, SCB:s helårsekvivalenter och antal redovisade goda exempel. De visas i indikatortabellen för samma period.',
    readOnly: 'Förbundskansliet för in resultaten. Du kan se dem här.',
    respondentsLabel: (r: string) => `Svarande: ${r}`,
    numerator: 'Antal som svarat så',
    denominator: 'Antal som svarat',
    count: 'Antal',
    change: 'Förändring (procentenheter, t.ex. -0,4)',
    save: 'Spara resultaten',
    saved: 'Resultaten är sparade.',
    invalid: 'Några värden kunde inte sparas. Rätta de markerade fälten; inget av det du skrivit har gått förlorat.',
    errors: {
      whole: 'Ange ett heltal, 0 eller större.',
      decimal: 'Ange ett tal med högst en decimal, t.ex. -0,4.',
      pair: 'Fyll i både antal som svarat så och antal som svarat, eller inget av dem.',
      exceeds: 'Antal som svarat så kan inte vara fler än antal som svarat.',
    },
    back: 'Tillbaka till bokslutet',
  },
  demo: {
    running: (loaded: number, total: number) =>
      `Demoåret 2020 läses in i bakgrunden: ${loaded} av ${total} ärenden. Ladda om sidan för att se hur långt det har kommit.`,
    failed: 'Inläsningen av demoåret 2020 misslyckades. Se startloggen.',
    show: 'Demodata finns för 2020: visa det sociala bokslutet för 2020',
  },
  csv: {
    bokslut: {
      from: 'Period från',
      to: 'Period till',
      verksamhet: 'Verksamhet',
      rad: 'Rad',
      K: 'Kvinnor',
      M: 'Män',
      T: 'Totalt',
      procent: 'Procent',
    },
    finsam: {
      insats: 'Insats',
      from: 'Period från',
      to: 'Period till',
      kon: 'Kön',
      deltagare: 'Deltagare',
      nya: 'Nya',
      avslutade: 'Avslutade',
    },
  },
  closureBeforeStart: (start: string) => `Slutdatum kan inte ligga före deltagandets startdatum (${start}).`,
  finsamNote:
    'Exporten till Uppföljning Finsam innehåller bara antal per insats, period och kön. Antal under 5 visas som "<5".',
  sheet: { indicators: 'Indikatorer' },
  pdf: { generated: (date: string) => `Framtaget ${date} ur Samverkan` },
  invalidQuery: 'Ogiltigt år eller period.',
} as const;

export type IndicatorSignal = keyof typeof bokslutSv.indicators.status;

/** The signal of an indicator row: information, no data, met or not met. */
export function signalOf(i: {
  met: boolean | null;
  information: boolean;
  value: number | null;
  target: unknown;
}): IndicatorSignal {
  if (i.information || i.target === null) return i.value === null ? 'saknar_data' : 'information';
  if (i.met === null) return 'saknar_data';
  return i.met ? 'uppnatt' : 'ej_uppnatt';
}

/** The name of an indicator row, with the kommun for per-kommun rows. */
export function indicatorName(i: IndicatorResult): string {
  const name = bokslutSv.indicators.names[i.id] ?? i.id;
  return i.subgroup ? `${name}: ${bokslutSv.kommuner[i.subgroup] ?? i.subgroup}` : name;
}

/** The outcome text of an indicator row, with the figures per kön where the indicator has them. */
export function indicatorOutcome(i: IndicatorResult): string {
  const outcome = bokslutSv.indicators.outcome(i.value, i.unit, i.numerator, i.denominator);
  return i.byKon ? `${outcome} (${bokslutSv.indicators.byKon(i.byKon.K.procent, i.byKon.M.procent)})` : outcome;
}
