import { randomBytes } from 'node:crypto';
import { StoredKey } from '@app/persistence';
import { hashApiKey } from '@app/platform';

const KEY_PREFIX = 'nk_';

/** Keys are `nk_` + 48 hex characters: only [A-Za-z0-9_], so they fit in a WebSocket subprotocol. */
export function generateApiKey(): { apiKey: string; stored: StoredKey } {
  const apiKey = KEY_PREFIX + randomBytes(24).toString('hex');
  return { apiKey, stored: storedKey(apiKey) };
}

export function storedKey(apiKey: string): StoredKey {
  return { keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, 8) };
}
