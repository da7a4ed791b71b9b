import { LoggerService } from '@nestjs/common';
import { MessageGuard } from '@app/contracts';

/** parseMessage's answer for a message that is not JSON (null is valid JSON, so it cannot say so). */
export const MALFORMED = Symbol('malformed');

/**
 * The one JSON.parse of pub/sub messages. A message that is not JSON is logged (by channel and size, never its
 * content, which may carry payloads) and becomes MALFORMED instead of an exception in the Redis client's handler.
 */
export function parseMessage(channel: string, raw: string, logger: LoggerService): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    logger.warn(`dropped a message on ${channel} that is not JSON (${raw.length} bytes)`);
    return MALFORMED;
  }
}

/** True when `data` has the shape `guard` expects; logs the drop otherwise. */
export function checkShape<T>(channel: string, data: unknown, guard: MessageGuard<T>, logger: LoggerService): data is T {
  if (guard(data)) return true;
  logger.warn(`dropped a message on ${channel} that does not have the expected shape`);
  return false;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
