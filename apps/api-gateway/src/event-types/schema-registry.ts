import { Injectable, Logger } from '@nestjs/common';
import { ValidateFunction } from 'ajv/dist/2020';
import { EventTypeRepository } from '@app/persistence';
import { compileSchema } from './schema-compiler';

/** A safety net: a change announcement this gateway missed (Redis blip) is picked up within this long. */
const TTL_MS = 30_000;
/** Bounds memory whatever the number of tenants and types; the oldest entry goes first. */
const MAX_ENTRIES = 20_000;

interface Entry {
  /** null: the type has no schema (no entry, or an entry without one), so its payloads are free-form. */
  validator: Promise<ValidateFunction | null>;
  at: number;
}

/**
 * Compiled payload schemas per tenant per type: compiled once, forgotten when the catalog entry changes on any
 * gateway (EventTypeEventsController) or after TTL_MS, and read again on the next publish of that type.
 */
@Injectable()
export class SchemaRegistry {
  private readonly logger = new Logger(SchemaRegistry.name);
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly eventTypes: EventTypeRepository) {}

  validatorFor(tenantId: string, type: string): Promise<ValidateFunction | null> {
    const key = `${tenantId}\u0000${type}`;
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.validator;
    const validator = this.load(tenantId, type);
    this.entries.delete(key);
    this.entries.set(key, { validator, at: Date.now() });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    validator.catch(() => this.entries.delete(key));
    return validator;
  }

  forget(tenantId: string, type: string): void {
    this.entries.delete(`${tenantId}\u0000${type}`);
  }

  private async load(tenantId: string, type: string): Promise<ValidateFunction | null> {
    const entry = await this.eventTypes.findOne(tenantId, type);
    if (!entry?.schema) return null;
    try {
      return compileSchema(entry.schema);
    } catch (error) {
      // It compiled when it was stored; refusing every publish of the type would be worse than not checking it.
      this.logger.error(`the stored schema of an event type no longer compiles, payloads go unchecked: ${(error as Error).message}`);
      return null;
    }
  }
}
