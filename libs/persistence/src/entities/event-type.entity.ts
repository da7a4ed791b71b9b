import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's catalog entry for one event type: a description and, optionally, the JSON Schema its payloads must meet. */
@Entity('event_types')
export class EventTypeEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('text') name: string;
  @Column('text') description: string;
  @Column('jsonb', { nullable: true }) schema: Record<string, unknown> | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
