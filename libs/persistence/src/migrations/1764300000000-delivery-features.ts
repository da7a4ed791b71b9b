import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secret rotation with overlap: the secret a rotation replaced, signed alongside the new one until it expires.
 * The event type catalog: a description and an optional JSON Schema per tenant per type.
 * Nullable columns without a default and a new table: instant on a live database.
 */
export class DeliveryFeatures1764300000000 implements MigrationInterface {
  name = 'DeliveryFeatures1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscriptions ADD COLUMN previous_secret text, ADD COLUMN previous_secret_expires_at timestamptz`);
    await q.query(`CREATE TABLE event_types (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      schema jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, name)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_types`);
    await q.query(`ALTER TABLE subscriptions DROP COLUMN previous_secret, DROP COLUMN previous_secret_expires_at`);
  }
}
