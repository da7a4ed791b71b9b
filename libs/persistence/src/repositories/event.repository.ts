import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventEntity } from '../entities';

export interface NewEvent {
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  idempotencyKey?: string;
}

export interface StoredEvent {
  event: EventEntity;
  /** false when an earlier event with the same idempotency key was returned instead. */
  created: boolean;
}

const IDEMPOTENCY_WINDOW = '24 hours';

const EVENT_COLUMNS = `id, tenant_id AS "tenantId", type, payload, channels, idempotency_key AS "idempotencyKey",
  status, created_at AS "createdAt", matched_at AS "matchedAt"`;

@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts events in one statement. An idempotency key seen within 24 h yields the earlier event; an older
   * holder of the key gives it up first, so the unique index only ever guards the live window.
   */
  async insertMany(tenantId: string, events: NewEvent[]): Promise<StoredEvent[]> {
    const keys = events.map((e) => e.idempotencyKey).filter((k): k is string => !!k);
    // Without keys nothing can conflict: one autocommitted statement, the common and fastest case.
    if (keys.length === 0) return this.insertRows(this.db.manager, tenantId, events);
    return this.db.transaction(async (manager) => {
      await manager.query(
        `UPDATE events SET idempotency_key = NULL
          WHERE tenant_id = $1 AND idempotency_key = ANY($2) AND created_at < now() - interval '${IDEMPOTENCY_WINDOW}'`,
        [tenantId, keys],
      );
      return this.insertRows(manager, tenantId, events);
    });
  }

  private async insertRows(manager: EntityManager, tenantId: string, events: NewEvent[]): Promise<StoredEvent[]> {
    const ids = events.map(() => randomUUID());
    const inserted: EventEntity[] = await manager.query(
      `INSERT INTO events (id, tenant_id, type, payload, channels, idempotency_key, status, created_at)
       SELECT id, $1, type, payload, channels::text[], key, 'pending', clock_timestamp()
         FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::text[]) WITH ORDINALITY AS v(id, type, payload, channels, key, n)
        ORDER BY n
       ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING ${EVENT_COLUMNS}`,
      [tenantId, ids, events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => toPgArray(e.channels)), events.map((e) => e.idempotencyKey ?? null)],
    );
    return this.resolveInputOrder(manager.query.bind(manager), tenantId, events, ids, inserted);
  }

  private async resolveInputOrder(
    query: (sql: string, params: unknown[]) => Promise<EventEntity[]>,
    tenantId: string, events: NewEvent[], ids: string[], inserted: EventEntity[],
  ): Promise<StoredEvent[]> {
    const byId = new Map(inserted.map((e) => [e.id, e]));
    const missingKeys = events.filter((e, i) => !byId.has(ids[i]) && e.idempotencyKey).map((e) => e.idempotencyKey!);
    const earlier = missingKeys.length === 0 ? [] : await query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE tenant_id = $1 AND idempotency_key = ANY($2)`, [tenantId, missingKeys]);
    // Also covers one key used twice in a batch: the first item's row is visible to this transaction.
    const byKey = new Map(earlier.map((e) => [e.idempotencyKey, e]));
    return events.map((e, i) => {
      const own = byId.get(ids[i]);
      if (own) return { event: own, created: true };
      const event = byKey.get(e.idempotencyKey!);
      if (!event) throw new Error(`idempotency key ${e.idempotencyKey} conflicted but no event holds it`);
      return { event, created: false };
    });
  }

  async findOne(tenantId: string, id: string): Promise<EventEntity | null> {
    return this.db.getRepository(EventEntity).findOne({ where: { tenantId, id } });
  }

  /** Pending events old enough that their matching job should have run; for the sweeper. */
  async findStalePending(olderThan: Date, limit: number): Promise<EventEntity[]> {
    return this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [olderThan, limit],
    );
  }
}

/** Postgres array literal, so a text[] per row can travel inside unnest(). */
export function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
