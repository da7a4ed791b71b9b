import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../entities';
import { StoredKey } from './tenant.repository';

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get keys() {
    return this.db.getRepository(ApiKeyEntity);
  }

  async create(tenantId: string, key: StoredKey): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ id: randomUUID(), tenantId, ...key }));
  }

  async findTenantIdByHash(keyHash: string): Promise<string | undefined> {
    const row = await this.keys.findOne({ where: { keyHash }, select: { tenantId: true } });
    return row?.tenantId;
  }

  /** Returns the deleted key's hash, or undefined when there was none. */
  async delete(id: string): Promise<string | undefined> {
    const rows: { key_hash: string }[][] = await this.db.query('DELETE FROM api_keys WHERE id = $1 RETURNING key_hash', [id]);
    return rows[0]?.[0]?.key_hash;
  }
}
