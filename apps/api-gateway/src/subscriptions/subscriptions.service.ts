import { Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { AppEvent } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { DeliveryOrdering, DeliveryRepository, HttpMethod, SubscriptionEntity, SubscriptionRepository } from '@app/persistence';
import { generateWebhookSecret } from '@app/signing';
import { CreateSubscriptionDto, ListSubscriptionsQuery, RotateSecretDto, UpdateSubscriptionDto } from './dto/subscription.dto';
import {
  CreatedSubscriptionResponse,
  SecretResponse,
  SubscriptionPageResponse,
  SubscriptionResponse,
  toSubscriptionResponse,
} from './dto/subscription.response';
import { assertValidTarget } from './subscription-rules';

@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly config: AppConfig,
    private readonly events: PubSubClient,
  ) {}

  async create(tenantId: string, dto: CreateSubscriptionDto): Promise<CreatedSubscriptionResponse> {
    const transport = dto.transport ?? 'webhook';
    const url = dto.url ?? null;
    assertValidTarget({ url, headers: dto.headers, filter: dto.filter }, this.targetRules);
    const max = this.config.limits.subscriptionsPerTenant;
    const created = await this.subscriptions.createWithinLimit({
      id: randomUUID(),
      tenantId,
      ...SUBSCRIPTION_DEFAULTS,
      ...patchOf(dto),
      transport,
      url,
      secret: generateWebhookSecret(),
    }, max);
    if (!created) {
      throw new UnprocessableEntityException([`this tenant already has ${max} subscriptions (MAX_SUBSCRIPTIONS_PER_TENANT); delete one first`]);
    }
    await this.announceChange(created);
    return { ...toSubscriptionResponse(created), secret: created.secret };
  }

  private get targetRules() {
    return { allowPrivateTargets: this.config.allowPrivateTargets, maxFilterNodes: this.config.limits.filterNodes };
  }

  async list(tenantId: string, query: ListSubscriptionsQuery): Promise<SubscriptionPageResponse> {
    const { items, total } = await this.subscriptions.list(tenantId, query);
    return { items: items.map(toSubscriptionResponse), total, limit: query.limit, offset: query.offset };
  }

  async get(tenantId: string, id: string): Promise<SubscriptionResponse> {
    return toSubscriptionResponse(await this.require(tenantId, id));
  }

  async update(tenantId: string, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionResponse> {
    const subscription = await this.require(tenantId, id);
    const merged = { ...subscription, ...patchOf(dto) };
    assertValidTarget({ url: merged.url, headers: merged.headers, filter: dto.filter }, this.targetRules);
    if (dto.isActive !== undefined) {
      merged.status = merged.isActive ? 'active' : 'disabled';
      merged.disabledReason = merged.isActive ? null : 'deactivated through the API';
    }
    const saved = await this.subscriptions.save(merged);
    await this.announceChange(saved);
    return toSubscriptionResponse(saved);
  }

  /** Idempotent: unknown ids are fine. Pending deliveries are cancelled so nothing is sent after the 204. */
  async delete(tenantId: string, id: string): Promise<void> {
    const subscription = await this.subscriptions.findOne(tenantId, id);
    if (!subscription || !(await this.subscriptions.softDelete(tenantId, id))) return;
    await this.deliveries.cancelPendingForSubscription(id);
    await this.announceChange(subscription);
  }

  async secret(tenantId: string, id: string): Promise<SecretResponse> {
    return { secret: (await this.require(tenantId, id)).secret };
  }

  /** The replaced secret keeps signing (next to the new one) for `expireOldAfterSeconds`; 0 drops it at once. */
  async rotateSecret(tenantId: string, id: string, dto: RotateSecretDto): Promise<SecretResponse> {
    const subscription = await this.require(tenantId, id);
    const overlapSeconds = dto.expireOldAfterSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS;
    subscription.previousSecret = overlapSeconds > 0 ? subscription.secret : null;
    subscription.previousSecretExpiresAt = overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null;
    subscription.secret = generateWebhookSecret();
    await this.subscriptions.save(subscription);
    await this.announceChange(subscription);
    return { secret: subscription.secret };
  }

  async require(tenantId: string, id: string): Promise<SubscriptionEntity> {
    const subscription = await this.subscriptions.findOne(tenantId, id);
    if (!subscription) throw new NotFoundException(`subscription ${id} not found`);
    return subscription;
  }

  /** Matchers, deliverers and gateways cache subscriptions; this tells them to reload this one. */
  private async announceChange(subscription: SubscriptionEntity): Promise<void> {
    const message = { tenantId: subscription.tenantId, subscriptionId: subscription.id };
    await this.events.announce(AppEvent.subscriptionChanged, message).catch((error: Error) => {
      this.logger.warn(`could not announce subscription change (caches refresh on their own timer): ${error.message}`);
    });
  }
}

const DEFAULT_SECRET_OVERLAP_SECONDS = 86_400;

/** What a field left out on create becomes; on PATCH, `null` resets a field to it (JSON merge-patch style). */
const SUBSCRIPTION_DEFAULTS = {
  name: '',
  httpMethod: 'POST' as HttpMethod,
  headers: {} as Record<string, string>,
  eventTypes: [] as string[],
  channels: [] as string[],
  filter: {} as Record<string, unknown>,
  isActive: true,
  visibilityTimeout: 30,
  rateLimitPerSecond: null as number | null,
  ordering: 'none' as DeliveryOrdering,
};

type DefaultedField = keyof typeof SUBSCRIPTION_DEFAULTS;

/** The fields a request set: absent ones are left out, null ones become their default. */
function patchOf(dto: UpdateSubscriptionDto): Partial<typeof SUBSCRIPTION_DEFAULTS & { url: string }> {
  const entries = Object.entries(dto).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries.map(([key, value]) => [key, value === null ? SUBSCRIPTION_DEFAULTS[key as DefaultedField] : value]));
}
