import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryStatus } from '../entities';

/** One finished HTTP try and the delivery state it leads to. */
export interface AttemptOutcome {
  attemptId: string;
  deliveryId: string;
  tenantId: string;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

@Injectable()
export class AttemptRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Writes many attempts and their delivery updates in one statement. A delivery moves only from the attempt
   * count the try started from, so a duplicate or stale try (a job run twice) records nothing.
   * Returns the ids of the deliveries whose outcome was recorded. An attempt lives in its event's day partition,
   * like its delivery, so retention drops an event with all its deliveries and attempts at once.
   */
  async recordOutcomes(outcomes: AttemptOutcome[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const rows: { delivery_id: string }[] = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
           AS i(attempt_id, delivery_id, tenant_id, attempt_number, started_at, duration_ms, response_status, response_body, error, status, next_attempt_at)
       ), moved AS (
         UPDATE deliveries d SET status = i.status, attempt_count = i.attempt_number, next_attempt_at = i.next_attempt_at,
                first_attempt_at = COALESCE(d.first_attempt_at, i.started_at), last_response_status = i.response_status, updated_at = now()
           FROM input i
          WHERE d.id = i.delivery_id AND d.attempt_count = i.attempt_number - 1 AND d.status = 'pending'
         RETURNING d.id, d.event_created_at
       )
       INSERT INTO delivery_attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms, response_status, response_body, error, event_created_at)
       SELECT i.attempt_id, i.delivery_id, i.tenant_id, i.attempt_number, i.started_at, i.duration_ms, i.response_status, i.response_body, i.error, m.event_created_at
         FROM input i JOIN moved m ON m.id = i.delivery_id
       RETURNING delivery_id`,
      [
        outcomes.map((o) => o.attemptId), outcomes.map((o) => o.deliveryId), outcomes.map((o) => o.tenantId),
        outcomes.map((o) => o.attemptNumber), outcomes.map((o) => o.startedAt), outcomes.map((o) => o.durationMs),
        outcomes.map((o) => o.responseStatus), outcomes.map((o) => o.responseBody), outcomes.map((o) => o.error),
        outcomes.map((o) => o.status), outcomes.map((o) => o.nextAttemptAt),
      ],
    );
    return new Set(rows.map((row) => row.delivery_id));
  }
}
