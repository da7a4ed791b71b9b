import { readFileSync } from 'node:fs';
import type * as Api from './generated/api-types';
import type { Delivery, EventType, Page, Subscription } from './types';

interface SchemaObject {
  properties?: Record<string, { nullable?: boolean }>;
  required?: string[];
}
interface OpenApiDocument {
  components: { schemas: Record<string, SchemaObject> };
}

// A plain script (it runs before anything is built), so required rather than imported.
const generator = require('../../../scripts/sdk-types') as { renderApiTypes(document: OpenApiDocument): string; source: string; target: string };

const committedTypes = () => readFileSync(generator.target, 'utf8');
const openApiDocument = (): OpenApiDocument => JSON.parse(readFileSync(generator.source, 'utf8'));

/** True only when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The SDK's response types are aliases of generated/api-types.ts, which must be what docs/openapi.json says today
 * (itself compared with the api-gateway's response classes by test/openapi.e2e-spec.ts): a shape changed in one
 * place only fails here or there, never ships.
 */
describe('SDK types generated from the OpenAPI document', () => {
  it('are what scripts/sdk-types.js generates from the committed docs/openapi.json (run `npm run openapi` when this fails)', () => {
    expect(generator.renderApiTypes(openApiDocument())).toBe(committedTypes());
  });

  it('would differ from the committed file after a field is dropped or its nullability changes', () => {
    const dropped = openApiDocument();
    const subscription = dropped.components.schemas.SubscriptionResponse;
    delete subscription.properties!.ordering;
    subscription.required = subscription.required!.filter((name) => name !== 'ordering');
    expect(generator.renderApiTypes(dropped)).not.toBe(committedTypes());

    const renullable = openApiDocument();
    renullable.components.schemas.DeliveryResponse.properties!.nextAttemptAt.nullable = false;
    expect(generator.renderApiTypes(renullable)).not.toBe(committedTypes());
  });

  it("keep the generic Page the same shape as every page the API answers (checked by tsc: `npm run typecheck`)", () => {
    const pages: [
      Same<Page<Subscription>, Api.SubscriptionPageResponse>,
      Same<Page<Delivery>, Api.DeliveryPageResponse>,
      Same<Page<EventType>, Api.EventTypePageResponse>,
      Same<Page<Api.EventSummaryResponse>, Api.EventPageResponse>,
    ] = [true, true, true, true];
    expect(pages).toEqual([true, true, true, true]);
  });
});
