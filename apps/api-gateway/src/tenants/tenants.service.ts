import { Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ApiKeyRevokedMessage, AppEvent } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { ApiKeyRepository, TenantRepository } from '@app/persistence';
import { ApiKeyCache } from '@app/platform';
import { generateApiKey, storedKey } from '../auth/api-key';
import { CreatedApiKeyResponse, CreatedTenantResponse } from './tenant.response';

@Injectable()
export class TenantsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TenantsService.name);

  constructor(
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyRepository,
    private readonly keyCache: ApiKeyCache,
    private readonly config: AppConfig,
    private readonly events: PubSubClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.bootstrapApiKey) return;
    const stored = storedKey(this.config.bootstrapApiKey);
    const tenantId = await this.tenants.ensureBootstrapTenant('default', stored);
    await this.announceCreated(stored.keyHash);
    this.logger.log(`bootstrap tenant "default" (${tenantId}) holds BOOTSTRAP_API_KEY`);
  }

  async create(name: string): Promise<CreatedTenantResponse> {
    const { apiKey, stored } = generateApiKey();
    const created = await this.tenants.createWithKey(name, stored);
    await this.announceCreated(stored.keyHash);
    return { id: created.tenant.id, name: created.tenant.name, apiKey, apiKeyId: created.apiKey.id };
  }

  async createKey(tenantId: string): Promise<CreatedApiKeyResponse> {
    if (!(await this.tenants.exists(tenantId))) throw new NotFoundException(`tenant ${tenantId} not found`);
    const { apiKey, stored } = generateApiKey();
    const created = await this.keys.create(tenantId, stored);
    await this.announceCreated(stored.keyHash);
    return { id: created.id, apiKey };
  }

  /**
   * Keys are random, so a new one is in no cache of unknown keys unless someone guessed it (or it is the
   * bootstrap key, tried before it existed); still, no cache may keep calling an existing key unknown.
   */
  private async announceCreated(keyHash: string): Promise<void> {
    this.keyCache.created(keyHash);
    await this.events.announce(AppEvent.apiKeyCreated, { keyHash }).catch((error: Error) => {
      this.logger.warn(`could not broadcast a key creation (other gateways may refuse it for up to a minute): ${error.message}`);
    });
  }

  /** Idempotent; other gateways drop the key from their caches through Redis. */
  async deleteKey(id: string): Promise<void> {
    const keyHash = await this.keys.delete(id);
    if (!keyHash) return;
    this.keyCache.evict(keyHash);
    const message: ApiKeyRevokedMessage = { keyHash, keyId: id };
    await this.events.announce(AppEvent.apiKeyRevoked, message).catch((error: Error) => {
      this.logger.warn(`could not broadcast key revocation (other gateways drop it within a minute): ${error.message}`);
    });
  }
}

