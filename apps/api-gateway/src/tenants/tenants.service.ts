import { Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AppEvent } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { ApiKeyRepository, TenantRepository } from '@app/persistence';
import { ApiKeyCache } from '@app/platform';
import { generateApiKey, storedKey } from '../auth/api-key';
import { CreatedApiKeyResponse, CreatedTenantResponse } from './tenants.dto';

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
    const tenantId = await this.tenants.ensureBootstrapTenant('default', storedKey(this.config.bootstrapApiKey));
    this.logger.log(`bootstrap tenant "default" (${tenantId}) holds BOOTSTRAP_API_KEY`);
  }

  async create(name: string): Promise<CreatedTenantResponse> {
    const { apiKey, stored } = generateApiKey();
    const created = await this.tenants.createWithKey(name, stored);
    return { id: created.tenant.id, name: created.tenant.name, apiKey, apiKeyId: created.apiKey.id };
  }

  async createKey(tenantId: string): Promise<CreatedApiKeyResponse> {
    if (!(await this.tenants.exists(tenantId))) throw new NotFoundException(`tenant ${tenantId} not found`);
    const { apiKey, stored } = generateApiKey();
    const created = await this.keys.create(tenantId, stored);
    return { id: created.id, apiKey };
  }

  /** Idempotent; other gateways drop the key from their caches through Redis. */
  async deleteKey(id: string): Promise<void> {
    const keyHash = await this.keys.delete(id);
    if (!keyHash) return;
    this.keyCache.evict(keyHash);
    await this.events.announce(AppEvent.apiKeyRevoked, { keyHash }).catch((error: Error) => {
      this.logger.warn(`could not broadcast key revocation (other gateways drop it within a minute): ${error.message}`);
    });
  }
}
