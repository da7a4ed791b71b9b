import { Injectable } from '@nestjs/common';
import { ApiKeyRepository, userKey, UserRef, UserTokenEpochRepository } from '@app/persistence';
import type { Principal } from './credential.resolver';

const BATCH = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * Checks the credentials of open connections against Postgres in batches (a few queries per thousand sockets), so
 * a connection whose key was deleted or whose user was revoked closes even when the Redis notice was lost.
 */
@Injectable()
export class CredentialRevalidator {
  constructor(private readonly keys: ApiKeyRepository, private readonly epochs: UserTokenEpochRepository) {}

  /** The principals among these that no longer hold. */
  async revoked(principals: Principal[]): Promise<Set<Principal>> {
    const hashes = new Set<string>();
    const keyIds = new Set<string>();
    const users = new Map<string, UserRef>();
    for (const p of principals) {
      if (p.kind === 'tenant') hashes.add(p.keyHash);
      else {
        if (p.identity.keyId) keyIds.add(p.identity.keyId);
        users.set(userKey(p.identity.tenantId, p.identity.userId), p.identity);
      }
    }
    const liveHashes = new Set<string>();
    for (const batch of chunks([...hashes])) for (const h of await this.keys.existingHashes(batch)) liveHashes.add(h);
    const liveKeyIds = new Set<string>();
    for (const batch of chunks([...keyIds])) for (const id of await this.keys.existing(batch)) liveKeyIds.add(id);
    const epochs = new Map<string, number>();
    for (const batch of chunks([...users.values()])) for (const [k, e] of await this.epochs.currentOf(batch)) epochs.set(k, e);
    return new Set(principals.filter((p) => {
      if (p.kind === 'tenant') return !liveHashes.has(p.keyHash);
      const { keyId, tenantId, userId, epoch } = p.identity;
      return (keyId !== undefined && !liveKeyIds.has(keyId)) || epoch < (epochs.get(userKey(tenantId, userId)) ?? 0);
    }));
  }
}
