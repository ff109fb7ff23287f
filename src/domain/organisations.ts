/** The parties of the samverkan, each its own authority with its own sekretess. */
export const ORGANISATIONS = [
  { code: 'af', name: 'Arbetsförmedlingen', authority: 'af' },
  { code: 'fk', name: 'Försäkringskassan', authority: 'fk' },
  { code: 'umea-fsd', name: 'Umeå kommun, försörjningsstöd (slussen)', authority: 'kommun' },
  { code: 'umea-viva', name: 'Umeå kommun, Viva', authority: 'kommun' },
  { code: 'umea-kaa', name: 'Umeå kommun, KAA', authority: 'kommun' },
  { code: 'umea-hikikomori', name: 'Umeå kommun, Hikikomoriteamet', authority: 'kommun' },
  { code: 'umea-vuxenutbildning', name: 'Umeå kommun, Centrum för vuxenutbildning', authority: 'kommun' },
  {
    code: 'umea-syv',
    name: 'Umeå kommun, studie- och yrkesvägledning (Centrum för vuxenutbildning)',
    authority: 'kommun',
  },
  { code: 'umea-integration', name: 'Umeå kommun, Integration (arbetsmarknad och bosättning)', authority: 'kommun' },
  { code: 'umea-arenor', name: 'Umeå kommun, Arenor för prövning (arbetsledare)', authority: 'kommun' },
  { code: 'region-psykiatri', name: 'Region Västerbotten, psykiatri', authority: 'region' },
  { code: 'region-primarvard', name: 'Region Västerbotten, primärvård', authority: 'region' },
  { code: 'region-rados', name: 'Region Västerbotten, Råd och stöd', authority: 'region' },
  { code: 'region-ungdomshalsan', name: 'Region Västerbotten, Ungdomshälsan', authority: 'region' },
  { code: 'nordmaling', name: 'Nordmalings kommun', authority: 'kommun' },
  { code: 'vannas', name: 'Vännäs kommun', authority: 'kommun' },
  { code: 'bjurholm', name: 'Bjurholms kommun', authority: 'kommun' },
  { code: 'vindeln', name: 'Vindelns kommun', authority: 'kommun' },
  { code: 'robertsfors', name: 'Robertsfors kommun', authority: 'kommun' },
  { code: 'forbundet', name: 'Samordningsförbundet Umeåregionen', authority: 'forbund' },
] as const;

export type OrgCode = (typeof ORGANISATIONS)[number]['code'];

export const ROLES = [
  'handlaggare',
  'samordnare',
  'processagare',
  'styrgrupp',
  'forbundskansli',
  'admin',
  'logggranskare',
] as const;
export type Role = (typeof ROLES)[number];

/** The verksamheter that report in the socialt bokslut. */
export const VERKSAMHETER = [
  'ungdomstorget',
  'vuxentorget',
  'st-nordmaling',
  'st-vannas',
  'st-bjurholm',
  'st-vindeln',
  'st-robertsfors',
] as const;
export type Verksamhet = (typeof VERKSAMHETER)[number];

export const KRANSKOMMUNER = ['nordmaling', 'vannas', 'bjurholm', 'vindeln', 'robertsfors'] as const;
export type Kranskommun = (typeof KRANSKOMMUNER)[number];

/**
 * Beredning groups: Ungdomstorget and Vuxentorget each have their own group in Umeå, meeting weekly ("beredningsgrupperna
 * i Umeå bereder in personer varje vecka", seed 003); each kranskommun's samordningsteam every other week. Weekdays are
 * demo defaults that an admin changes in the table beredning_groups; `anchorDate` is one real meeting date of the series.
 */
export const BEREDNING_GROUPS = [
  {
    code: 'umea-ungdom',
    name: 'Beredningsgruppen Ungdomstorget (Umeå)',
    weekday: 2,
    intervalWeeks: 1,
    anchorDate: '2026-01-06',
  },
  {
    code: 'umea-vuxen',
    name: 'Beredningsgruppen Vuxentorget (Umeå)',
    weekday: 4,
    intervalWeeks: 1,
    anchorDate: '2026-01-08',
  },
  { code: 'nordmaling', name: 'Beredningsgruppen Nordmaling', weekday: 3, intervalWeeks: 2, anchorDate: '2026-01-07' },
  { code: 'vannas', name: 'Beredningsgruppen Vännäs', weekday: 4, intervalWeeks: 2, anchorDate: '2026-01-08' },
  { code: 'bjurholm', name: 'Beredningsgruppen Bjurholm', weekday: 3, intervalWeeks: 2, anchorDate: '2026-01-14' },
  { code: 'vindeln', name: 'Beredningsgruppen Vindeln', weekday: 4, intervalWeeks: 2, anchorDate: '2026-01-15' },
  {
    code: 'robertsfors',
    name: 'Beredningsgruppen Robertsfors',
    weekday: 1,
    intervalWeeks: 2,
    anchorDate: '2026-01-12',
  },
] as const;
export type BeredningGroupCode = (typeof BEREDNING_GROUPS)[number]['code'];

/** The Umeå beredning group of each torg. */
export const TORG_BEREDNING_GROUP = { ungdomstorget: 'umea-ungdom', vuxentorget: 'umea-vuxen' } as const;

/**
 * The single Umeå group of earlier releases: its row stays in beredning_groups so that agendas and decisions made
 * before the split keep their group and name; no new case is routed to it.
 */
export const RETIRED_BEREDNING_GROUPS = [
  { code: 'umea', name: 'Beredningsgruppen Umeå (gemensam, före uppdelningen på torgen)' },
] as const;
