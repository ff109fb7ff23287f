/** Swedish texts of the modeler's API (`/api/modeler`): its refusals, shown by the modeler in the browser. */
export const modelerSv = {
  invalid: 'Ogiltig begäran.',
  noComment: 'Skriv en kommentar om vad som ändrats.',
  noXml: 'Modellen saknas i begäran.',
  badForm: 'Ett formulär i begäran är ogiltigt.',
  processNotFound: (id: string) => `Processen ${id} finns inte i processes/.`,
  versionNotFound: (id: string, version: string) => `Version ${version} av ${id} finns inte.`,
  formNotFound: (id: string) => `Formuläret ${id} finns inte.`,
  unreadable: 'Modellen går inte att läsa som BPMN.',
  engineUnavailable: 'Motorn svarar inte just nu. Försök igen om en stund.',
  lintErrors: 'Modellen har fel som måste rättas innan den kan driftsättas.',
  oneProcess: 'Modellen ska innehålla exakt en process.',
  empty: 'Modellen är tom: lägg till steg innan den driftsätts.',
  badProcessId: (id: string) =>
    `Process-id "${id}" ska bestå av små bokstäver, siffror och bindestreck (det blir filnamnet i processes/).`,
  formIdMismatch: (id: string, schemaId: string) =>
    `Formuläret ${id} har id "${schemaId}" i sitt innehåll; de måste vara lika.`,
  formWithoutComponents: (id: string) => `Formuläret ${id} saknar komponenter.`,
  formsMissing: (ids: string) =>
    `Modellen länkar formulär som inte finns: ${ids}. Skapa dem under Formulär eller rätta formulär-id:t.`,
  engineUnavailableDeploy: 'Motorn svarar inte just nu. Försök driftsätta igen om en stund.',
  engineRefused: (message: string) => `Motorn nekade driftsättningen: ${message}`,
} as const;
