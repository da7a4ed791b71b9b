import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type Transport = 'webhook' | 'pull' | 'websocket';
export const TRANSPORTS: Transport[] = ['webhook', 'pull', 'websocket'];
export type HttpMethod = 'POST' | 'PUT' | 'GET';
export const HTTP_METHODS: HttpMethod[] = ['POST', 'PUT', 'GET'];
export type SubscriptionStatus = 'active' | 'disabled';
/** `fifo`: one delivery in flight at a time, in publish order. */
export type DeliveryOrdering = 'none' | 'fifo';
export const DELIVERY_ORDERINGS: DeliveryOrdering[] = ['none', 'fifo'];

@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') name: string;
  @Column('text') transport: Transport;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { name: 'http_method' }) httpMethod: HttpMethod;
  @Column('jsonb') headers: Record<string, string>;
  @Column('text', { name: 'event_types', array: true }) eventTypes: string[];
  @Column('text', { array: true }) channels: string[];
  @Column('jsonb') filter: Record<string, unknown>;
  @Column('boolean', { name: 'is_active' }) isActive: boolean;
  @Column('text') status: SubscriptionStatus;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column('text') secret: string;
  /** The secret a rotation replaced; deliveries are signed with it too until `previousSecretExpiresAt`. */
  @Column('text', { name: 'previous_secret', nullable: true }) previousSecret: string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt: Date | null;
  @Column('int', { name: 'visibility_timeout' }) visibilityTimeout: number;
  /** Tries per second that may reach the receiver, across all deliverers; null = no limit. */
  @Column('int', { name: 'rate_limit_per_second', nullable: true }) rateLimitPerSecond: number | null;
  @Column('text') ordering: DeliveryOrdering;
  @Column('timestamptz', { name: 'last_success_at', nullable: true }) lastSuccessAt: Date | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
