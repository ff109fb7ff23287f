import { readFileSync } from 'node:fs';
import path from 'node:path';

import { type PublishedBokslut, PublishedBokslutSchema } from '../../src/domain/bokslutFixtures.js';
import { ROOT } from '../../src/paths.js';

/** The published 2020 bokslut's tables 1–3 (test/support/bokslut-2020-tabell-1-3.json), kept in the repository. */
export const PUBLISHED_2020_FILE = path.join(ROOT, 'test', 'support', 'bokslut-2020-tabell-1-3.json');

/** The published 2020 figures (Tabell 1–3), validated. */
export function published2020(): PublishedBokslut {
  return PublishedBokslutSchema.parse(JSON.parse(readFileSync(PUBLISHED_2020_FILE, 'utf8')));
}
