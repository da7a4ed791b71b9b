import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { isReservedEventType, RESERVED_EVENT_TYPE_PREFIX } from '@app/contracts';
import { NewEvent } from '@app/persistence';
import { describeSchemaError } from './schema-compiler';
import { SchemaRegistry } from './schema-registry';

/**
 * What a publish must meet beyond its DTO: no reserved `notify.*` type, and a payload that matches its type's
 * schema where the catalog has one. One 422 lists every offending event, by index in a batch.
 */
@Injectable()
export class PayloadValidator {
  constructor(private readonly schemas: SchemaRegistry) {}

  async assertPublishable(tenantId: string, items: Pick<NewEvent, 'type' | 'payload'>[], batch: boolean): Promise<void> {
    const where = (i: number) => (batch ? `events[${i}].` : '');
    const problems = items.flatMap((item, i) =>
      isReservedEventType(item.type) ? [`${where(i)}type: types starting with "${RESERVED_EVENT_TYPE_PREFIX}" are reserved for events the platform publishes`] : [],
    );
    if (problems.length === 0) problems.push(...(await this.schemaProblems(tenantId, items, where)));
    if (problems.length > 0) throw new UnprocessableEntityException(problems.slice(0, 100));
  }

  /** Checks a payload against its type's schema (for a test send, whose type may be anything). */
  async assertMatchesSchema(tenantId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    const validate = await this.schemas.validatorFor(tenantId, type);
    if (validate && !validate(payload)) throw new UnprocessableEntityException([describeSchemaError('payload', validate.errors)]);
  }

  private async schemaProblems(tenantId: string, items: Pick<NewEvent, 'type' | 'payload'>[], where: (i: number) => string): Promise<string[]> {
    const types = [...new Set(items.map((item) => item.type))];
    const validators = new Map(await Promise.all(types.map(async (type) => [type, await this.schemas.validatorFor(tenantId, type)] as const)));
    const problems: string[] = [];
    items.forEach((item, i) => {
      const validate = validators.get(item.type);
      if (validate && !validate(item.payload)) problems.push(describeSchemaError(`${where(i)}payload`, validate.errors));
    });
    return problems;
  }
}
