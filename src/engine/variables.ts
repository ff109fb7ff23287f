/** A variable as the engine's REST API carries it. */
export interface EngineVariable {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}
export type EngineVariables = Record<string, EngineVariable>;

const INT_MAX = 2 ** 31 - 1;

/**
 * Plain JSON values → typed engine variables. Lists and objects travel as Java objects serialized as JSON
 * (`java.util.ArrayList` / `java.util.LinkedHashMap`, `application/json`): the engine's multi-instance loops
 * can iterate them, and they never become Java-serialized blobs. Dates are sent as ISO strings (the REST
 * API's own Date format is narrower than ISO 8601).
 */
export function toEngineVariables(vars: Record<string, unknown>): EngineVariables {
  const out: EngineVariables = {};
  for (const [name, v] of Object.entries(vars)) {
    if (v === undefined) continue;
    out[name] = toEngineVariable(v);
  }
  return out;
}

function toEngineVariable(v: unknown): EngineVariable {
  if (v === null) return { value: null, type: 'Null' };
  if (v instanceof Date) return { value: v.toISOString(), type: 'String' };
  switch (typeof v) {
    case 'string':
      return { value: v, type: 'String' };
    case 'boolean':
      return { value: v, type: 'Boolean' };
    case 'number':
      if (Number.isInteger(v)) return { value: v, type: Math.abs(v) <= INT_MAX ? 'Integer' : 'Long' };
      return { value: v, type: 'Double' };
    default:
      return {
        value: JSON.stringify(v),
        type: 'Object',
        valueInfo: {
          objectTypeName: Array.isArray(v) ? 'java.util.ArrayList' : 'java.util.LinkedHashMap',
          serializationDataFormat: 'application/json',
        },
      };
  }
}

/** Typed engine variables (fetched with deserializeValues=false) → plain JSON values. */
export function fromEngineVariables(vars: EngineVariables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(vars ?? {})) out[name] = fromEngineVariable(v);
  return out;
}

function fromEngineVariable(v: EngineVariable): unknown {
  if (v == null) return null;
  const t = v.type?.toLowerCase();
  if ((t === 'object' && v.valueInfo?.serializationDataFormat === 'application/json') || t === 'json') {
    return typeof v.value === 'string' ? JSON.parse(v.value) : v.value;
  }
  return v.value ?? null;
}

/** A date in the one format the REST API's query parameters accept (`2026-12-01T10:00:00.000+0100`, UTC here). */
export function toEngineDate(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}
