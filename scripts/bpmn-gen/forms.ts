// Form definitions (form-js JSON) for every user task; keys are the process variable names the models read.
import { ORGANISATIONS, VERKSAMHETER } from '../../src/domain/organisations.js';
import { TARGET_GROUPS } from '../../src/domain/referralCriteria.js';

type C = Record<string, unknown>;
let n = 0;
const cid = (key: string) => `Field_${key}_${++n}`;
const req = { required: true };
const date = (key: string, label: string, extra: C = {}): C => ({ type: 'datetime', key, id: cid(key), subtype: 'date', dateLabel: label, validate: req, ...extra });
const check = (key: string, label: string, extra: C = {}): C => ({ type: 'checkbox', key, id: cid(key), label, ...extra });
const select = (key: string, label: string, values: [string, string][], extra: C = {}): C => ({ type: 'select', key, id: cid(key), label, values: values.map(([value, l]) => ({ value, label: l })), validate: req, ...extra });
const radio = (key: string, label: string, values: [string, string][], extra: C = {}): C => ({ type: 'radio', key, id: cid(key), label, values: values.map(([value, l]) => ({ value, label: l })), validate: req, ...extra });
const text = (t: string): C => ({ type: 'text', id: cid('text'), text: t });
const form = (title: string, components: C[]) => ({
  type: 'default',
  schemaVersion: 19,
  executionPlatform: 'Camunda Cloud',
  executionPlatformVersion: '8.6.0',
  exporter: { name: 'Samverkan', version: '1.0' },
  components: [text(`#### ${title}`), ...components],
});

const ORGS: [string, string][] = ORGANISATIONS.filter((o) => o.code !== 'forbundet').map((o) => [o.code, o.name]);
const INRIKTNINGAR: [string, string][] = [
  ['arbetsinriktade', 'Arbetsinriktade insatser'],
  ['studieinriktade', 'Studieinriktade insatser'],
  ['arbetslivsinriktade', 'Arbetslivsinriktade/rehabiliterande insatser'],
  ['tidiga_insatser', 'Tidiga insatser'],
  ['ej_arbetslinjen', 'Ej arbetslinjen'],
];
const AVSLUTSORSAKER: [string, string][] = [
  ['arbete', 'Arbete'],
  ['extratjanst', 'Extratjänst'],
  ['studier', 'Studier'],
  ['fortsatt_rehab', 'Fortsatt rehabilitering / öppet arbetssökande'],
  ['saknar_arbetsformaga', 'Saknar arbetsförmåga (rätt ersättning)'],
  ['avbrott_halsa', 'Avbrott av hälsoskäl'],
  ['avbrott_ovrigt', 'Övrigt avbrott'],
];
const VERKSAMHET_LABELS: Record<string, string> = { ungdomstorget: 'Ungdomstorget', vuxentorget: 'Vuxentorget', 'st-nordmaling': 'Samordningsteam Nordmaling', 'st-vannas': 'Samordningsteam Vännäs', 'st-bjurholm': 'Samordningsteam Bjurholm', 'st-vindeln': 'Samordningsteam Vindeln', 'st-robertsfors': 'Samordningsteam Robertsfors' };
const TARGET_GROUP_LABELS: Record<string, string> = {
  kaa: 'Ungdomstorget: KAA (16–20 år)',
  arbetssokande: 'Ungdomstorget: arbetssökande, försörjningsstöd eller sjukpenning (18–24 år)',
  aktivitetsersattning: 'Ungdomstorget: aktivitetsersättning (19–29 år)',
  sammansatt: 'Vuxentorget: arbetssökande med sammansatt problematik',
  sjukpenning: 'Vuxentorget: arbetssökande med sjukpenning',
  forsorjningsstod_0_klassad: 'Vuxentorget: sjukskriven med försörjningsstöd (0-klassad)',
  tidigare_sjukskriven: 'Vuxentorget: tidigare sjukskriven',
  hikikomori: 'Vuxentorget: hikikomori',
  etablering: 'Vuxentorget: etableringsärende',
  unga: 'Samordningsteam: unga (16–29 år)',
  vuxna: 'Samordningsteam: vuxna (25–65 år)',
};
const TG: [string, string][] = Object.values(TARGET_GROUPS).flatMap((g) => Object.keys(g)).map((k) => [k, TARGET_GROUP_LABELS[k] ?? k]);

/** Every form by id (== file name in forms/). */
export const FORMS: Record<string, ReturnType<typeof form>> = {
  'beredning-decision': form('Beredning av aktualisering', [
    text('Bedöm om personen tillhör målgruppen och om samverkan kan ge det stöd som behövs. Skriv inga journaluppgifter.'),
    radio('beredningDecision', 'Beslut', [['ja', 'Ja, ärendet går till samordningsteamet'], ['nej', 'Nej']]),
    { type: 'textarea', key: 'motivering', id: cid('motivering'), label: 'Motivering', description: 'Krävs vid nej: en tydlig motivering.', validate: { required: true, maxLength: 1000 }, conditional: { hide: '=beredningDecision != "nej"' } },
    { type: 'textarea', key: 'rekommendation', id: cid('rekommendation'), label: 'Rekommendation till annan insats', description: 'Krävs vid nej.', validate: { required: true, maxLength: 500 }, conditional: { hide: '=beredningDecision != "nej"' } },
  ]),
  'kartlaggning-bidrag': form('Kartläggning i samordningsteamet', [
    text('Lyft fram er parts bild av begränsningar och förutsättningar på samordningsteamets möte. Dokumentationen stannar i er egen journal.'),
    check('bidragLamnat', 'Vår part har lämnat sitt bidrag till kartläggningen', { validate: req }),
    select('foreslagenInriktning', 'Föreslagen inriktning', INRIKTNINGAR),
  ]),
  'mote-kallelse': form('Kalla till möte', [
    text('Planeringsträff eller flerpartsmöte med personen och berörda parter.'),
    { type: 'datetime', key: 'meetingAt', id: cid('meetingAt'), subtype: 'datetime', dateLabel: 'Datum', timeLabel: 'Tid', use24h: true, timeSerializingFormat: 'utc_offset', timeInterval: 15, validate: req },
  ]),
  samverkansplan: form('Samverkansplan', [
    select('arendebarareOrg', 'Ärendebärare (oftast den part som bär personens försörjning)', ORGS),
    select('inriktning', 'Inriktning', INRIKTNINGAR),
    {
      type: 'dynamiclist',
      id: cid('planSteps'),
      path: 'planSteps',
      label: 'Steg i planen',
      isRepeating: true,
      defaultRepetitions: 1,
      allowAddRemove: true,
      nonCollapsedItems: 5,
      components: [
        select('party', 'Part', ORGS),
        { type: 'textfield', key: 'description', id: cid('description'), label: 'Steg eller insats', validate: { required: true, maxLength: 200 } },
        date('dueDate', 'Datum'),
      ],
    },
  ]),
  uppfoljning: form('Uppföljning', [
    date('followUpHeldOn', 'Uppföljningen hölls'),
    radio('followUpOutcome', 'Utfall', [['enligt_plan', 'Planen följs, ny uppföljning inom tre månader'], ['avvikelse', 'Avvikelse från planen: kalla till flerpartsmöte'], ['avslut', 'Deltagandet ska avslutas']]),
  ]),
  avslut: form('Avslut av deltagande', [
    select('avslutsorsak', 'Avslutsorsak (exakt en)', AVSLUTSORSAKER),
    date('endDate', 'Slutdatum'),
  ]),
  'kt1-inskrivning': form('Kartläggningsträff 1: inskrivning och studieplan', [
    date('kt1HeldOn', 'Träffen hölls'),
    check('studieplanUpprattad', 'Personen är inskriven och studieplanen är upprättad', { validate: req }),
    date('nextMeetingDate', 'Datum för nästa träff (hälsa och yrkesorientering)'),
  ]),
  'kt1-halsa': form('Kartläggningsträff 1: hälsa och yrkesorientering', [
    date('kt1HealthHeldOn', 'Träffen hölls'),
    check('halsaOchYrkesorienteringKlar', 'Hälsa och yrkesorientering är genomgångna', { validate: req }),
  ]),
  'kt2-uppfoljning': form('Kartläggningsträff 2: uppföljning', [
    date('kt2HeldOn', 'Träffen hölls'),
    check('nyaBehov', 'Ohälsa eller nya behov har identifierats'),
    check('referToTorget', 'Aktualisera till Arbetsmarknadstorget'),
    select('referralVerksamhet', 'Verksamhet', VERKSAMHETER.map((v) => [v, VERKSAMHET_LABELS[v] ?? v]), { conditional: { hide: '=referToTorget != true' } }),
    select('referralTargetGroup', 'Målgrupp', TG, { conditional: { hide: '=referToTorget != true' } }),
    check('informedOfAim', 'Personen är informerad om att målet är arbete, studier eller annan behovsanpassad lösning', { conditional: { hide: '=referToTorget != true' } }),
    check('readyForChange', 'Personen bedöms beredd på en förändringsprocess', { conditional: { hide: '=referToTorget != true' } }),
    { type: 'checklist', key: 'consentParties', id: cid('consentParties'), label: 'Samtycket omfattar parterna', values: ORGS.map(([value, label]) => ({ value, label })), validate: req, conditional: { hide: '=referToTorget != true' } },
    date('consentValidTo', 'Samtycket gäller till och med', { conditional: { hide: '=referToTorget != true' } }),
    check('consentSignedCopyGiven', 'Samtyckesblanketten är undertecknad och personen har fått en kopia', { conditional: { hide: '=referToTorget != true' } }),
  ]),
  'kt3-planering': form('Kartläggningsträff 3: inför programmets slut', [
    date('kt3HeldOn', 'Träffen hölls'),
    check('nyPlanUpprattad', 'Ny planering inför jobb- och utvecklingsgarantin är upprättad (försörjningsstöd deltog)', { validate: req }),
    select('readiness', 'Bedömning', [['redo_arbete', 'Redo att matchas mot arbete'], ['redo_studier', 'Redo för studier'], ['behov_rustande_insatser', 'Behov av fler rustande eller arbetslivsrehabiliterande insatser']]),
  ]),
  'kt-extra': form('Extra kartläggningsträff', [date('extraMeetingHeldOn', 'Träffen hölls')]),
  inventering: form('Inventering (försörjningsstöd)', [
    date('inventoryDate', 'Inventeringen gjordes'),
    check('arbetsformagaOsaker', 'Arbetsförmågan är osäker'),
    check('aktuellHosAf', 'Personen är aktuell hos Arbetsförmedlingen'),
    check('referToAf', 'Aktualisera till Arbetsförmedlingens funktionsbrevlåda'),
  ]),
  'af-svar': form('Svar från Arbetsförmedlingen', [
    text('Svara inom två arbetsdagar.'),
    radio('afAnswer', 'Svar', [['aktiv_planering', 'Personen har en aktiv planering hos Arbetsförmedlingen'], ['arenor_for_provning', 'Personen kan gå vidare till tre månaders placering på Arenor för prövning']]),
  ]),
  informationsmote: form('Informationsmöte på försörjningsstöd', [date('infoMeetingHeldOn', 'Mötet hölls')]),
  provningstraff: form('Träff under arbetsprövningen', [date('meetingHeldOn', 'Träffen hölls'), check('afAttended', 'Arbetsförmedlingen deltog')]),
  'provning-bedomning': form('Kartläggning och bedömning under prövningen', [
    select('nextStep', 'Nästa steg efter prövningen', [['arbete', 'Arbete'], ['studier', 'Studier'], ['arbetsinriktad_insats', 'Arbetsinriktad insats'], ['fortsatt_rehab', 'Fortsatt rehabilitering'], ['annan_insats', 'Annan insats']]),
  ]),
};
