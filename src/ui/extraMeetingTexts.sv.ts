/** Swedish texts of "Begär extra kartläggningsträff" on the case view of an etablering. */
export const extraMeetingSv = {
  heading: 'Extra kartläggningsträff',
  intro:
    'Samverkansgruppen kan vid behov ha fler träffar än KT1–KT3. En begäran ger Arbetsförmedlingen en uppgift att hålla träffen.',
  button: 'Begär extra kartläggningsträff',
  requested: 'En extra kartläggningsträff är begärd. Arbetsförmedlingen har fått en uppgift att hålla den.',
  alreadyRequested: 'Begäran var redan skickad. Ingen ny träff begärdes.',
  ended: 'Etableringen är avslutad. Det går inte att begära fler träffar.',
  notEtablering: 'Extra kartläggningsträffar finns bara i etableringen.',
  notParty: 'Bara parterna i samverkansgruppen för etablering kan begära en extra träff.',
  invalid: 'Begäran kunde inte läsas. Ladda om sidan och försök igen.',
  inProgress: 'Begäran behandlas redan. Ladda om sidan om en stund.',
} as const;
