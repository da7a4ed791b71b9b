import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation of end-user tokens: a token carries the epoch of its (tenant, user) at minting time and is valid only
 * while that epoch is current; revoking increments it. An epoch rather than a timestamp, so gateways with
 * skewed clocks agree, and a token minted right after a revocation works at once.
 */
export class UserTokenEpochs1765000000000 implements MigrationInterface {
  name = 'UserTokenEpochs1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_token_epochs (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        user_id text NOT NULL,
        epoch int NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE user_token_epochs');
  }
}
