import type { WorkerDefinition } from './runtime/runJob.js';
import computeDueDate from './compute-due-date.js';
import sendNotification from './send-notification.js';

/** Every job worker of the product; each file in workers/ named after its job type is listed here. */
export const allWorkers: WorkerDefinition[] = [
  computeDueDate,
  sendNotification,
];
