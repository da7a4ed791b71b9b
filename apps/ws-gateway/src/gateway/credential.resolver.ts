import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PubSubChannel } from '@app/contracts';
import { ApiKeyRepository } from '@app/persistence';
import { RedisSubscriber, UserIdentity, UserTokens } from '@app/platform';
import { looksLikeJwt } from './credentials';

export type Principal =
  | { kind: 'user'; identity: UserIdentity }
  | { kind: 'tenant'; tenantId: string; keyHash: string };

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 50_000;

/**
 * Who a credential belongs to. Tenant keys are cached (a reconnect storm must not become a query storm); a deleted
 * key is evicted through Redis and its open sockets are closed by the server.
 */
@Injectable()
export class CredentialResolver implements OnModuleInit {
  private readonly cache = new Map<string, { tenantId: string; keyHash: string; expiresAt: number }>();
  private readonly revokedListeners: ((keyHash: string) => void)[] = [];

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly tokens: UserTokens,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(PubSubChannel.apiKeyRevoked, (message) => {
      const { keyHash } = JSON.parse(message) as { keyHash: string };
      this.cache.delete(keyHash);
      for (const listener of this.revokedListeners) listener(keyHash);
    });
  }

  onKeyRevoked(listener: (keyHash: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async resolve(credential: string): Promise<Principal | undefined> {
    if (looksLikeJwt(credential)) {
      const identity = this.tokens.verify(credential);
      return identity && { kind: 'user', identity };
    }
    // Same digest as the api-gateway stores (apps do not share code, the algorithm is the contract between them).
    const keyHash = createHash('sha256').update(credential).digest('hex');
    const hit = this.cache.get(keyHash);
    if (hit && hit.expiresAt > Date.now()) return { kind: 'tenant', tenantId: hit.tenantId, keyHash: hit.keyHash };
    const tenantId = await this.keys.findTenantIdByHash(keyHash);
    if (!tenantId) return undefined;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(keyHash, { tenantId, keyHash, expiresAt: Date.now() + CACHE_TTL_MS });
    return { kind: 'tenant', tenantId, keyHash };
  }
}
