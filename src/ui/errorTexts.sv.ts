import type { AppError, UserMessage, UserMessageCode } from '../errors.js';
import { workSv } from './caseworkTexts.sv.js';
import { extraMeetingSv } from './extraMeetingTexts.sv.js';
import { handoverSv } from './handoverTexts.sv.js';

/** The Swedish text of each code a service may give the user (see `UserMessageCode`); the texts stay in their feature's module. */
const TEXTS: Record<UserMessageCode, (arg?: string) => string> = {
  'consent.withdrawAlready': () => workSv.caseView.withdrawAlready,
  'consent.withdrawNotAllowed': () => workSv.caseView.withdrawNotAllowed,
  'extraMeeting.notEtablering': () => extraMeetingSv.notEtablering,
  'extraMeeting.notParty': () => extraMeetingSv.notParty,
  'extraMeeting.invalid': () => extraMeetingSv.invalid,
  'extraMeeting.inProgress': () => extraMeetingSv.inProgress,
  'extraMeeting.ended': () => extraMeetingSv.ended,
  'handover.notAllowed': () => handoverSv.notAllowed,
  'handover.chooseTargetGroup': () => handoverSv.chooseTargetGroup,
  'handover.criteriaNotMet': (reason) => handoverSv.criteriaNotMet(reason ?? ''),
};

/** A user message code in Swedish. */
export const userText = (m: UserMessage): string => TEXTS[m.code](m.arg);

/** What to show the user for an error: its code in Swedish, else the text it carries; undefined when it has neither. */
export const userMessageOf = (err: AppError): string | undefined =>
  err.userCode ? userText(err.userCode) : err.userMessage;
