import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name text NOT NULL,
        transport text NOT NULL CHECK (transport IN ('webhook', 'pull', 'websocket')),
        url text,
        http_method text NOT NULL DEFAULT 'POST',
        headers jsonb NOT NULL DEFAULT '{}',
        event_types text[] NOT NULL DEFAULT '{}',
        channels text[] NOT NULL DEFAULT '{}',
        filter jsonb NOT NULL DEFAULT '{}',
        is_active boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        disabled_reason text,
        secret text NOT NULL,
        visibility_timeout int NOT NULL DEFAULT 30,
        last_success_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX subscriptions_tenant_idx ON subscriptions (tenant_id, created_at) WHERE deleted_at IS NULL;

      CREATE TABLE events (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        type text NOT NULL,
        payload jsonb NOT NULL,
        channels text[] NOT NULL DEFAULT '{}',
        idempotency_key text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'matched')),
        created_at timestamptz NOT NULL DEFAULT now(),
        matched_at timestamptz
      );
      CREATE UNIQUE INDEX events_idempotency_idx ON events (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX events_pending_idx ON events (created_at) WHERE status = 'pending';

      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        subscription_id uuid NOT NULL,
        transport text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
        attempt_count int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        first_attempt_at timestamptz,
        last_response_status int,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, subscription_id)
      );
      CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, status, created_at);
      CREATE INDEX deliveries_ready_idx ON deliveries (subscription_id, created_at) WHERE status = 'pending';
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';

      CREATE TABLE delivery_attempts (
        id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL,
        attempt_number int NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        response_status int,
        response_body text,
        error text
      );
      CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt_number);

      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        user_id text NOT NULL,
        type text NOT NULL,
        message text NOT NULL,
        meta jsonb,
        read boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, seq DESC);
      CREATE INDEX notifications_unread_idx ON notifications (tenant_id, user_id, seq DESC) WHERE NOT read;

      CREATE TABLE system_secrets (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE system_secrets; DROP TABLE notifications; DROP TABLE delivery_attempts;
      DROP TABLE deliveries; DROP TABLE events; DROP TABLE subscriptions; DROP TABLE api_keys; DROP TABLE tenants;
    `);
  }
}
