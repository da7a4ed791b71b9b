import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { isReservedEventType } from '@app/contracts';
import { SubscriptionEntity, Transport } from '../entities';
import { PerTenantTurns } from './per-tenant-turns';

export interface SubscriptionListQuery {
  q?: string;
  transport?: Transport;
  eventType?: string;
  limit: number;
  offset: number;
}

export type NewSubscription = Omit<SubscriptionEntity,
  'createdAt' | 'updatedAt' | 'lastSuccessAt' | 'deletedAt' | 'status' | 'disabledReason' | 'previousSecret' | 'previousSecretExpiresAt'>;

@Injectable()
export class SubscriptionRepository {
  private readonly creates = new PerTenantTurns();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get subscriptions() {
    return this.db.getRepository(SubscriptionEntity);
  }

  /**
   * Creates the subscription unless the tenant already has `max` live ones; returns null then. A per-tenant
   * advisory lock held to the end of the transaction makes count-and-insert atomic across gateways; a tenant's
   * creates take turns in this process first, so its waiters hold one pooled connection, not the pool.
   */
  async createWithinLimit(fields: NewSubscription, max: number): Promise<SubscriptionEntity | null> {
    const status = fields.isActive ? 'active' : 'disabled';
    return this.creates.run(fields.tenantId, () =>
      this.db.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('subscriptions:' || $1, 0))`, [fields.tenantId]);
        const live = await manager.count(SubscriptionEntity, { where: { tenantId: fields.tenantId, deletedAt: IsNull() } });
        if (live >= max) return null;
        return manager.save(manager.create(SubscriptionEntity, { ...fields, status, disabledReason: null }));
      }),
    );
  }

  async findOne(tenantId: string, id: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOne({ where: { tenantId, id, deletedAt: IsNull() } });
  }

  /** For workers that hold an id from a job; deleted ones are returned too so the caller can tell. */
  async findForDelivery(id: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOne({ where: { id } });
  }

  /**
   * What sending needs, for the deliverer's cache: not the filter (up to 1 MiB), types, channels or name, which
   * matching uses and sending does not.
   */
  async findDeliveryTarget(id: string): Promise<DeliveryTarget | null> {
    return this.subscriptions.findOne({ where: { id }, select: [...DELIVERY_TARGET_COLUMNS] });
  }

  async list(tenantId: string, query: SubscriptionListQuery): Promise<{ items: SubscriptionEntity[]; total: number }> {
    const qb = this.subscriptions
      .createQueryBuilder('s')
      .where('s.tenant_id = :tenantId AND s.deleted_at IS NULL', { tenantId })
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(s.name ILIKE :pattern OR s.url ILIKE :pattern)', { pattern });
    }
    if (query.transport) qb.andWhere('s.transport = :transport', { transport: query.transport });
    if (query.eventType && isReservedEventType(query.eventType)) {
      // Catch-all subscriptions are not sent the platform's own notify.* events (see SubscriptionIndex).
      qb.andWhere(`s.event_types && ARRAY[:eventType]::text[]`, { eventType: query.eventType });
    } else if (query.eventType) {
      qb.andWhere(`(cardinality(s.event_types) = 0 OR s.event_types && ARRAY[:eventType, '*']::text[])`, { eventType: query.eventType });
    }
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async save(subscription: SubscriptionEntity): Promise<SubscriptionEntity> {
    return this.subscriptions.save(subscription);
  }

  /** Soft delete: deliveries keep pointing at it. Returns whether a live subscription was deleted. */
  async softDelete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.subscriptions.update({ tenantId, id, deletedAt: IsNull() }, { deletedAt: new Date(), isActive: false });
    return (result.affected ?? 0) > 0;
  }

  async listActive(tenantId: string): Promise<SubscriptionEntity[]> {
    return this.subscriptions.find({ where: { tenantId, isActive: true, status: 'active', deletedAt: IsNull() } });
  }

  /** Every subscription of the tenant changed since `since`, deleted and disabled ones too (for index refreshes). */
  async listChangedSince(tenantId: string, since: Date): Promise<SubscriptionEntity[]> {
    return this.subscriptions.find({ where: { tenantId, updatedAt: MoreThan(since) } });
  }

  /** Disables unless a delivery succeeded since `since`; returns whether it did. */
  async disableUnlessSucceededSince(id: string, since: Date, reason: string): Promise<boolean> {
    const rows: unknown[][] = await this.db.query(
      `UPDATE subscriptions SET status = 'disabled', is_active = false, disabled_reason = $3, updated_at = now()
        WHERE id = $1 AND status = 'active' AND deleted_at IS NULL AND (last_success_at IS NULL OR last_success_at < $2)
        RETURNING id`,
      [id, since, reason],
    );
    return (rows[0]?.length ?? 0) > 0;
  }

  /** One row per subscription per batch, so many successes cost one write. */
  async recordSuccesses(lastSuccessById: Map<string, Date>): Promise<void> {
    if (lastSuccessById.size === 0) return;
    await this.db.query(
      `UPDATE subscriptions s SET last_success_at = GREATEST(COALESCE(s.last_success_at, v.at), v.at)
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE s.id = v.id`,
      [[...lastSuccessById.keys()], [...lastSuccessById.values()]],
    );
  }
}

const DELIVERY_TARGET_COLUMNS = [
  'id', 'tenantId', 'transport', 'url', 'httpMethod', 'headers', 'secret', 'previousSecret', 'previousSecretExpiresAt',
  'rateLimitPerSecond', 'ordering', 'isActive', 'status', 'deletedAt',
] as const satisfies readonly (keyof SubscriptionEntity)[];

/** A subscription as the deliverer sends to it. */
export type DeliveryTarget = Pick<SubscriptionEntity, (typeof DELIVERY_TARGET_COLUMNS)[number]>;
