import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiKeyRepository } from '@app/persistence';
import { BoundedTtlCache } from './bounded-ttl-cache';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 50_000;
/** Unknown keys remembered; a flood of distinct guesses only pushes out older guesses. */
export const UNKNOWN_KEYS_MAX = 10_000;
const UNKNOWN_TTL_MS = 60_000;

/** A SHA-256 suffices (no slow KDF): keys carry 192 random bits, so there is nothing to brute-force. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export interface KeyOwner {
  tenantId: string;
  keyHash: string;
  keyId: string;
}

type Found = { tenantId: string; keyId: string } | undefined;

/**
 * The tenant of an API key, cached so publishing (or a reconnect storm) does not cost a query per request, and
 * unknown keys cached too (bounded) so a flood of bad keys does not either; concurrent look-ups of one key share
 * one query. A deleted key is evicted at once in the process that deleted it and through Redis everywhere else
 * (CredentialEventsController); a created key leaves every cache of unknown keys the same way. If a message is
 * lost, entries expire in a minute.
 */
@Injectable()
export class ApiKeyCache {
  private readonly known = new BoundedTtlCache<NonNullable<Found>>(CACHE_MAX, CACHE_TTL_MS);
  private readonly unknown = new BoundedTtlCache<true>(UNKNOWN_KEYS_MAX, UNKNOWN_TTL_MS);
  private readonly inFlight = new Map<string, Promise<Found>>();
  /** Counts key creations, so a look-up that raced one does not remember its key as unknown. */
  private creations = 0;

  constructor(private readonly keys: ApiKeyRepository) {}

  async ownerOf(apiKey: string): Promise<KeyOwner | undefined> {
    const keyHash = hashApiKey(apiKey);
    const found = this.known.get(keyHash) ?? (this.unknown.get(keyHash) ? undefined : await this.lookUp(keyHash));
    return found && { ...found, keyHash };
  }

  evict(keyHash: string): void {
    this.known.delete(keyHash);
  }

  /** A key with this hash now exists: it must not stay in the cache of unknown keys. */
  created(keyHash: string): void {
    this.creations++;
    this.unknown.delete(keyHash);
  }

  private lookUp(keyHash: string): Promise<Found> {
    let pending = this.inFlight.get(keyHash);
    if (!pending) {
      const creationsBefore = this.creations;
      pending = this.keys.findByHash(keyHash).then((row) => {
        if (row) this.known.set(keyHash, { tenantId: row.tenantId, keyId: row.id });
        else if (this.creations === creationsBefore) this.unknown.set(keyHash, true);
        return row && { tenantId: row.tenantId, keyId: row.id };
      });
      const settled = pending.finally(() => this.inFlight.delete(keyHash));
      settled.catch(() => undefined);
      this.inFlight.set(keyHash, pending);
    }
    return pending;
  }
}
