import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, TenantEntity } from '../entities';

export interface StoredKey {
  keyHash: string;
  keyPrefix: string;
}

@Injectable()
export class TenantRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createWithKey(name: string, key: StoredKey): Promise<{ tenant: TenantEntity; apiKey: ApiKeyEntity }> {
    return this.db.transaction(async (manager) => {
      const tenant = await manager.save(manager.create(TenantEntity, { id: randomUUID(), name }));
      const apiKey = await manager.save(manager.create(ApiKeyEntity, { id: randomUUID(), tenantId: tenant.id, ...key }));
      return { tenant, apiKey };
    });
  }

  async exists(tenantId: string): Promise<boolean> {
    return this.db.getRepository(TenantEntity).exists({ where: { id: tenantId } });
  }

  /** The tenant named `name` holding exactly this key, created when absent; concurrent starts agree on one. */
  async ensureBootstrapTenant(name: string, key: StoredKey): Promise<string> {
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(7226002)');
      const existing = await manager.findOne(ApiKeyEntity, { where: { keyHash: key.keyHash } });
      if (existing) return existing.tenantId;
      const tenant = (await manager.findOne(TenantEntity, { where: { name }, order: { createdAt: 'ASC' } }))
        ?? (await manager.save(manager.create(TenantEntity, { id: randomUUID(), name })));
      await manager.save(manager.create(ApiKeyEntity, { id: randomUUID(), tenantId: tenant.id, ...key }));
      return tenant.id;
    });
  }
}
