// Swedish texts the modeler page shows from the browser (the server renders the rest, src/routes/modeler.ts).
export const sv = {
  loading: 'Laddar…',
  loadFailed: (what) => `Kunde inte hämta ${what}.`,
  noModels: 'Inga processer ännu.',
  inRepository: 'finns i processes/',
  openLatestFile: 'Öppna filen',
  openVersion: (v) => `Öppna v${v}`,
  version: (v) => `Version ${v}`,
  fileVersion: 'Filen i processes/',
  newProcess: 'Ny process',
  editing: (id, version) => (version ? `${id}, version ${version}` : `${id}`),
  unsaved: ' (ändrad)',
  lintOk: 'Inga fel. Modellen kan driftsättas.',
  lintOkBut: (why) => `Inga fel. ${why}`,
  nothingOpen: 'Öppna eller skapa en modell.',
  emptyModel: 'Modellen är tom: lägg till steg innan den kan driftsättas.',
  unchangedModel: (v) => `Ingen ändring mot version ${v}, som redan är driftsatt.`,
  preparing: 'Jämför med den driftsatta versionen…',
  deployCancelled: 'Driftsättningen avbröts. Inget har ändrats.',
  confirmFirst: (id) => `${id} har inte driftsatts förut. Det här blir version 1.`,
  confirmNewVersion: (id, v) => `Ändringar mot version ${v} av ${id}, som körs nu:`,
  runningStay: (n, v) =>
    n === 0
      ? 'Inga instanser pågår; alla nya startar på den nya versionen.'
      : `${n === 1 ? '1 pågående instans' : `${n} pågående instanser`} stannar kvar på ${v ? `version ${v} och tidigare` : 'sin version'}; nya instanser startar på den nya versionen.`,
  runningUnknown: 'Motorn kunde inte räkna pågående instanser; de stannar kvar på sin version.',
  confirmComment: (c) => `Kommentar: ${c}`,
  lintErrors: (n) =>
    n === 1
      ? '1 fel måste rättas innan modellen kan driftsättas.'
      : `${n} fel måste rättas innan modellen kan driftsättas.`,
  lintWarnings: (n) => (n === 1 ? '1 varning' : `${n} varningar`),
  warning: 'Varning',
  error: 'Fel',
  deploying: 'Driftsätter…',
  deployed: (id, v) =>
    `${id} version ${v} är driftsatt. Nya instanser startar på den; pågående instanser fortsätter på sin version.`,
  deployUnchanged: (id, v) => `Ingen ändring: ${id} version ${v} är redan driftsatt.`,
  deployedForms: (ids) => `Formulär i versionen: ${ids.join(', ')}.`,
  deployRefused: 'Driftsättningen nekades:',
  deployFailed: 'Driftsättningen misslyckades.',
  noComment: 'Skriv en kommentar om vad som ändrats.',
  versionsTitle: (id) => `Versioner av ${id}`,
  noVersions: 'Inte driftsatt från modelleraren ännu.',
  running: (n) => (n === null ? 'okänt' : String(n)),
  compare: 'Jämför',
  diffTitle: (a, b) => `Skillnader mellan ${a} och ${b}`,
  diffSame: 'Versionerna är identiska.',
  diffLabel: (v) => (v === 'repo' ? 'filen' : `v${v}`),
  forms: {
    none: 'Inga formulär ännu.',
    edited: 'ändrat, driftsätts med processer som länkar det; spara som fil för att behålla',
    invalidId: 'Formulär-id ska vara små bokstäver, siffror och bindestreck.',
    exists: 'Det finns redan ett formulär med det id:t.',
  },
  processIdPrompt: 'Ny process: id (små bokstäver och bindestreck, t.ex. ny-rutin)',
  invalidProcessId: 'Process-id ska vara små bokstäver, siffror och bindestreck och börja med en bokstav.',
};
