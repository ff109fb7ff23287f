/** Typings of modeler/build.mjs for TypeScript callers (app start, tests). */
export declare const MODELER_SRC: string;
export declare const MODELER_DIST: string;
export declare function buildModeler(opts?: {
  minify?: boolean;
  logLevel?: string;
}): Promise<{ outdir: string; ms: number }>;
export declare function ensureModelerBuilt(opts?: {
  minify?: boolean;
  logLevel?: string;
}): Promise<{ outdir: string; ms: number; skipped: boolean }>;
