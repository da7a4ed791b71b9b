import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Secrets the cluster generates once and shares through Postgres (e.g. the user-token key when none is configured). */
@Entity('system_secrets')
export class SystemSecretEntity {
  @PrimaryColumn('text') name: string;
  @Column('text') value: string;
}
