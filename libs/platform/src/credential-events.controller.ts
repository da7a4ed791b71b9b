import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiKeyCreatedMessage, ApiKeyRevokedMessage, AppEvent, UserTokensRevokedMessage } from '@app/contracts';
import { ApiKeyCache } from './api-key-cache';
import { TokenRevocations } from './token-revocations';

/**
 * Credential changes made anywhere in the cluster, for the apps that check credentials (the gateways): a deleted
 * key and a revoked user stop working at once everywhere, a created key leaves every cache of unknown keys.
 */
@Controller()
export class CredentialEventsController {
  constructor(
    private readonly keys: ApiKeyCache,
    private readonly tokens: TokenRevocations,
  ) {}

  @EventPattern(AppEvent.apiKeyRevoked)
  onKeyRevoked(@Payload() message: ApiKeyRevokedMessage): void {
    this.keys.evict(message.keyHash);
    this.tokens.keyRevoked(message);
  }

  @EventPattern(AppEvent.apiKeyCreated)
  onKeyCreated(@Payload() { keyHash }: ApiKeyCreatedMessage): void {
    this.keys.created(keyHash);
  }

  @EventPattern(AppEvent.userTokensRevoked)
  onUserTokensRevoked(@Payload() message: UserTokensRevokedMessage): void {
    this.tokens.userRevoked(message);
  }
}
