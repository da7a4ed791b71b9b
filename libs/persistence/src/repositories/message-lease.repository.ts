import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { distinctUuids, isUuid, PulledMessageResponse } from '@app/contracts';

/** A pull/websocket delivery handed to a consumer, in its wire shape; `id` is the delivery id, stable across redeliveries. */
export type LeasedMessage = PulledMessageResponse;

interface LeasedRow {
  id: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  createdAt: Date;
  deliveryAttempt: number;
  deliveryCreatedAt: Date;
}

/**
 * Leases and acks of pull and websocket deliveries. A pending delivery whose `lease_until` is null or past is ready;
 * leasing hides it until `lease_until`, so an unacked message comes back by itself once its lease runs out.
 */
@Injectable()
export class MessageLeaseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Leases up to `max` ready messages, oldest first. SKIP LOCKED makes concurrent consumers take disjoint sets
   * instead of queueing behind each other; the re-check of the WHERE clause after locking keeps a row another
   * consumer just leased out of this set.
   */
  async lease(tenantId: string, subscriptionId: string, max: number, leaseSeconds: number): Promise<LeasedMessage[]> {
    const [rows]: [LeasedRow[], number] = await this.db.query(
      `WITH ready AS (
         SELECT d.id FROM deliveries d
          WHERE d.subscription_id = $2 AND d.tenant_id = $1 AND d.status = 'pending'
            AND (d.lease_until IS NULL OR d.lease_until <= now())
          ORDER BY d.created_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d
          SET lease_until = now() + make_interval(secs => $4), attempt_count = d.attempt_count + 1,
              first_attempt_at = COALESCE(d.first_attempt_at, now()), updated_at = now()
         FROM ready, events e
        WHERE d.id = ready.id AND e.id = d.event_id AND e.created_at = d.event_created_at
       RETURNING d.id, d.event_id AS "eventId", e.type, e.payload AS data, e.channels, e.created_at AS "createdAt",
                 d.attempt_count AS "deliveryAttempt", d.created_at AS "deliveryCreatedAt"`,
      [tenantId, subscriptionId, max, leaseSeconds],
    );
    // RETURNING has no order of its own.
    rows.sort((a, b) => a.deliveryCreatedAt.getTime() - b.deliveryCreatedAt.getTime() || a.id.localeCompare(b.id));
    return rows.map(({ deliveryCreatedAt: _, createdAt, ...message }) => ({ ...message, createdAt: createdAt.toISOString() }));
  }

  /** Marks pending deliveries of this subscription succeeded; every other id (malformed too) is a failure, as given. */
  async ack(tenantId: string, subscriptionId: string, ids: string[]): Promise<{ acked: number; failures: string[] }> {
    const wellFormed = distinctUuids(ids);
    const [rows]: [{ id: string }[], number] = wellFormed.length === 0 ? [[], 0] : await this.db.query(
      `UPDATE deliveries SET status = 'succeeded', lease_until = NULL, updated_at = now()
        WHERE tenant_id = $1 AND subscription_id = $2 AND status = 'pending' AND id = ANY($3::uuid[])
        RETURNING id`,
      [tenantId, subscriptionId, wellFormed],
    );
    const acked = new Set(rows.map((row) => row.id));
    return { acked: acked.size, failures: ids.filter((id) => !acked.has(id.toLowerCase())) };
  }

  /** Makes leased-but-unacked messages ready again at once (all of the subscription's, or only `ids`). */
  async releaseLeases(tenantId: string, subscriptionId: string, ids?: string[]): Promise<number> {
    const only = ids?.filter(isUuid);
    if (only && only.length === 0) return 0;
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE deliveries SET lease_until = NULL, updated_at = now()
        WHERE tenant_id = $1 AND subscription_id = $2 AND status = 'pending' AND lease_until > now()
          ${only ? 'AND id = ANY($3::uuid[])' : ''}`,
      only ? [tenantId, subscriptionId, only] : [tenantId, subscriptionId],
    );
    return affected;
  }

  /** Soonest lease expiry among this subscription's pending leased messages, or null. */
  async nextLeaseExpiry(subscriptionId: string): Promise<Date | null> {
    const rows: { next: Date | null }[] = await this.db.query(
      `SELECT min(lease_until) AS next FROM deliveries WHERE subscription_id = $1 AND status = 'pending' AND lease_until > now()`,
      [subscriptionId],
    );
    return rows[0]?.next ?? null;
  }

  /**
   * Durable WebSocket deliveries pending since before `olderThan` become 'failed' (the contract keeps them
   * RETRY_MAX_AGE_MS). Pull messages never expire: nothing is dropped while a pull subscription exists. "Since" is
   * next_attempt_at (set when the delivery was created or requeued), so a requeued message gets its full age again.
   */
  async failExpiredWebSocketMessages(olderThan: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.db.query(
      `UPDATE deliveries SET status = 'failed', lease_until = NULL, updated_at = now()
        WHERE status = 'pending' AND transport = 'websocket' AND next_attempt_at < $1`,
      [olderThan],
    );
    return affected;
  }
}
