/** Base of the errors the edge maps to HTTP statuses; `message` is technical English, `userMessage` is shown (Swedish). */
export abstract class AppError extends Error {
  abstract readonly status: number;
  constructor(message: string, readonly userMessage?: string) {
    super(message);
    this.name = new.target.name;
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

/** Input failed validation; `fields` maps field keys to Swedish messages. */
export class ValidationFailed extends AppError {
  readonly status = 422;
  constructor(message: string, readonly fields: Record<string, string> = {}, userMessage?: string) {
    super(message, userMessage);
  }
}

/** The request conflicts with the current state (e.g. the task was already completed). */
export class Conflict extends AppError {
  readonly status = 409;
}
