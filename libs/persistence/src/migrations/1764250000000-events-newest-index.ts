import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /v1/events` pages a tenant's events newest first; without this index that is a sort of every event the
 * tenant ever published. `id` breaks ties between events stored in the same instant, so pages never overlap.
 */
export class EventsNewestIndex1764250000000 implements MigrationInterface {
  name = 'EventsNewestIndex1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS events_tenant_newest_idx ON events (tenant_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_tenant_newest_idx`);
  }
}
