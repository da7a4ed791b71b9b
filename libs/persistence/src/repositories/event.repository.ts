import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventEntity } from '../entities';

export interface NewEvent {
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  idempotencyKey?: string;
}

export interface TenantNewEvent extends NewEvent {
  tenantId: string;
}

export interface StoredEvent {
  event: EventEntity;
  /** false when an earlier event with the same idempotency key was returned instead. */
  created: boolean;
}

const IDEMPOTENCY_WINDOW = '24 hours';

const EVENT_COLUMNS = `e.id, e.tenant_id AS "tenantId", e.type, e.payload, e.channels,
  e.idempotency_key AS "idempotencyKey", e.status, e.created_at AS "createdAt", e.matched_at AS "matchedAt"`;

@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts events (of any tenants) in one statement. An idempotency key seen within 24 h yields the earlier
   * event. Keys live in `idempotency_keys`, not in a unique index on `events`: a unique index on a partitioned
   * table must include the partition key (`created_at`), which would make every retry look new.
   */
  async insertMany(events: TenantNewEvent[]): Promise<StoredEvent[]> {
    // Without keys nothing can conflict: the plain insert, the common and fastest case.
    if (!events.some((e) => e.idempotencyKey)) return this.insertRows(events);
    return this.insertKeyedRows(events);
  }

  private async insertRows(events: TenantNewEvent[]): Promise<StoredEvent[]> {
    const ids = events.map(() => randomUUID());
    const inserted: EventEntity[] = await this.db.query(
      `INSERT INTO events AS e (id, tenant_id, type, payload, channels, status, created_at)
       SELECT id, tenant_id, type, payload, channels::text[], 'pending', clock_timestamp()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[]) WITH ORDINALITY AS v(id, tenant_id, type, payload, channels, n)
        ORDER BY n
       RETURNING ${EVENT_COLUMNS}`,
      [ids, events.map((e) => e.tenantId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => toPgArray(e.channels))],
    );
    return inserted.map((event) => ({ event, created: true }));
  }

  /**
   * One statement, so a key and its event are stored together or not at all. The first use of a key in the
   * batch claims it (a holder older than 24 h gives it up); an event whose key was not claimed is not inserted.
   * A concurrent publish of the same key waits on the key's index entry until this one commits, then yields.
   */
  private async insertKeyedRows(events: TenantNewEvent[]): Promise<StoredEvent[]> {
    const ids = events.map(() => randomUUID());
    const seen = new Set<string>();
    const claims = events.map((e) => {
      if (!e.idempotencyKey) return false;
      const key = `${e.tenantId}/${e.idempotencyKey}`;
      return !seen.has(key) && !!seen.add(key);
    });
    const inserted: EventEntity[] = await this.db.query(
      `WITH input AS MATERIALIZED (
         SELECT v.*, clock_timestamp() AS created_at
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::boolean[]) WITH ORDINALITY
             AS v(id, tenant_id, type, payload, channels, key, claims, n)
          ORDER BY n
       ), claimed AS (
         INSERT INTO idempotency_keys AS k (tenant_id, key, event_id, event_created_at, created_at)
         SELECT tenant_id, key, id, created_at, created_at FROM input WHERE claims ORDER BY n
         ON CONFLICT (tenant_id, key) DO UPDATE
           SET event_id = EXCLUDED.event_id, event_created_at = EXCLUDED.event_created_at, created_at = EXCLUDED.created_at
           WHERE k.created_at < now() - interval '${IDEMPOTENCY_WINDOW}'
         RETURNING k.event_id
       )
       INSERT INTO events AS e (id, tenant_id, type, payload, channels, idempotency_key, status, created_at)
       SELECT id, tenant_id, type, payload, channels::text[], key, 'pending', created_at FROM input
        WHERE key IS NULL OR id IN (SELECT event_id FROM claimed)
        ORDER BY n
       RETURNING ${EVENT_COLUMNS}`,
      [ids, events.map((e) => e.tenantId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => toPgArray(e.channels)), events.map((e) => e.idempotencyKey ?? null), claims],
    );
    return this.resolveInputOrder(events, ids, inserted);
  }

  /** Each input's own new row, or for a key already held the event holding it (also one used twice in a batch). */
  private async resolveInputOrder(events: TenantNewEvent[], ids: string[], inserted: EventEntity[]): Promise<StoredEvent[]> {
    const byId = new Map(inserted.map((e) => [e.id, e]));
    const conflicted = events.filter((e, i) => !byId.has(ids[i]) && e.idempotencyKey);
    // The key row names the event's created_at too: the lookup goes to one partition.
    const earlier: EventEntity[] = conflicted.length === 0 ? [] : await this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM idempotency_keys k
         JOIN unnest($1::uuid[], $2::text[]) AS q(tenant_id, key) ON k.tenant_id = q.tenant_id AND k.key = q.key
         JOIN events e ON e.id = k.event_id AND e.created_at = k.event_created_at`,
      [conflicted.map((e) => e.tenantId), conflicted.map((e) => e.idempotencyKey)],
    );
    const byKey = new Map(earlier.map((e) => [`${e.tenantId}/${e.idempotencyKey}`, e]));
    return events.map((e, i) => {
      const own = byId.get(ids[i]);
      if (own) return { event: own, created: true };
      const event = byKey.get(`${e.tenantId}/${e.idempotencyKey}`);
      if (!event) throw new Error(`idempotency key ${e.idempotencyKey} conflicted but no event holds it`);
      return { event, created: false };
    });
  }

  /** A tenant's events newest first, optionally of one type, with the count of all that match. */
  async listNewest(tenantId: string, type: string | undefined, limit: number, offset: number): Promise<{ items: EventEntity[]; total: number }> {
    const where = type === undefined ? 'e.tenant_id = $1' : 'e.tenant_id = $1 AND e.type = $2';
    const params: unknown[] = type === undefined ? [tenantId] : [tenantId, type];
    const n = params.length;
    const [items, count] = await Promise.all([
      this.db.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]),
      this.db.query(`SELECT count(*) AS n FROM events e WHERE ${where}`, params),
    ]);
    return { items, total: Number(count[0].n) };
  }

  async findOne(tenantId: string, id: string): Promise<EventEntity | null> {
    return this.db.getRepository(EventEntity).findOne({ where: { tenantId, id } });
  }

  /**
   * Claims up to `limit` pending events old enough that their matching job should have run, marking them swept
   * now: one re-queued is claimed again only after another grace period, so a backlog is paged through, never
   * re-queued whole at every sweep. For the sweeper.
   */
  async claimStalePending(olderThan: Date, limit: number): Promise<EventEntity[]> {
    const [rows]: [EventEntity[], number] = await this.db.query(
      `WITH stale AS (
         SELECT id, created_at FROM events
          WHERE status = 'pending' AND created_at < $1 AND (swept_at IS NULL OR swept_at < $1)
          ORDER BY created_at LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE events e SET swept_at = now() FROM stale WHERE e.id = stale.id AND e.created_at = stale.created_at
       RETURNING ${EVENT_COLUMNS}`,
      [olderThan, limit],
    );
    return rows;
  }
}

/** Postgres array literal, so a text[] per row can travel inside unnest(). */
export function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
