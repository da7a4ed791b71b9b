import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class SystemSecretRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The stored secret `name`; the first caller's `candidate` wins when none is stored yet. */
  async getOrCreate(name: string, candidate: string): Promise<string> {
    await this.db.query('INSERT INTO system_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
    const rows: { value: string }[] = await this.db.query('SELECT value FROM system_secrets WHERE name = $1', [name]);
    return rows[0].value;
  }
}
