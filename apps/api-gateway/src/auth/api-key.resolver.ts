import { Injectable, OnModuleInit } from '@nestjs/common';
import { PubSubChannel } from '@app/contracts';
import { ApiKeyRepository } from '@app/persistence';
import { RedisSubscriber } from '@app/platform';
import { hashApiKey } from './api-key';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 50_000;

/**
 * Tenant id for an API key, cached so publishing does not pay a query per request. Deleting a key evicts it
 * here at once and on every other gateway through Redis.
 */
@Injectable()
export class ApiKeyResolver implements OnModuleInit {
  private readonly cache = new Map<string, { tenantId: string; expiresAt: number }>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(PubSubChannel.apiKeyRevoked, (message) => this.evict(JSON.parse(message).keyHash));
  }

  async tenantIdOf(apiKey: string): Promise<string | undefined> {
    const keyHash = hashApiKey(apiKey);
    const hit = this.cache.get(keyHash);
    if (hit && hit.expiresAt > Date.now()) return hit.tenantId;
    const tenantId = await this.keys.findTenantIdByHash(keyHash);
    if (tenantId) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(keyHash, { tenantId, expiresAt: Date.now() + CACHE_TTL_MS });
    }
    return tenantId;
  }

  evict(keyHash: string): void {
    this.cache.delete(keyHash);
  }
}
