import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryAttemptEntity, DeliveryEntity, DeliveryStatus, EventEntity, Transport } from '../entities';

export interface NewDelivery {
  id: string;
  tenantId: string;
  eventId: string;
  subscriptionId: string;
  transport: Transport;
}

export interface DeliveryCounts {
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  cancelled: number;
}

function emptyCounts(): DeliveryCounts {
  return { total: 0, succeeded: 0, failed: 0, pending: 0, cancelled: 0 };
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A delivery ready to be tried again, with what a webhook job needs. */
export interface DeliveryToQueue {
  delivery: DeliveryEntity;
  event: Pick<EventEntity, 'id' | 'type' | 'payload' | 'channels' | 'createdAt'>;
}

export const DELIVERY_COLUMNS = `d.id, d.tenant_id AS "tenantId", d.event_id AS "eventId", d.subscription_id AS "subscriptionId",
  d.transport, d.status, d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt",
  d.first_attempt_at AS "firstAttemptAt", d.last_response_status AS "lastResponseStatus", d.lease_until AS "leaseUntil",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

/** Marks events ($1) matched; a data-modifying CTE in recordMatches runs it even though nothing reads it. */
const MARK_MATCHED = `UPDATE events SET status = 'matched', matched_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`;

const WITH_EVENT = `json_build_object('id', e.id, 'type', e.type, 'payload', e.payload, 'channels', e.channels, 'createdAt', e.created_at) AS event`;

@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records the outcome of matching a set of events at once: their deliveries (an existing pair is kept, so a
   * re-run job adds nothing) and their `matched` status, in one statement (atomic, one round trip instead of a
   * transaction's four). A matcher that has not yet heard of a subscription's deletion may still match it: such a
   * delivery is created `cancelled`. Returns the pending deliveries created, the ones to send. A delivery lives in
   * its event's day partition (`event_created_at`, taken from the event row): the same (event, subscription) pair
   * always has the same key, so the unique index still turns a re-run into nothing, and a day's events and
   * deliveries are dropped together.
   */
  async recordMatches(eventIds: string[], deliveries: NewDelivery[]): Promise<NewDelivery[]> {
    if (deliveries.length === 0) {
      await this.db.query(MARK_MATCHED, [eventIds]);
      return [];
    }
    const created: { id: string; status: DeliveryStatus }[] = await this.db.query(
      `WITH created AS (
         INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status, attempt_count, next_attempt_at, created_at, updated_at, event_created_at)
         SELECT v.id, v.tenant_id, v.event_id, v.subscription_id, v.transport,
                CASE WHEN s.deleted_at IS NULL THEN 'pending' ELSE 'cancelled' END, 0, now(), now(), now(), e.created_at
           FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[]) AS v(id, tenant_id, event_id, subscription_id, transport)
           JOIN subscriptions s ON s.id = v.subscription_id
           JOIN events e ON e.id = v.event_id
         ON CONFLICT (event_id, subscription_id, event_created_at) DO NOTHING
         RETURNING id, status
       ), matched AS (${MARK_MATCHED})
       SELECT id, status FROM created`,
      [eventIds, deliveries.map((d) => d.id), deliveries.map((d) => d.tenantId), deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.subscriptionId), deliveries.map((d) => d.transport)],
    );
    const createdIds = new Set(created.filter((row) => row.status === 'pending').map((row) => row.id));
    return deliveries.filter((d) => createdIds.has(d.id));
  }

  async countsForEvent(tenantId: string, eventId: string): Promise<DeliveryCounts> {
    const rows: { status: DeliveryStatus; n: string }[] = await this.db.query(
      'SELECT status, count(*) AS n FROM deliveries WHERE tenant_id = $1 AND event_id = $2 GROUP BY status',
      [tenantId, eventId],
    );
    const counts = emptyCounts();
    for (const row of rows) {
      counts[row.status] = Number(row.n);
      counts.total += Number(row.n);
    }
    return counts;
  }

  /** Delivery counts of several events of one tenant in one query; an event without deliveries is all zeros. */
  async countsForEvents(tenantId: string, eventIds: string[]): Promise<Map<string, DeliveryCounts>> {
    const counts = new Map(eventIds.map((id) => [id, emptyCounts()]));
    if (eventIds.length === 0) return counts;
    const rows: { eventId: string; status: DeliveryStatus; n: string }[] = await this.db.query(
      `SELECT event_id AS "eventId", status, count(*) AS n FROM deliveries
        WHERE tenant_id = $1 AND event_id = ANY($2::uuid[]) GROUP BY event_id, status`,
      [tenantId, eventIds],
    );
    for (const row of rows) {
      const own = counts.get(row.eventId)!;
      own[row.status] = Number(row.n);
      own.total += Number(row.n);
    }
    return counts;
  }

  async listForEvent(tenantId: string, eventId: string, limit: number, offset: number): Promise<Page<DeliveryEntity>> {
    return this.page('d.tenant_id = $1 AND d.event_id = $2', [tenantId, eventId], limit, offset);
  }

  async listForSubscription(tenantId: string, subscriptionId: string, status: DeliveryStatus | undefined, limit: number, offset: number): Promise<Page<DeliveryEntity>> {
    return status
      ? this.page('d.tenant_id = $1 AND d.subscription_id = $2 AND d.status = $3', [tenantId, subscriptionId, status], limit, offset)
      : this.page('d.tenant_id = $1 AND d.subscription_id = $2', [tenantId, subscriptionId], limit, offset);
  }

  private async page(where: string, params: unknown[], limit: number, offset: number): Promise<Page<DeliveryEntity>> {
    const n = params.length;
    const [items, count] = await Promise.all([
      this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE ${where} ORDER BY d.created_at DESC, d.id LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]),
      this.db.query(`SELECT count(*) AS n FROM deliveries d WHERE ${where}`, params),
    ]);
    return { items, total: Number(count[0].n) };
  }

  async findOne(tenantId: string, id: string): Promise<DeliveryEntity | null> {
    const rows: DeliveryEntity[] = await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  async attemptsOf(deliveryId: string): Promise<DeliveryAttemptEntity[]> {
    return this.db.getRepository(DeliveryAttemptEntity).find({ where: { deliveryId }, order: { attemptNumber: 'ASC', startedAt: 'ASC' } });
  }

  /** Cancels these deliveries where still pending (their subscription is gone). */
  async cancelPending(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE deliveries SET status = 'cancelled', lease_until = NULL, next_attempt_at = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids],
    );
    return affected;
  }

  /**
   * Pending deliveries of deleted subscriptions become `cancelled`: a matcher or a retry that raced the delete
   * may have made them after the delete cancelled the rest. The sweeper runs this.
   */
  async cancelOrphaned(): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE deliveries d SET status = 'cancelled', lease_until = NULL, next_attempt_at = NULL, updated_at = now()
         FROM subscriptions s
        WHERE s.id = d.subscription_id AND s.deleted_at IS NOT NULL AND d.status = 'pending'`,
    );
    return affected;
  }

  async cancelPendingForSubscription(subscriptionId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE deliveries SET status = 'cancelled', lease_until = NULL, next_attempt_at = NULL, updated_at = now() WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId],
    );
    return affected;
  }

  /** Makes one delivery pending and due now, whatever its status; returns it with its event. */
  async requeueOne(tenantId: string, id: string): Promise<DeliveryToQueue | null> {
    const rows = await this.requeue('d.tenant_id = $1 AND d.id = $2', [tenantId, id]);
    return rows[0] ?? null;
  }

  /**
   * One page of a recover: the oldest `limit` failed deliveries of a subscription created at or after `since`
   * (and after `after`, the page before's last) are made pending again, in one statement. `last` is where the
   * next page starts, or null when this page was not full. Order is (created_at, id), so a delivery that fails
   * again while the client pages is not picked up twice.
   */
  async requeueFailedSince(tenantId: string, subscriptionId: string, since: Date, limit: number, after?: RecoverPosition): Promise<RecoverPage> {
    const rows: (DeliveryEntity & { event: DeliveryToQueue['event']; positionAt: string })[] = (await this.db.query(
      `WITH picked AS (
         SELECT id, created_at FROM deliveries
          WHERE tenant_id = $1 AND subscription_id = $2 AND status = 'failed' AND created_at >= $3
            AND ($4::timestamptz IS NULL OR (created_at, id) > ($4::timestamptz, $5::uuid))
          ORDER BY created_at, id LIMIT $6 FOR UPDATE)
       UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), lease_until = NULL, updated_at = now()
         FROM events e, picked p WHERE e.id = d.event_id AND e.created_at = d.event_created_at AND p.id = d.id
       RETURNING ${DELIVERY_COLUMNS}, ${WITH_EVENT},
         to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionAt"`,
      [tenantId, subscriptionId, since, after?.createdAt ?? null, after?.id ?? null, limit],
    ))[0];
    const requeued = rows.map(({ event, positionAt: _, ...delivery }) => ({ delivery: delivery as DeliveryEntity, event }));
    const last = rows.reduce<(typeof rows)[number] | undefined>((max, row) => (!max || positionOf(row) > positionOf(max) ? row : max), undefined);
    return { requeued, last: rows.length === limit && last ? { createdAt: last.positionAt, id: last.id } : null };
  }

  /** A delivery of a deleted subscription is not made pending: it becomes (or stays) `cancelled`. */
  private async requeue(where: string, params: unknown[]): Promise<DeliveryToQueue[]> {
    const [rows]: [(DeliveryEntity & { event: DeliveryToQueue['event'] })[], number] = await this.db.query(
      `UPDATE deliveries d SET status = CASE WHEN s.deleted_at IS NULL THEN 'pending' ELSE 'cancelled' END,
              next_attempt_at = CASE WHEN s.deleted_at IS NULL THEN now() END, lease_until = NULL, updated_at = now()
         FROM events e, subscriptions s WHERE e.id = d.event_id AND e.created_at = d.event_created_at AND s.id = d.subscription_id AND ${where}
       RETURNING ${DELIVERY_COLUMNS}, ${WITH_EVENT}`,
      params,
    );
    return rows.map(({ event, ...delivery }) => ({ delivery: delivery as DeliveryEntity, event }));
  }

  /**
   * Which of these tries may still run: the delivery is pending and has recorded exactly attempt-1 tries.
   * A job run twice (a crash, the sweeper) or a delivery cancelled meanwhile is skipped before sending.
   */
  async stillDue(tries: { deliveryId: string; attempt: number }[]): Promise<Set<string>> {
    if (tries.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT d.id FROM deliveries d JOIN unnest($1::uuid[], $2::int[]) AS t(id, attempt) ON t.id = d.id
        WHERE d.status = 'pending' AND d.attempt_count = t.attempt - 1`,
      [tries.map((t) => t.deliveryId), tries.map((t) => t.attempt)],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Claims up to `limit` pending webhook deliveries whose try is overdue (not those of FIFO subscriptions: their
   * lines are restarted head first, see FifoLineRepository.stalledLines) by more than the grace period (their job
   * may be gone) and marks them due now, so they count as overdue again only after another grace period: each
   * sweep pages on to the next rows instead of re-queueing the same oldest ones over and over.
   */
  async claimOverdueWebhooks(olderThan: Date, limit: number): Promise<DeliveryToQueue[]> {
    const [rows]: [(DeliveryEntity & { event: DeliveryToQueue['event'] })[], number] = await this.db.query(
      `WITH overdue AS (
         SELECT id FROM deliveries
          WHERE status = 'pending' AND transport = 'webhook' AND next_attempt_at < $1
            AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = subscription_id AND s.ordering = 'fifo')
          ORDER BY next_attempt_at LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d SET next_attempt_at = now()
         FROM overdue, events e WHERE d.id = overdue.id AND e.id = d.event_id AND e.created_at = d.event_created_at
       RETURNING ${DELIVERY_COLUMNS}, ${WITH_EVENT}`,
      [olderThan, limit],
    );
    return rows.map(({ event, ...delivery }) => ({ delivery: delivery as DeliveryEntity, event }));
  }
}

/** Where a recover stopped: a delivery's creation time to the microsecond (ISO-8601, UTC) and its id. */
export interface RecoverPosition {
  createdAt: string;
  id: string;
}

export interface RecoverPage {
  requeued: DeliveryToQueue[];
  last: RecoverPosition | null;
}

/** Fixed-width UTC timestamps compare as text in time order; the id breaks ties as Postgres does for uuids. */
function positionOf(row: { positionAt: string; id: string }): string {
  return `${row.positionAt}|${row.id}`;
}
