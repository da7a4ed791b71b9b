import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `events.swept_at`: when the sweeper last re-queued a pending event, so it re-queues each stranded event at most
 * once per grace period instead of the same oldest rows at every sweep. Nullable without a default: instant.
 */
export class SweepMarks1764100000000 implements MigrationInterface {
  name = 'SweepMarks1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN swept_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP COLUMN swept_at`);
  }
}
