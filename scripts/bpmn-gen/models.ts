// Authoring aid: `node --import tsx scripts/bpmn-gen/models.ts` rewrites processes/*.bpmn and forms/*.form.
// The committed files are the source of truth once a process owner edits them in the modeler.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProcessBuilder } from './builder.js';
import { FORMS } from './forms.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TODAY = '=string(today())';
/** Form-js datetime values have no seconds ("…T10:00+01:00"); notifications want full ISO date-times. */
const MEETING_AT = '=if matches(meetingAt, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}[+Z-]") then substring(meetingAt, 1, 16) + ":00" + substring(meetingAt, 17) else meetingAt';
const DRIVING_ORG = '=[if arendebarareOrg != null then arendebarareOrg else referringOrg]';
const PARTIES_AND_REFERRER = '=distinct values(concatenate([referringOrg], if partyGroups = null then [] else partyGroups))';
const MEETING_TYPE = '=if followUpOutcome = "avvikelse" then "flerpartsmote" else "planeringstraff"';

function samverkanCase() {
  const p = new ProcessBuilder('samverkan-case', 'Aktualisering, beredning och samverkan');
  p.start('StartEvent_CaseReferred', 'Aktualisering registrerad', [0, 0]);
  p.start('StartEvent_ReferredFromEtablering', 'Aktualiserad från etablering (KT2)', [0, 1], { signal: 'EtableringReferralRequested' });
  p.xor('Gateway_StartMerge', undefined, [1, 0]);
  p.service('Task_RecordReferral', 'Registrera aktualisering', [2, 0], 'record-referral');
  p.service('Task_CheckCriteria', 'Kontrollera kriterier för aktualisering', [3, 0], 'check-referral-criteria');
  p.xor('Gateway_CriteriaMet', 'Kriterier uppfyllda?', [4, 0]);
  p.notify('Task_NotifyReferralReturned', 'Returnera aktualisering till aktualiserande part', [5, 1], 'feedback-ready', { recipientGroups: '=[referringOrg]' });
  p.end('EndEvent_ReferralReturned', 'Aktualisering returnerad', [6, 1]);
  p.dueDate('Task_ComputeBeredningMeeting', 'Beräkna nästa beredningsmöte', [5, 0], 'next-beredning-meeting', TODAY, { date: 'beredningMeetingDate', at: 'beredningMeetingAt' }, { group: '=beredningGroup' });
  p.service('Task_PlaceOnAgenda', 'Placera ärendet på beredningens dagordning', [6, 0], 'place-on-beredning-agenda');
  p.user('UserTask_DecideBeredning', 'Bereda aktualiseringen', [7, 0], { form: 'beredning-decision', groups: '=["beredning-" + beredningGroup]', due: '=beredningMeetingAt' });
  p.service('Task_RecordBeredningDecision', 'Registrera beredningens beslut', [8, 0], 'record-beredning-decision');
  p.xor('Gateway_BeredningDecision', 'Beslut i beredningen?', [9, 0]);
  p.notify('Task_NotifyBeredningNo', 'Återkoppla beslut nej med motivering och rekommendation', [11, 1], 'beredning-decision-ready', { recipientGroups: PARTIES_AND_REFERRER });
  p.end('EndEvent_BeredningNo', 'Aktualisering avslagen', [12, 1]);
  p.notify('Task_NotifyBeredningYes', 'Återkoppla beslut ja till handläggare och parter', [10, 0], 'beredning-decision-ready', { recipientGroups: PARTIES_AND_REFERRER });
  p.user('UserTask_ContributeKartlaggning', 'Bidra till kartläggningen', [11, 0], { form: 'kartlaggning-bidrag', groups: '=[party]', multiInstance: { collection: '=partyGroups', element: 'party' } });
  p.xor('Gateway_MeetingLoop', undefined, [12, 0]);
  // the form's datetime has no seconds; the rest of the process (and send-notification) gets a full ISO date-time
  p.user('UserTask_CallMeeting', 'Kalla till planeringsträff eller flerpartsmöte', [13, 0], { form: 'mote-kallelse', groups: DRIVING_ORG, outputs: { meetingAt: MEETING_AT } });
  p.service('Task_RecordMeetingCalled', 'Registrera kallelse', [14, 0], 'record-meeting', { inputs: { meetingType: MEETING_TYPE, meetingAt: '=meetingAt', participants: '=partyGroups' } });
  p.notify('Task_NotifyMeetingInvitation', 'Skicka kallelse till parterna', [15, 0], 'meeting-invitation', { recipientGroups: '=partyGroups', meetingAt: '=meetingAt', meetingKind: MEETING_TYPE });
  p.user('UserTask_HoldMeeting', 'Hålla mötet och fastställa samverkansplan', [16, 0], { form: 'samverkansplan', groups: DRIVING_ORG });
  p.service('Task_RecordPlan', 'Registrera samverkansplan', [17, 0], 'record-plan');
  p.xor('Gateway_FollowUpLoop', undefined, [18, 0]);
  p.dueDate('Task_ComputeFollowUpDue', 'Beräkna datum för uppföljning', [19, 0], 'follow-up-3-months', TODAY, { date: 'followUpDueDate', at: 'followUpDueAt' });
  p.user('UserTask_FollowUp', 'Genomföra uppföljning', [20, 0], { form: 'uppfoljning', groups: '=[arendebarareOrg]', due: '=followUpDueAt' });
  p.boundaryTimer('BoundaryEvent_FollowUpOverdue', 'Uppföljning försenad', 'UserTask_FollowUp', '=date and time(followUpDueAt)');
  p.notify('Task_NotifyFollowUpOverdue', 'Eskalera till ärendebärare och samordnare', [21, 1], 'deadline-missed', { recipientGroups: '=[arendebarareOrg, "samordnare"]', dueAt: '=followUpDueAt' });
  p.end('EndEvent_FollowUpEscalated', 'Uppföljning eskalerad', [22, 1]);
  p.service('Task_RecordFollowUp', 'Registrera uppföljning', [21, 0], 'record-follow-up');
  p.xor('Gateway_FollowUpOutcome', 'Utfall av uppföljningen?', [22, 0]);
  p.user('UserTask_CloseCase', 'Avsluta deltagandet', [23, 0], { form: 'avslut', groups: '=[arendebarareOrg]' });
  p.service('Task_RecordClosure', 'Registrera avslut och avslutsorsak', [24, 0], 'record-case-closure');
  p.end('EndEvent_CaseClosed', 'Deltagande avslutat', [25, 0]);

  p.flow('SequenceFlow_ReferredToMerge', 'StartEvent_CaseReferred', 'Gateway_StartMerge');
  p.flow('SequenceFlow_FromEtableringToMerge', 'StartEvent_ReferredFromEtablering', 'Gateway_StartMerge');
  p.chain('Gateway_StartMerge', 'Task_RecordReferral', 'Task_CheckCriteria', 'Gateway_CriteriaMet');
  p.flow('SequenceFlow_CriteriaMetNo', 'Gateway_CriteriaMet', 'Task_NotifyReferralReturned', { name: 'Nej', condition: '=criteriaMet = false' });
  p.flow('SequenceFlow_CriteriaMetYes', 'Gateway_CriteriaMet', 'Task_ComputeBeredningMeeting', { name: 'Ja', condition: '=criteriaMet = true' });
  p.chain('Task_NotifyReferralReturned', 'EndEvent_ReferralReturned');
  p.chain('Task_ComputeBeredningMeeting', 'Task_PlaceOnAgenda', 'UserTask_DecideBeredning', 'Task_RecordBeredningDecision', 'Gateway_BeredningDecision');
  p.flow('SequenceFlow_BeredningNo', 'Gateway_BeredningDecision', 'Task_NotifyBeredningNo', { name: 'Nej', condition: '=beredningDecision = "nej"' });
  p.flow('SequenceFlow_BeredningYes', 'Gateway_BeredningDecision', 'Task_NotifyBeredningYes', { name: 'Ja', condition: '=beredningDecision = "ja"' });
  p.chain('Task_NotifyBeredningNo', 'EndEvent_BeredningNo');
  p.chain('Task_NotifyBeredningYes', 'UserTask_ContributeKartlaggning', 'Gateway_MeetingLoop', 'UserTask_CallMeeting', 'Task_RecordMeetingCalled', 'Task_NotifyMeetingInvitation', 'UserTask_HoldMeeting', 'Task_RecordPlan', 'Gateway_FollowUpLoop', 'Task_ComputeFollowUpDue', 'UserTask_FollowUp', 'Task_RecordFollowUp', 'Gateway_FollowUpOutcome');
  p.chain('BoundaryEvent_FollowUpOverdue', 'Task_NotifyFollowUpOverdue', 'EndEvent_FollowUpEscalated');
  const gx = 160 + 22 * 170;
  p.flow('SequenceFlow_FollowUpAsPlanned', 'Gateway_FollowUpOutcome', 'Gateway_FollowUpLoop', { name: 'Enligt plan', condition: '=followUpOutcome = "enligt_plan"', via: [[gx, 40], [160 + 18 * 170, 40]] });
  p.flow('SequenceFlow_FollowUpDeviation', 'Gateway_FollowUpOutcome', 'Gateway_MeetingLoop', { name: 'Avvikelse från planen', condition: '=followUpOutcome = "avvikelse"', via: [[gx, 20], [160 + 12 * 170, 20]] });
  p.flow('SequenceFlow_FollowUpClose', 'Gateway_FollowUpOutcome', 'UserTask_CloseCase', { name: 'Avslut', condition: '=followUpOutcome = "avslut"' });
  p.chain('UserTask_CloseCase', 'Task_RecordClosure', 'EndEvent_CaseClosed');

  p.eventSubprocess('SubProcess_ConsentWithdrawn', 'Samtycke återkallat', { col: 2, row: 3, cols: 5, rows: 1 }, () => {
    p.start('StartEvent_ConsentWithdrawn', 'Samtycke återkallat', [0, 0], { message: 'ConsentWithdrawn', interrupting: true });
    p.service('Task_RecordConsentWithdrawal', 'Avbryta deltagandet (samtycke återkallat)', [1, 0], 'record-consent-withdrawal');
    p.notify('Task_NotifyConsentWithdrawn', 'Meddela parterna att samtycket återkallats', [2, 0], 'consent-withdrawn', { recipientGroups: PARTIES_AND_REFERRER });
    p.end('EndEvent_ConsentWithdrawn', 'Deltagande avbrutet', [3, 0]);
    p.chain('StartEvent_ConsentWithdrawn', 'Task_RecordConsentWithdrawal', 'Task_NotifyConsentWithdrawn', 'EndEvent_ConsentWithdrawn');
  });
  return p;
}

function etablering() {
  const p = new ProcessBuilder('etablering-meetings', 'Etablering: kartläggningsträffar KT1–KT3');
  const rem = (v: string) => `=date and time(${v}) - duration("P14D")`;
  p.start('StartEvent_EtableringStarted', 'Deltagare inskriven i etableringsprogrammet', [0, 0]);
  p.user('UserTask_Kt1Registration', 'Hålla KT1: inskrivning och studieplan', [1, 0], { form: 'kt1-inskrivning', groups: '=["af"]' });
  p.service('Task_RecordKt1Registration', 'Registrera KT1 inskrivning', [2, 0], 'record-meeting', { inputs: { meetingType: '="kt1-inskrivning"', heldOn: '=kt1HeldOn', participants: '=["af", "umea-vuxenutbildning", "umea-integration"]' } });
  p.user('UserTask_Kt1Health', 'Hålla KT1: hälsa och yrkesorientering', [3, 0], { form: 'kt1-halsa', groups: '=["af"]' });
  p.service('Task_RecordKt1Health', 'Registrera KT1 hälsa och yrkesorientering', [4, 0], 'record-meeting', { inputs: { meetingType: '="kt1-halsa"', heldOn: '=kt1HealthHeldOn', participants: '=["af", "umea-vuxenutbildning", "umea-integration"]' } });
  p.dueDate('Task_ComputeKt2Due', 'Beräkna datum för KT2', [5, 0], 'kt2-one-year', '=kt1HeldOn', { date: 'kt2DueDate', at: 'kt2DueAt' });
  p.user('UserTask_Kt2', 'Hålla KT2: uppföljning', [6, 0], { form: 'kt2-uppfoljning', groups: '=["af"]', due: '=kt2DueAt' });
  p.boundaryTimer('BoundaryEvent_Kt2Reminder', 'KT2 närmar sig', 'UserTask_Kt2', rem('kt2DueAt'));
  p.boundaryTimer('BoundaryEvent_Kt2Overdue', 'KT2 försenad', 'UserTask_Kt2', '=date and time(kt2DueAt)');
  p.notify('Task_NotifyKt2Reminder', 'Påminna om KT2', [7, 2], 'deadline-near', { recipientGroups: '=["af"]', dueAt: '=kt2DueAt' });
  p.end('EndEvent_Kt2Reminded', 'Påminnelse skickad', [8, 2]);
  p.notify('Task_NotifyKt2Overdue', 'Eskalera försenad KT2', [7, 3], 'deadline-missed', { recipientGroups: '=["af", "samordnare"]', dueAt: '=kt2DueAt' });
  p.end('EndEvent_Kt2Escalated', 'KT2 eskalerad', [8, 3]);
  p.service('Task_RecordKt2', 'Registrera KT2', [7, 0], 'record-meeting', { inputs: { meetingType: '="kt2"', heldOn: '=kt2HeldOn', participants: '=["af", "umea-vuxenutbildning", "umea-integration"]' } });
  p.xor('Gateway_ReferToTorget', 'Aktualisera till Arbetsmarknadstorget?', [8, 0]);
  p.service('Task_StartReferralFromKt2', 'Registrera aktualisering till Arbetsmarknadstorget', [9, 1], 'start-referral-from-kt2');
  p.signalThrow('IntermediateThrowEvent_ReferralRequested', 'Aktualisering skickad', [10, 1], 'EtableringReferralRequested', { caseId: '=referralCaseId', referringOrg: '="af"', previousCaseId: '=null' });
  p.xor('Gateway_ReferralMerge', undefined, [11, 0]);
  p.dueDate('Task_ComputeKt3Due', 'Beräkna datum för KT3', [12, 0], 'kt3-before-end', TODAY, { date: 'kt3DueDate', at: 'kt3DueAt' }, { until: '=programmeEndDate' });
  p.user('UserTask_Kt3', 'Hålla KT3: planering inför jobb- och utvecklingsgarantin', [13, 0], { form: 'kt3-planering', groups: '=["af", "umea-fsd"]', due: '=kt3DueAt' });
  p.boundaryTimer('BoundaryEvent_Kt3Reminder', 'KT3 närmar sig', 'UserTask_Kt3', rem('kt3DueAt'));
  p.boundaryTimer('BoundaryEvent_Kt3Overdue', 'KT3 försenad', 'UserTask_Kt3', '=date and time(kt3DueAt)');
  p.notify('Task_NotifyKt3Reminder', 'Påminna om KT3', [14, 2], 'deadline-near', { recipientGroups: '=["af", "umea-fsd"]', dueAt: '=kt3DueAt' });
  p.end('EndEvent_Kt3Reminded', 'Påminnelse skickad', [15, 2]);
  p.notify('Task_NotifyKt3Overdue', 'Eskalera försenad KT3', [14, 3], 'deadline-missed', { recipientGroups: '=["af", "umea-fsd", "samordnare"]', dueAt: '=kt3DueAt' });
  p.end('EndEvent_Kt3Escalated', 'KT3 eskalerad', [15, 3]);
  p.service('Task_RecordKt3', 'Registrera KT3', [14, 0], 'record-meeting', { inputs: { meetingType: '="kt3"', heldOn: '=kt3HeldOn', participants: '=["af", "umea-vuxenutbildning", "umea-integration", "umea-fsd"]' } });
  p.service('Task_RecordEtableringOutcome', 'Registrera bedömd beredskap', [15, 0], 'record-routine-outcome', { inputs: { outcome: '=readiness' } });
  p.end('EndEvent_EtableringDone', 'Kartläggningsträffar genomförda', [16, 0]);

  p.chain('StartEvent_EtableringStarted', 'UserTask_Kt1Registration', 'Task_RecordKt1Registration', 'UserTask_Kt1Health', 'Task_RecordKt1Health', 'Task_ComputeKt2Due', 'UserTask_Kt2', 'Task_RecordKt2', 'Gateway_ReferToTorget');
  p.chain('BoundaryEvent_Kt2Reminder', 'Task_NotifyKt2Reminder', 'EndEvent_Kt2Reminded');
  p.chain('BoundaryEvent_Kt2Overdue', 'Task_NotifyKt2Overdue', 'EndEvent_Kt2Escalated');
  p.flow('SequenceFlow_ReferToTorgetYes', 'Gateway_ReferToTorget', 'Task_StartReferralFromKt2', { name: 'Ja', condition: '=referToTorget = true' });
  p.flow('SequenceFlow_ReferToTorgetNo', 'Gateway_ReferToTorget', 'Gateway_ReferralMerge', { name: 'Nej', condition: '=referToTorget != true' });
  p.chain('Task_StartReferralFromKt2', 'IntermediateThrowEvent_ReferralRequested', 'Gateway_ReferralMerge', 'Task_ComputeKt3Due', 'UserTask_Kt3', 'Task_RecordKt3', 'Task_RecordEtableringOutcome', 'EndEvent_EtableringDone');
  p.chain('BoundaryEvent_Kt3Reminder', 'Task_NotifyKt3Reminder', 'EndEvent_Kt3Reminded');
  p.chain('BoundaryEvent_Kt3Overdue', 'Task_NotifyKt3Overdue', 'EndEvent_Kt3Escalated');

  p.eventSubprocess('SubProcess_ExtraMeeting', 'Extra kartläggningsträff', { col: 1, row: 5, cols: 4, rows: 1 }, () => {
    p.start('StartEvent_ExtraMeetingRequested', 'Extra träff begärd', [0, 0], { message: 'ExtraMeetingRequested', interrupting: false });
    p.user('UserTask_ExtraMeeting', 'Hålla extra kartläggningsträff', [1, 0], { form: 'kt-extra', groups: '=["af"]' });
    p.service('Task_RecordExtraMeeting', 'Registrera extra träff', [2, 0], 'record-meeting', { inputs: { meetingType: '="kt-extra"', heldOn: '=extraMeetingHeldOn', participants: '=["af"]' } });
    p.end('EndEvent_ExtraMeetingHeld', 'Extra träff hållen', [3, 0]);
    p.chain('StartEvent_ExtraMeetingRequested', 'UserTask_ExtraMeeting', 'Task_RecordExtraMeeting', 'EndEvent_ExtraMeetingHeld');
  });
  return p;
}

function workTrial() {
  const p = new ProcessBuilder('work-trial-referral', 'Försörjningsstöd: Arenor för prövning');
  p.start('StartEvent_InventoryStarted', 'Inventering påbörjad', [0, 0]);
  p.user('UserTask_Inventory', 'Inventera ärendet', [1, 0], { form: 'inventering', groups: '=["umea-fsd"]' });
  p.xor('Gateway_ReferToAf', 'Aktualisera till AF?', [2, 0]);
  p.service('Task_RecordNotReferred', 'Registrera ej aktuell', [3, 1], 'record-routine-outcome', { inputs: { outcome: '="ej_aktuell_for_provning"' } });
  p.end('EndEvent_NotReferred', 'Ej aktuell för prövning', [4, 1]);
  p.service('Task_RecordSentToAf', 'Registrera aktualisering till AF', [3, 0], 'record-work-trial-step', { headers: { step: 'sent-to-af' } });
  p.notify('Task_SendToAfMailbox', 'Skicka aktualisering till AF:s funktionsbrevlåda', [4, 0], 'task-waiting', { recipientGroups: '=["af"]' });
  p.dueDate('Task_ComputeAfAnswerDue', 'Beräkna svarsdatum för AF', [5, 0], 'af-answer-2-working-days', TODAY, { date: 'afAnswerDueDate', at: 'afAnswerDueAt' });
  p.user('UserTask_AfAnswer', 'Besvara aktualiseringen', [6, 0], { form: 'af-svar', groups: '=["af"]', due: '=afAnswerDueAt' });
  p.boundaryTimer('BoundaryEvent_AfAnswerLate', 'AF-svar försenat', 'UserTask_AfAnswer', '=date and time(afAnswerDueAt)');
  p.notify('Task_NotifyAfLate', 'Eskalera till AF och försörjningsstöd', [7, 1], 'deadline-missed', { recipientGroups: '=["af", "umea-fsd"]', dueAt: '=afAnswerDueAt' });
  p.end('EndEvent_AfLateEscalated', 'AF-svar eskalerat', [8, 1]);
  p.service('Task_RecordAfAnswer', 'Registrera AF:s svar', [7, 0], 'record-work-trial-step', { headers: { step: 'af-answer' } });
  p.xor('Gateway_AfAnswer', 'Svar från AF?', [8, 0]);
  p.service('Task_RecordActivePlanning', 'Registrera aktiv planering hos AF', [9, 1], 'record-routine-outcome', { inputs: { outcome: '="aktiv_planering_af"' } });
  p.end('EndEvent_ActivePlanningAtAf', 'Aktiv planering hos AF', [10, 1]);
  p.dueDate('Task_ComputeInfoMeeting', 'Beräkna möte veckan efter svaret', [9, 0], 'meeting-week-after', TODAY, { date: 'infoMeetingDate', at: 'infoMeetingAt' });
  p.notify('Task_InviteInfoMeeting', 'Kalla till informationsmöte', [10, 0], 'meeting-invitation', { recipientGroups: '=["umea-fsd"]', meetingAt: '=infoMeetingAt', meetingKind: '="mote"' });
  p.user('UserTask_InfoMeeting', 'Hålla informationsmöte på försörjningsstöd', [11, 0], { form: 'informationsmote', groups: '=["umea-fsd"]', due: '=infoMeetingAt' });
  p.service('Task_RecordInfoMeeting', 'Registrera informationsmöte', [12, 0], 'record-meeting', { inputs: { meetingType: '="informationsmote"', heldOn: '=infoMeetingHeldOn', participants: '=["umea-fsd"]' } });
  p.dueDate('Task_ComputeTrialStart', 'Beräkna start en vecka senare', [13, 0], 'start-week-later', '=infoMeetingHeldOn', { date: 'trialStartDate', at: 'trialStartAt' });
  p.timerCatch('TimerEvent_TrialStart', 'Arbetsprövningen startar', [14, 0], '=date and time(trialStartAt)');
  p.service('Task_RecordTrialStart', 'Registrera start och mäta tid från inventering', [15, 0], 'record-work-trial-step', { headers: { step: 'trial-start' } });
  p.xor('Gateway_StartLate', 'Start inom två veckor?', [16, 0]);
  p.notify('Task_NotifyLateStart', 'Flagga sen start', [17, 1], 'deadline-missed', { recipientGroups: '=["umea-fsd", "samordnare"]' });
  p.xor('Gateway_StartMerge', undefined, [18, 0]);
  p.dueDate('Task_ComputeTrialEnd', 'Beräkna prövningens slut', [19, 0], 'follow-up-3-months', '=trialStartDate', { date: 'trialEndDate', at: 'trialEndAt' });
  p.user('UserTask_StartMeeting', 'Hålla uppstartsträff', [20, 0], { form: 'provningstraff', groups: '=["umea-fsd"]' });
  p.service('Task_RecordStartMeeting', 'Registrera uppstartsträff', [21, 0], 'record-meeting', { inputs: { meetingType: '="uppstartstraff"', heldOn: '=meetingHeldOn', participants: '=if afAttended = true then ["umea-fsd", "af"] else ["umea-fsd"]' } });
  p.user('UserTask_FollowUp1', 'Hålla första uppföljningsträffen', [22, 0], { form: 'provningstraff', groups: '=["umea-fsd"]' });
  p.service('Task_RecordFollowUp1', 'Registrera första uppföljningsträffen', [23, 0], 'record-meeting', { inputs: { meetingType: '="uppfoljningstraff-1"', heldOn: '=meetingHeldOn', participants: '=if afAttended = true then ["umea-fsd", "af"] else ["umea-fsd"]' } });
  p.user('UserTask_FollowUp2', 'Hålla andra uppföljningsträffen', [24, 0], { form: 'provningstraff', groups: '=["umea-fsd"]' });
  p.service('Task_RecordFollowUp2', 'Registrera andra uppföljningsträffen', [25, 0], 'record-meeting', { inputs: { meetingType: '="uppfoljningstraff-2"', heldOn: '=meetingHeldOn', participants: '=if afAttended = true then ["umea-fsd", "af"] else ["umea-fsd"]' } });
  p.user('UserTask_Assessment', 'Slutföra kartläggning och bedömning', [26, 0], { form: 'provning-bedomning', groups: '=["umea-fsd"]', due: '=trialEndAt' });
  p.boundaryTimer('BoundaryEvent_AssessmentOverdue', 'Bedömning ej klar vid periodens slut', 'UserTask_Assessment', '=date and time(trialEndAt)');
  p.notify('Task_NotifyAssessmentOverdue', 'Eskalera ej klar bedömning', [27, 1], 'deadline-missed', { recipientGroups: '=["umea-fsd", "samordnare"]', dueAt: '=trialEndAt' });
  p.end('EndEvent_AssessmentEscalated', 'Bedömning eskalerad', [28, 1]);
  p.service('Task_RecordNextStep', 'Registrera nästa steg', [27, 0], 'record-routine-outcome', { inputs: { outcome: '=nextStep' } });
  p.end('EndEvent_TrialDone', 'Prövning avslutad med nästa steg klart', [28, 0]);

  p.chain('StartEvent_InventoryStarted', 'UserTask_Inventory', 'Gateway_ReferToAf');
  p.flow('SequenceFlow_ReferToAfNo', 'Gateway_ReferToAf', 'Task_RecordNotReferred', { name: 'Nej', condition: '=referToAf != true' });
  p.flow('SequenceFlow_ReferToAfYes', 'Gateway_ReferToAf', 'Task_RecordSentToAf', { name: 'Ja', condition: '=referToAf = true' });
  p.chain('Task_RecordNotReferred', 'EndEvent_NotReferred');
  p.chain('Task_RecordSentToAf', 'Task_SendToAfMailbox', 'Task_ComputeAfAnswerDue', 'UserTask_AfAnswer', 'Task_RecordAfAnswer', 'Gateway_AfAnswer');
  p.chain('BoundaryEvent_AfAnswerLate', 'Task_NotifyAfLate', 'EndEvent_AfLateEscalated');
  p.flow('SequenceFlow_AfAnswerActivePlanning', 'Gateway_AfAnswer', 'Task_RecordActivePlanning', { name: 'Aktiv planering hos AF', condition: '=afAnswer = "aktiv_planering"' });
  p.flow('SequenceFlow_AfAnswerWorkTrial', 'Gateway_AfAnswer', 'Task_ComputeInfoMeeting', { name: 'Arenor för prövning', condition: '=afAnswer = "arenor_for_provning"' });
  p.chain('Task_RecordActivePlanning', 'EndEvent_ActivePlanningAtAf');
  p.chain('Task_ComputeInfoMeeting', 'Task_InviteInfoMeeting', 'UserTask_InfoMeeting', 'Task_RecordInfoMeeting', 'Task_ComputeTrialStart', 'TimerEvent_TrialStart', 'Task_RecordTrialStart', 'Gateway_StartLate');
  p.flow('SequenceFlow_StartLateYes', 'Gateway_StartLate', 'Task_NotifyLateStart', { name: 'Nej, sen start', condition: '=startLate = true' });
  p.flow('SequenceFlow_StartLateNo', 'Gateway_StartLate', 'Gateway_StartMerge', { name: 'Ja', condition: '=startLate != true' });
  p.chain('Task_NotifyLateStart', 'Gateway_StartMerge', 'Task_ComputeTrialEnd', 'UserTask_StartMeeting', 'Task_RecordStartMeeting', 'UserTask_FollowUp1', 'Task_RecordFollowUp1', 'UserTask_FollowUp2', 'Task_RecordFollowUp2', 'UserTask_Assessment', 'Task_RecordNextStep', 'EndEvent_TrialDone');
  p.chain('BoundaryEvent_AssessmentOverdue', 'Task_NotifyAssessmentOverdue', 'EndEvent_AssessmentEscalated');
  return p;
}

for (const p of [samverkanCase(), etablering(), workTrial()]) {
  const xml = p.toXml();
  const id = /<bpmn:process id="([^"]+)"/.exec(xml)![1]!;
  writeFileSync(path.join(ROOT, 'processes', `${id}.bpmn`), xml);
}
for (const [id, form] of Object.entries(FORMS)) {
  writeFileSync(path.join(ROOT, 'forms', `${id}.form`), JSON.stringify({ $schema: 'https://unpkg.com/@bpmn-io/form-json-schema/resources/schema.json', ...form, id }, null, 2) + '\n');
}
