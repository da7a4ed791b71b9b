import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryEntity } from '../entities';
import { DELIVERY_COLUMNS, DeliveryToQueue } from './delivery.repository';
import { decideLine, LineState } from './fifo-line-decision';

const WITH_EVENT = `json_build_object('id', e.id, 'type', e.type, 'payload', e.payload, 'channels', e.channels, 'createdAt', e.created_at) AS event`;

/**
 * The lines of FIFO subscriptions, kept in Postgres (`fifo_lines`): which delivery holds each line and until when.
 * Claims for one subscription are serialised by a transaction-scoped advisory lock, so any number of matchers,
 * deliverers, gateways and sweepers may ask to advance the same line at once and at most one head is handed out.
 */
@Injectable()
export class FifoLineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * For each FIFO subscription among `subscriptionIds` whose line is free, hands its head delivery the line for
   * `leaseMs` past the head's due time and returns it with its event, to be queued. Others are left as they are.
   */
  async claimHeads(subscriptionIds: string[], leaseMs: number): Promise<DeliveryToQueue[]> {
    const ids = [...new Set(subscriptionIds)].sort();
    if (ids.length === 0) return [];
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('fifo:' || id, 0)) FROM unnest($1::text[]) AS id ORDER BY id`, [ids]);
      const now = new Date();
      const heads = (await this.lineStates(manager, ids)).flatMap((state) => {
        const decision = decideLine(state, now);
        return decision.kind === 'send' ? [decision.deliveryId] : [];
      });
      return heads.length === 0 ? [] : this.hand(manager, heads, leaseMs);
    });
  }

  private async lineStates(manager: EntityManager, ids: string[]): Promise<LineState[]> {
    return manager.query(
      `SELECT s.id AS "subscriptionId", l.delivery_id AS "holderId", l.lease_until AS "leaseUntil",
              COALESCE((SELECT hd.status = 'pending' FROM deliveries hd WHERE hd.id = l.delivery_id), false) AS "holderPending",
              h.id AS "headId",
              (h.id IS NOT NULL AND EXISTS (SELECT 1 FROM events ev WHERE ev.status = 'pending' AND ev.tenant_id = s.tenant_id
                 AND ev.created_at <= h.event_at AND (ev.created_at, ev.id) < (h.event_at, h.event_id))) AS "olderUnmatched"
         FROM subscriptions s
         LEFT JOIN fifo_lines l ON l.subscription_id = s.id
         LEFT JOIN LATERAL (
           SELECT d.id, e.created_at AS event_at, e.id AS event_id FROM deliveries d JOIN events e ON e.id = d.event_id AND e.created_at = d.event_created_at
            WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.transport = 'webhook'
            ORDER BY e.created_at, e.id LIMIT 1) h ON true
        WHERE s.id = ANY($1::uuid[]) AND s.ordering = 'fifo'`,
      [ids],
    );
  }

  /** Gives each head its line until its due time (a retry's backoff) plus the lease. */
  private async hand(manager: EntityManager, deliveryIds: string[], leaseMs: number): Promise<DeliveryToQueue[]> {
    const rows: (DeliveryEntity & { event: DeliveryToQueue['event'] })[] = await manager.query(
      `WITH lined AS (
         INSERT INTO fifo_lines (subscription_id, delivery_id, lease_until)
         SELECT d.subscription_id, d.id, GREATEST(COALESCE(d.next_attempt_at, now()), now()) + $2 * interval '1 millisecond'
           FROM deliveries d WHERE d.id = ANY($1::uuid[])
         ON CONFLICT (subscription_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id, lease_until = EXCLUDED.lease_until
         RETURNING delivery_id)
       SELECT ${DELIVERY_COLUMNS}, ${WITH_EVENT} FROM deliveries d JOIN lined ON lined.delivery_id = d.id JOIN events e ON e.id = d.event_id AND e.created_at = d.event_created_at`,
      [deliveryIds, leaseMs],
    );
    return rows.map(({ event, ...delivery }) => ({ delivery: delivery as DeliveryEntity, event }));
  }

  /** A head that failed and will be tried again keeps its line through the backoff, until `until`. */
  async extendLeases(leases: { deliveryId: string; until: Date }[]): Promise<void> {
    if (leases.length === 0) return;
    await this.db.query(
      `UPDATE fifo_lines l SET lease_until = v.until FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, until) WHERE l.delivery_id = v.id`,
      [leases.map((l) => l.deliveryId), leases.map((l) => l.until)],
    );
  }

  /** Which of these subscriptions deliver in FIFO order. */
  async fifoAmong(subscriptionIds: string[]): Promise<Set<string>> {
    if (subscriptionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM subscriptions WHERE id = ANY($1::uuid[]) AND ordering = 'fifo'`, [[...new Set(subscriptionIds)]]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * FIFO subscriptions with pending webhook deliveries whose line is free: the holder ended or its lease ran out
   * (a deliverer died mid-try, or Redis lost the job). The sweeper advances them.
   */
  async stalledLines(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM subscriptions s LEFT JOIN fifo_lines l ON l.subscription_id = s.id
        WHERE s.ordering = 'fifo' AND s.deleted_at IS NULL
          AND (l.lease_until IS NULL OR l.lease_until < now()
               OR NOT EXISTS (SELECT 1 FROM deliveries hd WHERE hd.id = l.delivery_id AND hd.status = 'pending'))
          AND EXISTS (SELECT 1 FROM deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.transport = 'webhook')
        LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }
}
