import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** Ids are UUIDs; anything else cannot name an object, so it is a 404 like an unknown id. */
export const ParseId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('not found') });

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
