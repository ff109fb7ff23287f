/**
 * What a service tells the user, as a code: services carry no Swedish, the edge (error handler, routes) renders the
 * code through `userMessageOf` in the UI texts (`src/ui/errorTexts.sv.ts`). `arg` fills a text that names something.
 */
export type UserMessageCode =
  | 'arendebarare.reasonRequired'
  | 'consent.withdrawAlready'
  | 'consent.withdrawNotAllowed'
  | 'extraMeeting.notEtablering'
  | 'extraMeeting.notParty'
  | 'extraMeeting.invalid'
  | 'extraMeeting.inProgress'
  | 'extraMeeting.ended'
  | 'handover.notAllowed'
  | 'handover.chooseTargetGroup'
  | 'handover.criteriaNotMet'
  | 'task.alreadyDone'
  | 'task.engineUnavailable'
  | 'task.claimedByOther'
  | 'task.changed'
  | 'task.chooseColleagueFirst'
  | 'task.notColleague'
  | 'field.required'
  | 'field.invalid'
  | 'field.number'
  | 'field.min'
  | 'field.max'
  | 'field.minLength'
  | 'field.maxLength'
  | 'field.pattern'
  | 'field.option'
  | 'field.email'
  | 'field.date'
  | 'closure.beforeStart'
  | 'start.inProgress'
  | 'start.notAllowedTo'
  | 'start.notAllowedInventering'
  | 'start.notAllowedEtablering'
  | 'agenda.notMemberOf'
  | 'agenda.alreadyDecided'
  | 'agenda.waitingForEngine'
  | 'agenda.partiesRequired'
  | 'agenda.partiesOutsideConsent'
  | 'incident.unknownCase'
  | 'incident.invalidInput'
  | 'incident.invalidOutput'
  | 'incident.configuration'
  | 'incident.template'
  | 'incident.dueDate'
  | 'incident.missingData'
  | 'incident.uncaughtError'
  | 'incident.subProcess'
  | 'incident.technical'
  | 'modeler.processNotFound'
  | 'modeler.versionNotFound'
  | 'modeler.formNotFound'
  | 'modeler.unreadable'
  | 'modeler.engineUnavailable'
  | 'modeler.lintErrors'
  | 'modeler.oneProcess'
  | 'modeler.empty'
  | 'modeler.badProcessId'
  | 'modeler.formIdMismatch'
  | 'modeler.formWithoutComponents'
  | 'modeler.formsMissing'
  | 'modeler.engineUnavailableDeploy'
  | 'modeler.engineRefused';
/** A message code with what it names: `arg` (a case id, a number, a name) and, for the few texts naming two things, `detail`. */
export interface UserMessage {
  code: UserMessageCode;
  arg?: string;
  detail?: string;
}
/** Field errors by field key, as codes; the view renders them in Swedish. */
export type FieldErrors = Record<string, UserMessage>;

/**
 * Base of the errors the edge maps to HTTP statuses; `message` is technical English. What the user is shown is a
 * `UserMessage` code (`userCode`), as services give it; only routes, which may name Swedish texts, pass their own
 * text (`userMessage`).
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  readonly userMessage?: string;
  readonly userCode?: UserMessage;
  constructor(message: string, user?: string | UserMessage) {
    super(message);
    this.name = new.target.name;
    if (typeof user === 'string') this.userMessage = user;
    else if (user) this.userCode = user;
  }
}

/** The resource does not exist, or the user may not know that it exists (sekretess: 404 rather than 403). */
export class NotFound extends AppError {
  readonly status = 404;
}

/** The user is logged in but lacks the right. */
export class Forbidden extends AppError {
  readonly status = 403;
}

/** Input failed validation; `fields` maps field keys to message codes. */
export class ValidationFailed extends AppError {
  readonly status = 422;
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
    user?: string | UserMessage,
  ) {
    super(message, user);
  }
}

/** The request conflicts with the current state (e.g. the task was already completed). */
export class Conflict extends AppError {
  readonly status = 409;
}
