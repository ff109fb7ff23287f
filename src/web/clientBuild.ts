import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { NextFunction, Request, Response } from 'express';

import { logger } from '../logger.js';
import { ROOT } from '../paths.js';

interface BuildModule {
  clientBuildStale(): boolean;
  buildClient(opts?: { minify?: boolean }): Promise<void>;
}

let building: Promise<void> | undefined;

/**
 * Builds the browser bundles (scripts/build-client.mjs, esbuild) once per process when missing or stale.
 * Production images ship prebuilt bundles (esbuild is a dev dependency); a failed build is logged, not fatal.
 */
export function ensureClientBuild(): Promise<void> {
  building ??= (async () => {
    try {
      const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-client.mjs')).href)) as BuildModule;
      if (mod.clientBuildStale()) {
        await mod.buildClient();
        logger.info('client bundles built');
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'client bundle build skipped');
    }
  })();
  return building;
}

/** Holds /static/build requests until the bundles exist. */
export function awaitClientBuild(_req: Request, _res: Response, next: NextFunction): void {
  ensureClientBuild().then(() => next(), next);
}
