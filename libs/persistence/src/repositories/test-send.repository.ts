import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventEntity } from '../entities';

export interface RecordedTestSend {
  event: EventEntity;
  deliveryId: string;
}

/** The rows a "send test" leaves, so it shows up in the event and delivery lists like any other try. */
@Injectable()
export class TestSendRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The test event, already `matched` (the matcher and the sweeper never see it, so it reaches no other
   * subscription), and its one pending delivery to `subscriptionId`, in one transaction. The delivery is due
   * only after `sendWithinMs`, so the sweeper does not send it a second time while the test try is in flight;
   * should the gateway die before recording the try, the sweeper sends it later like any stranded delivery.
   */
  async recordTestEvent(tenantId: string, subscriptionId: string, event: { type: string; payload: Record<string, unknown> }, sendWithinMs: number): Promise<RecordedTestSend> {
    return this.db.transaction(async (manager) => {
      const [stored]: EventEntity[] = await manager.query(
        `INSERT INTO events (id, tenant_id, type, payload, channels, status, created_at, matched_at)
         VALUES ($1, $2, $3, $4, '{}', 'matched', clock_timestamp(), clock_timestamp())
         RETURNING id, tenant_id AS "tenantId", type, payload, channels, status, created_at AS "createdAt", matched_at AS "matchedAt"`,
        [randomUUID(), tenantId, event.type, JSON.stringify(event.payload)],
      );
      const deliveryId = randomUUID();
      await manager.query(
        // The delivery goes to its event's day partition: the key is read back in SQL, to the microsecond.
        `INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status, attempt_count, next_attempt_at, created_at, updated_at, event_created_at)
         SELECT $1, $2, e.id, $4, 'webhook', 'pending', 0, now() + $5 * interval '1 millisecond', now(), now(), e.created_at
           FROM events e WHERE e.id = $3`,
        [deliveryId, tenantId, stored.id, subscriptionId, sendWithinMs],
      );
      return { event: stored, deliveryId };
    });
  }
}
