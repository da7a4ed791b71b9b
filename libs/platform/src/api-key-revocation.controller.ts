import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AppEvent, ApiKeyRevokedMessage } from '@app/contracts';
import { ApiKeyCache } from './api-key-cache';

/** Every app that caches API keys lists this controller, so a key deleted anywhere stops working everywhere. */
@Controller()
export class ApiKeyRevocationController {
  constructor(private readonly cache: ApiKeyCache) {}

  @EventPattern(AppEvent.apiKeyRevoked)
  onRevoked(@Payload() { keyHash }: ApiKeyRevokedMessage): void {
    this.cache.revoked(keyHash);
  }
}
