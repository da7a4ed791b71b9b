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

  async findByHash(keyHash: string): Promise<{ id: string; tenantId: string } | undefined> {
    const row = await this.keys.findOne({ where: { keyHash }, select: { id: true, tenantId: true } });
    return row ? { id: row.id, tenantId: row.tenantId } : undefined;
  }

  /** Which of these key ids still exist (tokens minted by a deleted key stop working). */
  async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query('SELECT id FROM api_keys WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Which of these key hashes still exist (open sockets are re-checked in batches). */
  async existingHashes(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: { key_hash: string }[] = await this.db.query('SELECT key_hash FROM api_keys WHERE key_hash = ANY($1::text[])', [hashes]);
    return new Set(rows.map((r) => r.key_hash));
  }

  /** Returns the deleted key's hash, or undefined when there was none. */
  async delete(id: string): Promise<string | undefined> {
    const rows: { key_hash: string }[][] = await this.db.query('DELETE FROM api_keys WHERE id = $1 RETURNING key_hash', [id]);
    return rows[0]?.[0]?.key_hash;
  }
}
