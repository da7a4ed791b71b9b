import { Injectable, Logger } from '@nestjs/common';
import { ApiKeyRevokedMessage, AppEvent, UserTokensRevokedMessage } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { ApiKeyRepository, userKey, UserTokenEpochRepository } from '@app/persistence';
import { BoundedTtlCache } from './bounded-ttl-cache';
import type { UserTokenClaims } from './user-tokens';

/** How stale a gateway's view of epochs and keys may be when a revocation message is lost. */
const CHECK_TTL_MS = 10_000;
const CACHE_MAX = 100_000;

export type RevocationNotice = { kind: 'user'; message: UserTokensRevokedMessage } | { kind: 'key'; message: ApiKeyRevokedMessage };

/**
 * Whether a well-signed user token still stands: its user's epoch has not moved past it and the key that minted
 * it still exists. Both are cached briefly and updated at once by the Redis notices of a revocation
 * (CredentialEventsController calls userRevoked and keyRevoked).
 */
@Injectable()
export class TokenRevocations {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly epochs = new BoundedTtlCache<number>(CACHE_MAX, CHECK_TTL_MS);
  private readonly keys = new BoundedTtlCache<boolean>(CACHE_MAX, CHECK_TTL_MS);
  private readonly listeners: ((notice: RevocationNotice) => void)[] = [];

  constructor(
    private readonly epochRepository: UserTokenEpochRepository,
    private readonly keyRepository: ApiKeyRepository,
    private readonly events: PubSubClient,
  ) {}

  /** A key was deleted somewhere in the cluster: the tokens it minted end, and listeners close its sockets. */
  keyRevoked(revoked: ApiKeyRevokedMessage): void {
    if (revoked.keyId) this.keys.set(revoked.keyId, false);
    this.listeners.forEach((listener) => listener({ kind: 'key', message: revoked }));
  }

  /** A user's tokens were revoked somewhere in the cluster. */
  userRevoked(message: UserTokensRevokedMessage): void {
    this.applyUserRevocation(message);
  }

  /** Called for every revocation anywhere in the cluster (the WebSocket gateway closes the affected sockets). */
  onRevoked(listener: (notice: RevocationNotice) => void): void {
    this.listeners.push(listener);
  }

  async isCurrent(claims: UserTokenClaims): Promise<boolean> {
    const [epoch, keyExists] = await Promise.all([this.epochOf(claims.tenantId, claims.userId), claims.keyId ? this.keyExists(claims.keyId) : true]);
    return claims.epoch >= epoch && keyExists;
  }

  /** The epoch a token minted now must carry: read from Postgres, never from a cache, so it is never behind. */
  async epochForMinting(tenantId: string, userId: string): Promise<number> {
    const epoch = await this.epochRepository.current(tenantId, userId);
    this.epochs.set(userKey(tenantId, userId), epoch);
    return epoch;
  }

  /** Every token of the user minted so far stops working, here at once and elsewhere as the notice arrives. */
  async revokeUser(tenantId: string, userId: string): Promise<void> {
    const epoch = await this.epochRepository.advance(tenantId, userId);
    const message: UserTokensRevokedMessage = { tenantId, userId, epoch };
    this.applyUserRevocation(message);
    await this.events.announce(AppEvent.userTokensRevoked, message).catch((error: Error) => {
      this.logger.warn(`could not broadcast a token revocation (other gateways see it within ${CHECK_TTL_MS / 1000} s): ${error.message}`);
    });
  }

  private applyUserRevocation(message: UserTokensRevokedMessage): void {
    const key = userKey(message.tenantId, message.userId);
    this.epochs.set(key, Math.max(message.epoch, this.epochs.get(key) ?? 0));
    this.listeners.forEach((listener) => listener({ kind: 'user', message }));
  }

  private async epochOf(tenantId: string, userId: string): Promise<number> {
    const key = userKey(tenantId, userId);
    const cached = this.epochs.get(key);
    if (cached !== undefined) return cached;
    const epoch = await this.epochRepository.current(tenantId, userId);
    this.epochs.set(key, epoch);
    return epoch;
  }

  private async keyExists(keyId: string): Promise<boolean> {
    const cached = this.keys.get(keyId);
    if (cached !== undefined) return cached;
    const exists = (await this.keyRepository.existing([keyId])).has(keyId);
    this.keys.set(keyId, exists);
    return exists;
  }
}
