/**
 * Swedish texts of the notifications (mail and in-app). Mails leave our systems and the recipient's organisation may
 * not see the case content (OSL), so a message names only the pseudonymous case id, dates and a link: no names, no
 * personnummer, no journal text.
 */

// Date and time formatted apart: whether ICU puts "kl." between them differs between Node builds.
const dateSv = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' });
const timeSv = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A date-time as Swedish users read it, in Europe/Stockholm, e.g. '29 december 2026 kl. 08:00'. */
export function formatDateTimeSv(at: Date): string {
  return `${dateSv.format(at)} kl. ${timeSv.format(at)}`;
}

export const notificationSv = {
  /** Meeting kinds of invitations; the label is the event title. */
  meetingKinds: {
    planeringstraff: 'Planeringsträff',
    flerpartsmote: 'Flerpartsmöte',
    uppfoljning: 'Uppföljningsmöte',
    kartlaggningstraff: 'Kartläggningsträff',
    uppstartstraff: 'Uppstartsträff',
    beredning: 'Beredningsmöte',
    mote: 'Möte',
  },
  greeting: 'Hej!',
  openCase: (url: string) => `Öppna ärendet: ${url}`,
  openTask: (url: string) => `Öppna uppgiften: ${url}`,
  footer: [
    '',
    '—',
    'Det här är ett automatiskt meddelande från Samverkan, Arbetsmarknadstorgen (Samordningsförbundet Umeåregionen).',
    'Meddelandet innehåller inga personuppgifter. Logga in för att se ärendet. Svara inte på det här meddelandet.',
  ],
  taskWaiting: {
    subject: (c: string) => `Ny uppgift väntar – ärende ${c}`,
    title: (c: string) => `Ny uppgift i ärende ${c}`,
    body: (c: string) => [`Det finns en ny uppgift för din grupp i ärende ${c}.`],
  },
  deadlineNear: {
    subject: (c: string, due: string) => `Påminnelse: tidsfrist ${due} – ärende ${c}`,
    title: (c: string, due: string) => `Tidsfrist närmar sig i ärende ${c} (${due})`,
    body: (c: string, due: string) => [`En uppgift i ärende ${c} ska vara klar senast ${due}.`],
  },
  deadlineMissed: {
    subject: (c: string) => `Tidsfrist passerad – ärende ${c}`,
    title: (c: string) => `Tidsfristen har passerats i ärende ${c}`,
    /** `due`: the date in brackets with a leading space, or ''. */
    body: (c: string, due: string) => [
      `Tidsfristen${due} för en uppgift i ärende ${c} har passerats. Ärendet har eskalerats till er.`,
      'Se till att uppgiften blir utförd eller fördelad.',
    ],
  },
  beredningDecisionReady: {
    subject: (c: string) => `Beredningsbeslut klart – ärende ${c}`,
    title: (c: string) => `Beredningsgruppen har fattat beslut i ärende ${c}`,
    body: (c: string) => [
      `Beredningsgruppen har fattat beslut i ärende ${c}. Beslutet och eventuell motivering finns i ärendet.`,
    ],
  },
  feedbackReady: {
    subject: (c: string) => `Återkoppling – ärende ${c}`,
    title: (c: string) => `Återkoppling finns i ärende ${c}`,
    body: (c: string) => [`Det finns en återkoppling till er i ärende ${c}.`],
  },
  meetingInvitation: {
    summary: (kind: string, c: string) => `${kind} – ärende ${c}`,
    subject: (kind: string, when: string, c: string) => `Kallelse: ${kind} ${when} – ärende ${c}`,
    title: (kind: string, when: string, c: string) => `Kallelse till ${kind.toLowerCase()} ${when} (ärende ${c})`,
    body: (kind: string, when: string, c: string) => [
      `Du kallas till ${kind.toLowerCase()} i ärende ${c} den ${when}.`,
      'Kalenderinbjudan finns bifogad. Plats och deltagare framgår av ärendet.',
    ],
    description: (url: string) => `Se ärendet: ${url}`,
  },
  consentWithdrawn: {
    subject: (c: string) => `Samtycke återkallat – ärende ${c} avbrutet`,
    title: (c: string) => `Samtycket har återkallats i ärende ${c}`,
    body: (c: string) => [
      `Samtycket i ärende ${c} har återkallats. Ärendet är avbrutet och inga fler uppgifter får delas mellan parterna.`,
      'Öppna uppgifter i ärendet har avslutats.',
    ],
  },
  taskAssigned: {
    /** `what`: " i ärende <id>" when the task belongs to a case, else ''. */
    inCase: (c: string) => (c ? ` i ärende ${c}` : ''),
    subject: (c: string) => `Du har fått en uppgift${c ? ` – ärende ${c}` : ''}`,
    title: (what: string) => `En kollega har tilldelat dig en uppgift${what}`,
    body: (what: string) => [`En kollega har tilldelat dig en uppgift${what}.`],
  },
} as const;
