// Detects personal data in process variables: personnummer/samordningsnummer (YYMMDD-NNNC or YYYYMMDDNNNC with a
// valid Luhn check digit and a plausible date) and keys that name a person. Process variables are copied to the
// engine's secondary storage in a full Camunda installation, so none may hold personal data (DOMAIN.md, Law).

/** Keys that would carry a name or a personnummer (compared lower-case, without separators). */
export const FORBIDDEN_KEYS = new Set([
  'name',
  'namn',
  'fornamn',
  'förnamn',
  'efternamn',
  'firstname',
  'lastname',
  'fullname',
  'personnummer',
  'pnr',
  'personnr',
  'samordningsnummer',
  'ssn',
  'personalnumber',
  'personalidentitynumber',
]);

/** The Luhn check over the 10-digit form YYMMDDNNNC. */
export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

const PNR = /(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?![\d])/g;

/** Personnummer-like substrings of a text (valid date part, samordningsnummer day + 60 included, valid Luhn). */
export function findPersonnummer(text: string): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(PNR)) {
    const [, , yy, mm, dd, tail] = m;
    const month = Number(mm);
    const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (luhnValid(`${yy}${mm}${dd}${tail}`)) hits.push(m[0]);
  }
  return hits;
}

/** Every finding in a variables object: `path: reason`. */
export function scanVariables(vars: unknown, path = '$'): string[] {
  const out: string[] = [];
  if (vars === null || vars === undefined) return out;
  if (typeof vars === 'string' || typeof vars === 'number' || typeof vars === 'bigint') {
    for (const hit of findPersonnummer(String(vars)))
      out.push(`${path}: looks like a personnummer (${hit.slice(0, 4)}…)`);
    return out;
  }
  if (Array.isArray(vars)) {
    vars.forEach((v, i) => out.push(...scanVariables(v, `${path}[${i}]`)));
    return out;
  }
  if (typeof vars === 'object') {
    for (const [k, v] of Object.entries(vars as Record<string, unknown>)) {
      if (FORBIDDEN_KEYS.has(k.toLowerCase().replace(/[-_\s]/g, ''))) out.push(`${path}.${k}: key names personal data`);
      out.push(...scanVariables(v, `${path}.${k}`));
    }
  }
  return out;
}

/** The part of the engine client the engine-side scan needs. */
export interface VariableSource {
  variableUpdates(q: { occurredAfter: Date }): Promise<{ name: string; processInstanceId: string; value: unknown }[]>;
  isActive(processInstanceId: string): Promise<boolean>;
  processVariables(processInstanceId: string): Promise<Record<string, unknown>>;
}

/**
 * Scans what the engine stored since `since` (its clock): every variable update in the history (instance starts,
 * task and external-task completions, messages, input mappings, local variables), plus the current variables of the
 * instances among them that are still running. Returns how many values were scanned and every finding.
 */
export async function scanEngineVariables(
  engine: VariableSource,
  since: Date,
): Promise<{ scanned: number; instances: number; findings: string[] }> {
  const findings: string[] = [];
  let scanned = 0;
  const observe = (where: string, name: string, value: unknown) => {
    scanned += 1;
    for (const f of scanVariables({ [name]: value })) findings.push(`${where}: ${f}`);
  };
  const updates = await engine.variableUpdates({ occurredAfter: since });
  for (const u of updates) observe(`variable ${u.name} of instance ${u.processInstanceId}`, u.name, u.value);
  const instances = [...new Set(updates.map((u) => u.processInstanceId).filter((id) => id && id !== 'null'))];
  for (const id of instances) {
    if (!(await engine.isActive(id))) continue;
    const vars = await engine.processVariables(id).catch(() => ({}) as Record<string, unknown>);
    for (const [name, value] of Object.entries(vars)) observe(`running instance ${id}`, name, value);
  }
  return { scanned, instances: instances.length, findings };
}
