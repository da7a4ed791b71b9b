import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorResponse } from '@app/platform';
import { describeRoutes } from './routes';

const DESCRIPTION = [
  'REST API of the notify platform: tenants and keys (admin), subscriptions, events, deliveries, pull subscriptions,',
  'in-app notifications and the per-user inbox. Real-time delivery is over WebSocket at `/v1/ws` on the ws-gateway',
  '(not describable in OpenAPI; see docs/API.md). Every error body is `{statusCode, error, message}`.',
].join(' ');

/** The api-gateway's OpenAPI 3 document, built from its controllers and DTOs. Needs no database: metadata only. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  describeRoutes();
  const config = new DocumentBuilder()
    .setTitle('notify-platform API')
    .setDescription(DESCRIPTION)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A tenant API key' }, 'tenantKey')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A tenant API key, as a header' }, 'tenantKeyHeader')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user token (POST /v1/users/:userId/tokens)' }, 'userToken')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponse],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) if (isOperation(method)) completeOperation(path, method, operation);
  }
  optionalWhereDefaulted(document);
  return document;
}

/**
 * The plugin marks every property without `?` required, but `limit = 50` has a default precisely because the
 * client may leave it out (the DTOs keep it non-optional so services see a number).
 */
function optionalWhereDefaulted(document: OpenAPIObject): void {
  for (const schema of Object.values(document.components?.schemas ?? {}) as SchemaObject[]) {
    const defaulted = (name: string) => (schema.properties?.[name] as SchemaObject | undefined)?.default !== undefined;
    if (schema.required) schema.required = schema.required.filter((name) => !defaulted(name));
    if (schema.required?.length === 0) delete schema.required;
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      for (const parameter of operation?.parameters ?? []) {
        if ('in' in parameter && (parameter.schema as SchemaObject | undefined)?.default !== undefined) parameter.required = false;
      }
    }
  }
}

/** GET /docs (Swagger UI) and GET /docs/openapi.json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
}

type OperationObject = OpenAPIObject['paths'][string]['get'] & object;

function isOperation(method: string): boolean {
  return ['get', 'post', 'put', 'patch', 'delete'].includes(method);
}

/** Security and error answers follow from the route's kind, the same rules the guards and pipes apply. */
function completeOperation(path: string, method: string, operation: OperationObject): void {
  if (path === '/health') return addErrors(operation, [503]);
  operation.security = securityOf(path);
  const hasBody = operation.requestBody !== undefined;
  const hasInput = hasBody || (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query');
  const namesObject = /\{[^}]+\}/.test(path) && !(method === 'delete' && path === '/v1/subscriptions/{id}');
  const codes = [401, 403, 429, 503];
  if (hasBody) codes.push(400, 413);
  if (hasInput || hasBody) codes.push(422);
  if (namesObject) codes.push(404);
  if (path.includes('/messages')) codes.push(409);
  addErrors(operation, codes);
}

function securityOf(path: string): Record<string, string[]>[] {
  if (path.startsWith('/v1/tenants') || path.startsWith('/v1/api-keys')) return [{ admin: [] }];
  if (path.startsWith('/v1/me/')) return [{ userToken: [] }];
  return [{ tenantKey: [] }, { tenantKeyHeader: [] }];
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON',
  401: 'Missing or invalid credentials',
  403: 'A valid credential of the wrong kind',
  404: 'Not found, or owned by another tenant',
  409: 'Conflict (e.g. polling a subscription that is not a pull subscription)',
  413: 'Body over MAX_BODY_BYTES (1 MiB)',
  422: 'Validation failed: one message per offending field, naming it',
  429: 'Rate limited; see Retry-After',
  503: 'Postgres or Redis unreachable',
};

function addErrors(operation: OperationObject, codes: number[]): void {
  for (const code of codes.sort()) {
    const response: ResponseObject = { description: ERROR_TEXT[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } };
    if (code === 429) response.headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    operation.responses[String(code)] ??= response;
  }
}
