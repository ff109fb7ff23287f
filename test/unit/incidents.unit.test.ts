import { pathOf } from '../../src/services/caseProcess.js';
import { incidentCause } from '../../src/services/incidents.js';
import { workSv } from '../../src/ui/caseworkTexts.sv.js';
import { userText } from '../../src/ui/errorTexts.sv.js';

const causes = workSv.incidents.causes;
const activity = (activityId: string, o: { activityType?: string; ended?: boolean; canceled?: boolean } = {}) => ({
  activityId,
  activityType: o.activityType ?? 'serviceTask',
  endTime: o.ended === false ? null : '2026-01-01T10:00:00.000+0100',
  canceled: o.canceled ?? false,
});

describe('incidentCause', () => {
  test.each([
    [
      'record-meeting: Ärendet SV-2026-00001 finns inte / case SV-2026-00001 does not exist',
      causes.unknownCase('SV-2026-00001'),
    ],
    [
      'Invalid job variables for record-plan: caseId: Invalid input: expected string, received undefined',
      causes.invalidInput,
    ],
    ['Worker record-plan produced invalid output: planId: Required', causes.invalidOutput],
    [
      'send-notification: Okänd eller saknad header template / unknown or missing header template: null; expected one of a, b',
      causes.configuration,
    ],
    [
      'compute-due-date: Okänd eller saknad property rule / unknown or missing property rule: "x"; expected one of a',
      causes.configuration,
    ],
    [
      'compute-due-date: Ogiltig property reminderDays / invalid property reminderDays: 0; expected whole days 1–366',
      causes.configuration,
    ],
    ['record-work-trial-step: Okänd header step / unknown header step: null', causes.configuration],
    [
      'send-notification: Inga mottagare angivna / no recipients: set recipientGroups or recipientUsers',
      causes.configuration,
    ],
    ['send-notification: Meddelandet kan inte skapas / cannot render notification: meetingAt missing', causes.template],
    [
      'compute-due-date: Kan inte beräkna förfallodatum / cannot compute due date (beredning): no group',
      causes.dueDate,
    ],
    ['record-meeting: record-meeting needs meetingAt (kallad) or heldOn (hållen)', causes.missingData],
    [
      'record-beredning-decision: BPMN error CONSENT_MISSING is not caught in the model: HTTP 500',
      causes.uncaughtError('CONSENT_MISSING'),
    ],
  ])(
    'when a worker wrote "%s", then the cause is plain Swedish and the message stays as technical detail',
    (message, cause) => {
      // given / when
      const result = incidentCause(message, 'Registrera plan');
      // then
      expect({ cause: userText(result.cause), technical: result.technical }).toEqual({ cause, technical: message });
    },
  );

  test('when the message is unknown, then the cause names the step and carries the engine message', () => {
    // given
    const message = 'record-plan: connect ECONNREFUSED 127.0.0.1:5432';
    // when
    const result = incidentCause(message, 'Registrera plan');
    // then
    expect({ cause: userText(result.cause), technical: result.technical }).toEqual({
      cause: `Tekniskt fel i steget Registrera plan: ${message}`,
      technical: null,
    });
  });

  test('when there is no message, then the cause still names the step', () => {
    // given / when
    const result = incidentCause(null, 'Registrera plan');
    // then
    expect(userText(result.cause)).toBe(causes.technical('Registrera plan', causes.noMessage));
  });
});

describe('pathOf', () => {
  test('when activities ended, are open or were cancelled, then done holds the finished, current the open, and neither the cancelled', () => {
    // given
    const history = [
      activity('StartEvent_CaseReferred', { activityType: 'startEvent' }),
      activity('Task_RecordReferral'),
      activity('UserTask_FollowUp', { activityType: 'userTask', canceled: true }),
      activity('UserTask_DecideBeredning', { activityType: 'userTask', ended: false }),
    ];
    // when
    const path = pathOf(history);
    // then
    expect(path).toEqual({
      done: ['StartEvent_CaseReferred', 'Task_RecordReferral'],
      current: ['UserTask_DecideBeredning'],
    });
  });

  test('when a scope is open around a step, then only the step is current and a loop step done before is only current', () => {
    // given
    const history = [
      activity('Task_RecordFollowUp'),
      activity('SubProcess_ConsentWithdrawn', { activityType: 'subProcess', ended: false }),
      activity('UserTask_ContributeKartlaggning#multiInstanceBody', {
        activityType: 'multiInstanceBody',
        ended: false,
      }),
      activity('UserTask_ContributeKartlaggning', { activityType: 'userTask', ended: false }),
      activity('Task_RecordFollowUp', { ended: false }),
    ];
    // when
    const path = pathOf(history);
    // then
    expect(path.current.sort()).toEqual(['Task_RecordFollowUp', 'UserTask_ContributeKartlaggning']);
    expect(path.done).toEqual([]);
  });
});
