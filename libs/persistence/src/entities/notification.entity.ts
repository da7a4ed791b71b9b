import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An in-app inbox item of one end user. `seq` gives a total order for paging and `?since=` replay. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text') type: string;
  @Column('text') message: string;
  @Column('jsonb', { nullable: true }) meta: Record<string, unknown> | null;
  @Column('boolean') read: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
