import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is src/paths.ts, or dist/src/paths.js when compiled (`npm run build`): the repository root is the folder
// above src/ that holds package.json. Assets (processes, forms, views' static files, bundles) are read from the root.
const above = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Repository root. */
export const ROOT = existsSync(path.join(above, 'package.json')) ? above : path.dirname(above);
export const PROCESSES_DIR = path.join(ROOT, 'processes');
export const FORMS_DIR = path.join(ROOT, 'forms');
