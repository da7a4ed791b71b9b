import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface UserRef {
  tenantId: string;
  userId: string;
}

/** The current token epoch of end users; a user never revoked is at epoch 0 (and has no row). */
@Injectable()
export class UserTokenEpochRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(tenantId: string, userId: string): Promise<number> {
    const rows: { epoch: number }[] = await this.db.query('SELECT epoch FROM user_token_epochs WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
    return rows[0]?.epoch ?? 0;
  }

  /** Makes every token minted so far for this user invalid; returns the new epoch. */
  async advance(tenantId: string, userId: string): Promise<number> {
    const rows: { epoch: number }[] = await this.db.query(
      `INSERT INTO user_token_epochs (tenant_id, user_id, epoch) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET epoch = user_token_epochs.epoch + 1, revoked_at = now()
       RETURNING epoch`,
      [tenantId, userId],
    );
    return rows[0].epoch;
  }

  /** Epochs of many users in one query (periodic re-checks of open sockets); users without a row are left out. */
  async currentOf(users: UserRef[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (users.length === 0) return found;
    const rows: { tenant_id: string; user_id: string; epoch: number }[] = await this.db.query(
      `SELECT e.tenant_id, e.user_id, e.epoch FROM user_token_epochs e
       JOIN unnest($1::uuid[], $2::text[]) AS u(tenant_id, user_id) ON e.tenant_id = u.tenant_id AND e.user_id = u.user_id`,
      [users.map((u) => u.tenantId), users.map((u) => u.userId)],
    );
    for (const row of rows) found.set(userKey(row.tenant_id, row.user_id), row.epoch);
    return found;
  }
}

export function userKey(tenantId: string, userId: string): string {
  return `${tenantId}\u0000${userId}`;
}
