import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './guards';

/** The tenant id a TenantGuard put on the request. */
export const TenantId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().tenantId!;
});

/** The end user a UserGuard put on the request. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().user!;
});

/** The id of the API key a TenantGuard accepted. */
export const ApiKeyId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().apiKeyId!;
});
