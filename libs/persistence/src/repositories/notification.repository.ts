import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { distinctUuids, isUuid, NotificationResponse } from '@app/contracts';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '../entities';

export interface NewNotification {
  userId: string;
  type: string;
  message: string;
  meta?: Record<string, unknown> | null;
}

export interface NotificationListQuery {
  type?: string;
  since?: Date;
  unreadOnly?: boolean;
  limit: number;
  offset: number;
}

const COLUMNS = `id, seq, tenant_id AS "tenantId", user_id AS "userId", type, message, meta, read, created_at AS "createdAt"`;

@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One statement for the whole batch; rows come back in input order with their `seq`. */
  async insertMany(tenantId: string, items: NewNotification[]): Promise<NotificationEntity[]> {
    const ids = items.map(() => randomUUID());
    const rows: NotificationEntity[] = await this.db.query(
      `INSERT INTO notifications (id, tenant_id, user_id, type, message, meta, read, created_at)
       SELECT id, $1, user_id, type, message, meta, false, clock_timestamp()
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) WITH ORDINALITY AS v(id, user_id, type, message, meta, n)
        ORDER BY n
       RETURNING ${COLUMNS}`,
      [tenantId, ids, items.map((i) => i.userId), items.map((i) => i.type), items.map((i) => i.message),
        items.map((i) => (i.meta === undefined || i.meta === null ? null : JSON.stringify(i.meta)))],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)!);
  }

  /** Returns the ids (lower case) that named a notification of this tenant and are now gone. */
  async deleteByIds(tenantId: string, ids: string[]): Promise<Set<string>> {
    const wanted = distinctUuids(ids);
    if (wanted.length === 0) return new Set();
    const [rows]: [{ id: string }[], number] = await this.db.query(
      'DELETE FROM notifications WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id',
      [tenantId, wanted],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Newest first; (tenant_id, user_id, seq DESC) serves both the order and the filters. */
  async list(tenantId: string, userId: string, query: NotificationListQuery): Promise<{ items: NotificationEntity[]; total: number }> {
    const qb = this.db.getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.tenant_id = :tenantId AND n.user_id = :userId', { tenantId, userId })
      .orderBy('n.seq', 'DESC')
      .take(query.limit)
      .skip(query.offset);
    if (query.type !== undefined) qb.andWhere('n.type = :type', { type: query.type });
    if (query.since !== undefined) qb.andWhere('n.created_at >= :since', { since: query.since });
    if (query.unreadOnly) qb.andWhere('NOT n.read');
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** Marks read; returns every id (lower case) that names a notification of this user, read before or not. */
  async markRead(tenantId: string, userId: string, ids: string[]): Promise<Set<string>> {
    const wanted = distinctUuids(ids);
    if (wanted.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `WITH mine AS (SELECT id, read FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND id = ANY($3::uuid[])),
            changed AS (UPDATE notifications n SET read = true FROM mine WHERE n.id = mine.id AND NOT mine.read)
       SELECT id FROM mine`,
      [tenantId, userId, wanted],
    );
    return new Set(rows.map((row) => row.id));
  }

  async markAllRead(tenantId: string, userId: string): Promise<void> {
    await this.db.query('UPDATE notifications SET read = true WHERE tenant_id = $1 AND user_id = $2 AND NOT read', [tenantId, userId]);
  }

  async countUnread(tenantId: string, userId: string): Promise<number> {
    const rows: { count: string }[] = await this.db.query(
      'SELECT count(*) AS count FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND NOT read',
      [tenantId, userId],
    );
    return Number(rows[0].count);
  }

  /** The `seq` of one of this user's notifications, for `?since=` replay; undefined when it names none. */
  async seqOf(tenantId: string, userId: string, id: string): Promise<string | undefined> {
    if (!isUuid(id)) return undefined;
    const rows: { seq: string }[] = await this.db.query(
      'SELECT seq FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND id = $3',
      [tenantId, userId, id],
    );
    return rows[0]?.seq;
  }

  /** The user's notifications after `afterSeq`, oldest first, at most `limit`. */
  async listAfter(tenantId: string, userId: string, afterSeq: string, limit: number): Promise<NotificationEntity[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM notifications
        WHERE tenant_id = $1 AND user_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [tenantId, userId, afterSeq, limit],
    );
  }
}

/** The wire shape of a notification (list items, the live push, the `?since=` replay). */
export type NotificationView = NotificationResponse;

export function toNotificationView(row: NotificationEntity): NotificationView {
  return { id: row.id, type: row.type, message: row.message, meta: row.meta ?? null, ts: new Date(row.createdAt).getTime(), read: row.read };
}
