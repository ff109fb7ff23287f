import checkReferralCriteria from './check-referral-criteria.js';
import computeDueDate from './compute-due-date.js';
import placeOnBeredningAgenda from './place-on-beredning-agenda.js';
import recordBeredningDecision from './record-beredning-decision.js';
import recordCaseClosure from './record-case-closure.js';
import recordConsentWithdrawal from './record-consent-withdrawal.js';
import recordFollowUp from './record-follow-up.js';
import recordMeeting from './record-meeting.js';
import recordPlan from './record-plan.js';
import recordReferral from './record-referral.js';
import recordRoutineOutcome from './record-routine-outcome.js';
import recordWorkTrialStep from './record-work-trial-step.js';
import type { WorkerDefinition } from './runtime/runJob.js';
import sendNotification from './send-notification.js';
import startReferralFromKt2 from './start-referral-from-kt2.js';

/** Every job worker of the product; each file in workers/ named after its job type is listed here. */
export const allWorkers: WorkerDefinition[] = [
  computeDueDate,
  sendNotification,
  checkReferralCriteria,
  placeOnBeredningAgenda,
  recordBeredningDecision,
  recordCaseClosure,
  recordConsentWithdrawal,
  recordFollowUp,
  recordMeeting,
  recordPlan,
  recordReferral,
  recordRoutineOutcome,
  recordWorkTrialStep,
  startReferralFromKt2,
];
