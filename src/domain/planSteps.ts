/**
 * The samverkansplan holds what each party under the samtycke will do, each step with a date (seed 001: "vad som
 * förväntas av varje enskild samverkanspart"). A party under the samtycke without a step is worth a warning to the
 * ärendebärare; it is not an error, since a party may have nothing to do yet.
 */
export function partiesWithoutStep(consentParties: readonly string[], steps: readonly { party: string }[]): string[] {
  const withStep = new Set(steps.map((s) => s.party));
  return consentParties.filter((p) => !withStep.has(p));
}
