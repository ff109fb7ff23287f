import type { Forsorjning } from '../domain/arendebarare.js';

/** The ärendebärare chosen at the planeringsträff from the person's försörjning: form refusal and case view. */
export const arendebarareSv = {
  reasonRequired: 'Ange varför ärendebäraren är en annan part än den som bär personens försörjning.',
  forsorjning: 'Personens huvudsakliga försörjning',
  reason: 'Skäl till annan ärendebärare',
  forsorjningar: {
    aktivitetsstod: 'Aktivitetsstöd eller utvecklingsersättning (Arbetsförmedlingen)',
    etableringsersattning: 'Etableringsersättning (Arbetsförmedlingen)',
    sjukpenning: 'Sjukpenning (Försäkringskassan)',
    aktivitetsersattning: 'Aktivitetsersättning (Försäkringskassan)',
    sjukersattning: 'Sjukersättning (Försäkringskassan)',
    forsorjningsstod: 'Försörjningsstöd (kommunen)',
    ingen: 'Ingen försörjning',
  } satisfies Record<Forsorjning, string>,
};
