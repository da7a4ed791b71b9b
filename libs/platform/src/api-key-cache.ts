import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiKeyRepository } from '@app/persistence';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 50_000;

/** A SHA-256 suffices (no slow KDF): keys carry 192 random bits, so there is nothing to brute-force. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export interface KeyOwner {
  tenantId: string;
  keyHash: string;
}

/**
 * The tenant of an API key, cached so publishing (or a reconnect storm) does not cost a query per request.
 * A deleted key is evicted at once in the process that deleted it and through Redis everywhere else
 * (ApiKeyRevocationController); if that message is lost, the entry still expires within a minute.
 */
@Injectable()
export class ApiKeyCache {
  private readonly cache = new Map<string, { tenantId: string; expiresAt: number }>();
  private readonly revokedListeners: ((keyHash: string) => void)[] = [];

  constructor(private readonly keys: ApiKeyRepository) {}

  /** A key was deleted somewhere in the cluster: forget it and tell whoever holds connections made with it. */
  revoked(keyHash: string): void {
    this.evict(keyHash);
    this.revokedListeners.forEach((listener) => listener(keyHash));
  }

  /** Called with the hash of every key deleted anywhere in the cluster. */
  onRevoked(listener: (keyHash: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async ownerOf(apiKey: string): Promise<KeyOwner | undefined> {
    const keyHash = hashApiKey(apiKey);
    const hit = this.cache.get(keyHash);
    if (hit && hit.expiresAt > Date.now()) return { tenantId: hit.tenantId, keyHash };
    const tenantId = await this.keys.findTenantIdByHash(keyHash);
    if (!tenantId) return undefined;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(keyHash, { tenantId, expiresAt: Date.now() + CACHE_TTL_MS });
    return { tenantId, keyHash };
  }

  evict(keyHash: string): void {
    this.cache.delete(keyHash);
  }
}
