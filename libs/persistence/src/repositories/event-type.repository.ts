import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventTypeEntity } from '../entities';
import { Page } from './delivery.repository';
import { PerTenantTurns } from './per-tenant-turns';

export interface EventTypeFields {
  description: string;
  schema: Record<string, unknown> | null;
}

@Injectable()
export class EventTypeRepository {
  private readonly upserts = new PerTenantTurns();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get types() {
    return this.db.getRepository(EventTypeEntity);
  }

  /**
   * Creates or replaces the entry; a new one only while the tenant has fewer than `max` (null then). A per-tenant
   * advisory lock held to the end of the transaction makes count-and-insert atomic across gateways; a tenant's
   * writes take turns in this process first, so its waiters hold one pooled connection, not the pool.
   */
  async upsertWithinLimit(tenantId: string, name: string, fields: EventTypeFields, max: number): Promise<EventTypeEntity | null> {
    return this.upserts.run(tenantId, () =>
      this.db.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('event-types:' || $1, 0))`, [tenantId]);
        const exists = await manager.exists(EventTypeEntity, { where: { tenantId, name } });
        if (!exists && (await manager.count(EventTypeEntity, { where: { tenantId } })) >= max) return null;
        const rows: EventTypeEntity[] = await manager.query(
          `INSERT INTO event_types (tenant_id, name, description, schema, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())
           ON CONFLICT (tenant_id, name) DO UPDATE SET description = EXCLUDED.description, schema = EXCLUDED.schema, updated_at = now()
           RETURNING tenant_id AS "tenantId", name, description, schema, created_at AS "createdAt", updated_at AS "updatedAt"`,
          [tenantId, name, fields.description, fields.schema === null ? null : JSON.stringify(fields.schema)],
        );
        return rows[0];
      }),
    );
  }

  async findOne(tenantId: string, name: string): Promise<EventTypeEntity | null> {
    return this.types.findOne({ where: { tenantId, name } });
  }

  async list(tenantId: string, limit: number, offset: number): Promise<Page<EventTypeEntity>> {
    const [items, total] = await this.types.findAndCount({ where: { tenantId }, order: { name: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** Returns whether an entry was there. */
  async delete(tenantId: string, name: string): Promise<boolean> {
    const result = await this.types.delete({ tenantId, name });
    return (result.affected ?? 0) > 0;
  }
}
