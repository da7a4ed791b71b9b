import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Transport } from './subscription.entity';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'cancelled'];

/** One (event, subscription) pair. For pull/websocket, `leaseUntil` hides a handed-out message until it expires. */
@Entity('deliveries')
export class DeliveryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('uuid', { name: 'subscription_id' }) subscriptionId: string;
  @Column('text') transport: Transport;
  @Column('text') status: DeliveryStatus;
  @Column('int', { name: 'attempt_count' }) attemptCount: number;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  @Column('timestamptz', { name: 'first_attempt_at', nullable: true }) firstAttemptAt: Date | null;
  @Column('int', { name: 'last_response_status', nullable: true }) lastResponseStatus: number | null;
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
