import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { createDayPartition, daysInDefault, defaultPartitionName, existingPartitions, missingPartitions, PARTITION_KEY, Sql } from './partition-ddl';
import { addDays, daysToCreate, partitionName, partitionsToDrop, PARTITIONED_TABLES, retentionCutoff } from './partition-days';

/** Days of partitions kept ready beyond today: the job may miss runs for this long before inserts reach DEFAULT. */
export const DAYS_AHEAD = 3;
/** Any key; the same on every instance, so only one of them maintains at a time. */
export const MAINTENANCE_LOCK = 7226002;
/**
 * How long one DDL statement may wait for its lock. Creating or dropping a partition takes a brief ACCESS EXCLUSIVE
 * lock on the parent table; waiting behind a long query would make every insert queue behind the waiting DDL. Past
 * this it gives up, and the next run tries again (partitions are made days ahead, so nothing is late).
 */
const LOCK_TIMEOUT = '500ms';
/** Rows per DELETE of the row-by-row cleanups, so each statement is short and locks few rows. */
const BATCH = 1000;
/** The idempotency guarantee: a key is kept this long after its event was published. */
const IDEMPOTENCY_WINDOW = '24 hours';

export interface RetentionPolicy {
  retentionDays: number;
  notificationRetentionDays: number;
}

export interface MaintenanceReport {
  created: string[];
  dropped: string[];
  /** Rows of the DEFAULT partitions older than the retention, deleted in batches (normally zero). */
  defaultRowsDeleted: number;
  idempotencyKeysDeleted: number;
  notificationsDeleted: number;
  /** Statements that gave up waiting for their lock; the next run does them. */
  skipped: string[];
}

/**
 * The one job that keeps Postgres small: creates the coming days' partitions, drops the ones wholly older than
 * RETENTION_DAYS, and deletes expired idempotency keys and old read notifications in small batches. `now` is a
 * parameter so tests can move the clock. One instance runs it at a time (a session-level advisory lock).
 */
@Injectable()
export class RetentionMaintenance {
  private readonly logger = new Logger(RetentionMaintenance.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs maintenance unless another instance holds the lock right now; then returns null and does nothing. */
  async runOnce(now: Date, policy: RetentionPolicy): Promise<MaintenanceReport | null> {
    const session = this.db.createQueryRunner();
    try {
      const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1) AS locked', [MAINTENANCE_LOCK]);
      if (!locked) return null;
      try {
        return await this.maintain(session, now, policy);
      } finally {
        await session.query('SELECT pg_advisory_unlock($1)', [MAINTENANCE_LOCK]);
      }
    } finally {
      await session.release();
    }
  }

  private async maintain(session: QueryRunner, now: Date, policy: RetentionPolicy): Promise<MaintenanceReport> {
    const report: MaintenanceReport = { created: [], dropped: [], defaultRowsDeleted: 0, idempotencyKeysDeleted: 0, notificationsDeleted: 0, skipped: [] };
    await this.createAhead(session, now, policy.retentionDays, report);
    await this.dropExpired(session, now, policy.retentionDays, report);
    const cutoff = retentionCutoff(now, policy.retentionDays);
    for (const table of PARTITIONED_TABLES) {
      report.defaultRowsDeleted += await this.deleteInBatches(session, defaultPartitionName(table), `${PARTITION_KEY[table]} < $1`, [cutoff]);
    }
    report.idempotencyKeysDeleted = await this.deleteInBatches(session, 'idempotency_keys', `created_at < $1::timestamptz - interval '${IDEMPOTENCY_WINDOW}'`, [now]);
    report.notificationsDeleted = await this.deleteInBatches(session, 'notifications', 'read AND created_at < $1', [retentionCutoff(now, policy.notificationRetentionDays)]);
    return report;
  }

  /**
   * Today's and the next days' partitions, and those of any retained day whose rows sit in a DEFAULT partition (they
   * move into it); stray rows older than the retention are deleted from DEFAULT instead.
   */
  private async createAhead(session: QueryRunner, now: Date, retentionDays: number, report: MaintenanceReport): Promise<void> {
    const cutoff = retentionCutoff(now, retentionDays).getTime();
    const strayDays: Date[] = [];
    for (const table of PARTITIONED_TABLES) strayDays.push(...(await daysInDefault(session, table)));
    const days = [...daysToCreate(now, DAYS_AHEAD), ...strayDays.filter((day) => addDays(day, 1).getTime() > cutoff)];
    for (const { table, day } of missingPartitions(await existingPartitions(session), days)) {
      const name = partitionName(table, day);
      if (report.skipped.length === 0 && await this.inShortLockedTransaction(session, (sql) => createDayPartition(sql, table, day))) report.created.push(name);
      else report.skipped.push(`create ${name}`);
    }
  }

  /** Drops whole partitions: one short catalog change each, however many rows they hold. */
  private async dropExpired(session: QueryRunner, now: Date, retentionDays: number, report: MaintenanceReport): Promise<void> {
    for (const name of partitionsToDrop([...(await existingPartitions(session))], now, retentionDays)) {
      // After one lock wait gave up, the rest waits for the next run: a busy table is not made to wait again and again.
      if (report.skipped.length === 0 && await this.inShortLockedTransaction(session, (sql) => sql.query(`DROP TABLE IF EXISTS ${name}`))) report.dropped.push(name);
      else report.skipped.push(`drop ${name}`);
    }
  }

  /** Runs `work` in its own transaction with a short lock_timeout; false when it gave up waiting for a lock. */
  private async inShortLockedTransaction(session: QueryRunner, work: (sql: Sql) => Promise<unknown>): Promise<boolean> {
    await session.startTransaction();
    try {
      await session.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await work(session);
      await session.commitTransaction();
      return true;
    } catch (error) {
      await session.rollbackTransaction();
      if ((error as { code?: string }).code !== '55P03') throw error; // lock_not_available
      this.logger.warn(`retention: a lock was busy for ${LOCK_TIMEOUT}; the next run tries again`);
      return false;
    }
  }

  /** Deletes matching rows a batch at a time (each its own short statement) until none are left. */
  private async deleteInBatches(session: QueryRunner, table: string, where: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await session.query(
        `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${where} LIMIT ${BATCH}))`,
        params,
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
