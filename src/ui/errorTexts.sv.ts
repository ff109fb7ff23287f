import type { AppError, FieldErrors, UserMessage, UserMessageCode } from '../errors.js';
import { arendebarareSv } from './arendebarareTexts.sv.js';
import { bokslutSv } from './bokslutTexts.sv.js';
import { workSv } from './caseworkTexts.sv.js';
import { extraMeetingSv } from './extraMeetingTexts.sv.js';
import { handoverSv } from './handoverTexts.sv.js';
import { modelerSv } from './modelerTexts.sv.js';
import { sv } from './texts.sv.js';

const field = sv.taskForm;
const causes = workSv.incidents.causes;

/** The Swedish text of each code a service may give the user (see `UserMessageCode`); the texts stay in their feature's module. */
const TEXTS: Record<UserMessageCode, (m: UserMessage) => string> = {
  'arendebarare.reasonRequired': () => arendebarareSv.reasonRequired,
  'consent.withdrawAlready': () => workSv.caseView.withdrawAlready,
  'consent.withdrawNotAllowed': () => workSv.caseView.withdrawNotAllowed,
  'extraMeeting.notEtablering': () => extraMeetingSv.notEtablering,
  'extraMeeting.notParty': () => extraMeetingSv.notParty,
  'extraMeeting.invalid': () => extraMeetingSv.invalid,
  'extraMeeting.inProgress': () => extraMeetingSv.inProgress,
  'extraMeeting.ended': () => extraMeetingSv.ended,
  'handover.notAllowed': () => handoverSv.notAllowed,
  'handover.chooseTargetGroup': () => handoverSv.chooseTargetGroup,
  'handover.criteriaNotMet': ({ arg }) => handoverSv.criteriaNotMet(arg ?? ''),
  'task.alreadyDone': () => field.alreadyDone,
  'task.engineUnavailable': () => field.engineUnavailable,
  'task.claimedByOther': ({ arg }) => sv.tasks.claimedByOther(arg ?? ''),
  'task.changed': () => sv.errors.conflict,
  'task.chooseColleagueFirst': () => sv.tasks.chooseColleagueFirst,
  'task.notColleague': () => sv.tasks.notColleague,
  'field.required': () => field.required,
  'field.invalid': () => field.invalid,
  'field.number': () => field.number,
  'field.min': ({ arg }) => field.min(Number(arg)),
  'field.max': ({ arg }) => field.max(Number(arg)),
  'field.minLength': ({ arg }) => field.minLength(Number(arg)),
  'field.maxLength': ({ arg }) => field.maxLength(Number(arg)),
  'field.pattern': () => field.pattern,
  'field.option': () => field.option,
  'field.email': () => field.email,
  'field.date': () => field.date,
  'closure.beforeStart': ({ arg }) => bokslutSv.closureBeforeStart(arg ?? ''),
  'start.inProgress': () => workSv.start.inProgress,
  'start.notAllowedTo': () => workSv.start.notAllowedTo,
  'start.notAllowedInventering': () => workSv.start.notAllowedInventering,
  'start.notAllowedEtablering': () => workSv.start.notAllowedEtablering,
  'agenda.notMemberOf': () => workSv.agenda.notMemberOf,
  'agenda.alreadyDecided': () => workSv.agenda.alreadyDecided,
  'agenda.waitingForEngine': () => workSv.agenda.waitingForEngine,
  'agenda.partiesRequired': () => workSv.agenda.partiesRequired,
  'agenda.partiesOutsideConsent': () => workSv.agenda.partiesOutsideConsent,
  'incident.unknownCase': ({ arg }) => causes.unknownCase(arg ?? ''),
  'incident.invalidInput': () => causes.invalidInput,
  'incident.invalidOutput': () => causes.invalidOutput,
  'incident.configuration': () => causes.configuration,
  'incident.template': () => causes.template,
  'incident.dueDate': () => causes.dueDate,
  'incident.missingData': () => causes.missingData,
  'incident.uncaughtError': ({ arg }) => causes.uncaughtError(arg ?? ''),
  'incident.subProcess': () => causes.subProcess,
  // arg: the step; detail: the engine's message (none: say so)
  'incident.technical': ({ arg, detail }) => causes.technical(arg ?? '', detail ?? causes.noMessage),
  'modeler.processNotFound': ({ arg }) => modelerSv.processNotFound(arg ?? ''),
  'modeler.versionNotFound': ({ arg, detail }) => modelerSv.versionNotFound(arg ?? '', detail ?? ''),
  'modeler.formNotFound': ({ arg }) => modelerSv.formNotFound(arg ?? ''),
  'modeler.unreadable': () => modelerSv.unreadable,
  'modeler.engineUnavailable': () => modelerSv.engineUnavailable,
  'modeler.lintErrors': () => modelerSv.lintErrors,
  'modeler.oneProcess': () => modelerSv.oneProcess,
  'modeler.empty': () => modelerSv.empty,
  'modeler.badProcessId': ({ arg }) => modelerSv.badProcessId(arg ?? ''),
  'modeler.formIdMismatch': ({ arg, detail }) => modelerSv.formIdMismatch(arg ?? '', detail ?? ''),
  'modeler.formWithoutComponents': ({ arg }) => modelerSv.formWithoutComponents(arg ?? ''),
  'modeler.formsMissing': ({ arg }) => modelerSv.formsMissing(arg ?? ''),
  'modeler.engineUnavailableDeploy': () => modelerSv.engineUnavailableDeploy,
  'modeler.engineRefused': ({ arg }) => modelerSv.engineRefused(arg ?? ''),
};

/** A user message code in Swedish. */
export const userText = (m: UserMessage): string => TEXTS[m.code](m);

/** Field errors (codes by field key) in Swedish, by the same keys. */
export const fieldTexts = (fields: FieldErrors): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, userText(m)]));

/** What to show the user for an error: its code in Swedish, else the text it carries; undefined when it has neither. */
export const userMessageOf = (err: AppError): string | undefined =>
  err.userCode ? userText(err.userCode) : err.userMessage;
