import { createHash, randomBytes } from 'node:crypto';
import { StoredKey } from '@app/persistence';

const KEY_PREFIX = 'nk_';

/** Keys are `nk_` + 48 hex characters: only [A-Za-z0-9_], so they fit in a WebSocket subprotocol. */
export function generateApiKey(): { apiKey: string; stored: StoredKey } {
  const apiKey = KEY_PREFIX + randomBytes(24).toString('hex');
  return { apiKey, stored: storedKey(apiKey) };
}

/** A SHA-256 suffices (no slow KDF): keys carry 192 random bits, so there is nothing to brute-force. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export function storedKey(apiKey: string): StoredKey {
  return { keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, 8) };
}
