import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EventStatus = 'pending' | 'matched';

@Entity('events')
export class EventEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') type: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { array: true }) channels: string[];
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('text') status: EventStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'matched_at', nullable: true }) matchedAt: Date | null;
}
