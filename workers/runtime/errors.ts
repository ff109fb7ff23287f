/** An expected business outcome that the BPMN catches with an error boundary/event of this code. */
export class BusinessError extends Error {
  constructor(
    readonly code: string,
    message = code,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BusinessError';
  }
}

/** A transient technical failure (network, lock, unavailable dependency): retry with backoff. */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** The job can never succeed as given (bad header, unknown reference): no retries, an incident with this readable cause. */
export class IncidentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IncidentError';
  }
}
