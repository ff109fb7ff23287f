/**
 * The parties of the kartläggning after a ja in the beredning (seed 003: "Beredningsgruppen rekommenderar vilket
 * samarbete som behövs"): the parties the group names, which must be parties under the samtycke, since no other party
 * may take part in the samverkan. When the group named none (a decision recorded before the group was asked), all the
 * parties under the samtycke take part, as before.
 */
export type KartlaggningParties =
  { ok: true; parties: string[] } | { ok: false; outside: string[] } | { ok: false; empty: true };

export function kartlaggningPartiesOf(
  consentParties: readonly string[],
  recommended: readonly string[] | null | undefined,
): KartlaggningParties {
  if (recommended == null) return { ok: true, parties: [...consentParties] };
  const outside = recommended.filter((p) => !consentParties.includes(p));
  if (outside.length > 0) return { ok: false, outside: [...new Set(outside)] };
  // in the samtycke's order, each party once
  const parties = consentParties.filter((p) => recommended.includes(p));
  return parties.length > 0 ? { ok: true, parties } : { ok: false, empty: true };
}
