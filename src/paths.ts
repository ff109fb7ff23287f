import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in src/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROCESSES_DIR = path.join(ROOT, 'processes');
export const FORMS_DIR = path.join(ROOT, 'forms');
