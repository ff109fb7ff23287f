export const FIELD_NAMES_SV: Readonly<Record<string, string>>;
export const FORM_EDITOR_SV: Readonly<Record<string, string>>;
export const FORM_EDITOR_PATTERNS: readonly (readonly [RegExp, (...m: string[]) => string])[];
