import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-subscription delivery pacing: `rate_limit_per_second` (null = none) and `ordering` ('none' | 'fifo'), and
 * `fifo_lines`, one row per FIFO subscription saying which delivery holds its line and until when (a lease, so a
 * crashed deliverer's line is picked up again). Constant defaults and a new table: no rewrite, no long lock.
 */
export class DeliveryPacing1764400000000 implements MigrationInterface {
  name = 'DeliveryPacing1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions
      ADD COLUMN rate_limit_per_second int CHECK (rate_limit_per_second BETWEEN 1 AND 10000),
      ADD COLUMN ordering text NOT NULL DEFAULT 'none' CHECK (ordering IN ('none', 'fifo'))`);
    await q.query(`CREATE TABLE fifo_lines (
      subscription_id uuid PRIMARY KEY REFERENCES subscriptions(id) ON DELETE CASCADE,
      delivery_id uuid,
      lease_until timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fifo_lines`);
    await q.query(`ALTER TABLE subscriptions DROP COLUMN rate_limit_per_second, DROP COLUMN ordering`);
  }
}
