import { UnknownCaseError } from '../../src/services/caseWork.js';
import { IncidentError } from './errors.js';

/** A job about a case that does not exist can never succeed: rethrow that as an incident, anything else unchanged. */
export function unknownCaseIsIncident(err: unknown): never {
  throw err instanceof UnknownCaseError ? new IncidentError(err.message) : err;
}
