import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';

/** Ids are UUIDs; anything else cannot name an object, so it is a 404 like an unknown id. */
export const ParseId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('not found') });

