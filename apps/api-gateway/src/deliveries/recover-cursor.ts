import { UnprocessableEntityException } from '@nestjs/common';
import { isUuid } from '@app/contracts';
import type { RecoverPosition } from '@app/persistence';

const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~(.+)$/;

/** The `next` a recover answers: opaque to clients (base64url), so its form may change without breaking them. */
export function encodeRecoverCursor(position: RecoverPosition): string {
  return Buffer.from(`${position.createdAt}~${position.id}`).toString('base64url');
}

/** A cursor this API issued, or 422: a forged one must not reach Postgres as an impossible timestamp. */
export function decodeRecoverCursor(cursor: string): RecoverPosition {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !isRealInstant(match[1]) || !isUuid(match[2])) {
    throw new UnprocessableEntityException(['cursor must be the `next` of an earlier recover answer']);
  }
  return { createdAt: match[1], id: match[2] };
}

/** Date.parse takes "02-30" and "24:00"; Postgres does not. Only a time that prints back as itself is real. */
function isRealInstant(iso: string): boolean {
  const ms = Date.parse(iso);
  return ms >= 0 && new Date(ms).toISOString().slice(0, 19) === iso.slice(0, 19);
}
