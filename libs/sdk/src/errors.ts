/** Any answer of the API that is not a 2xx. `body` is the parsed error body (`{statusCode, error, message}`). */
export class NotifyApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message?: string,
  ) {
    super(message ?? `${status}: ${describe(body)}`);
    this.name = new.target.name;
  }

  /** The `message` of the error body as a list (the API sends a string or an array of strings). */
  get messages(): string[] {
    const message = (this.body as { message?: unknown } | undefined)?.message;
    if (Array.isArray(message)) return message.map(String);
    return typeof message === 'string' ? [message] : [];
  }
}

/** 401: the API key or user token is missing, wrong, expired or deleted. */
export class InvalidCredentialsError extends NotifyApiError {}

/** 403: a valid credential of the wrong kind (a user token on a tenant route, a tenant key on an admin route). */
export class ForbiddenError extends NotifyApiError {}

/** 404: no such object, or it belongs to another tenant. */
export class NotFoundError extends NotifyApiError {}

/** 409: the request conflicts with the current state. */
export class ConflictError extends NotifyApiError {}

/** 422: the request was refused; `messages` has one entry per offending field, naming it. */
export class ValidationError extends NotifyApiError {}

/** 429: slow down; `retryAfter` is the server's `Retry-After` in seconds (undefined when absent). */
export class RateLimitedError extends NotifyApiError {
  constructor(status: number, body: unknown, readonly retryAfter?: number) {
    super(status, body);
  }
}

/** The request never got an answer (connection refused, reset, timed out) after all retries. */
export class NotifyConnectionError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'NotifyConnectionError';
  }
}

/** A webhook request whose signature, timestamp or headers do not verify. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export function apiErrorOf(status: number, body: unknown, retryAfterHeader: string | null): NotifyApiError {
  switch (status) {
    case 401:
      return new InvalidCredentialsError(status, body);
    case 403:
      return new ForbiddenError(status, body);
    case 404:
      return new NotFoundError(status, body);
    case 409:
      return new ConflictError(status, body);
    case 422:
      return new ValidationError(status, body);
    case 429:
      return new RateLimitedError(status, body, parseRetryAfter(retryAfterHeader));
    default:
      return new NotifyApiError(status, body);
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body ?? null);
}
