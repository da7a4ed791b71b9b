import { ConflictException, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { LeasedMessage, MessageLeaseRepository, SubscriptionEntity } from '@app/persistence';
import { RateLimitedException, TenantQuota } from '@app/platform';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { PollQuery } from './dto/pull.dto';
import { AckResponse, PollResponse } from './dto/pull.response';
import { LongPollWaiters, PollRequest } from './long-poll-waiters';

@Injectable()
export class PullService {
  private readonly logger = new Logger(PullService.name);
  private readonly waiting: TenantQuota;

  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly leases: MessageLeaseRepository,
    private readonly waiters: LongPollWaiters,
    config: AppConfig,
  ) {
    this.waiting = new TenantQuota(config.limits.longPollsPerTenant);
  }

  /** 200 with what is ready (waiting up to `wait` s for the first message), else 204. */
  async poll(tenantId: string, subscriptionId: string, query: PollQuery, res: FastifyReply): Promise<void> {
    const subscription = await this.requirePull(tenantId, subscriptionId);
    const gone = watchDisconnect(res);
    const leaseSeconds = subscription.visibilityTimeout;
    let messages = await this.leases.lease(tenantId, subscriptionId, query.max, leaseSeconds);
    if (messages.length === 0 && query.wait > 0 && !gone.aborted) {
      messages = await this.waitCounted(tenantId, { tenantId, subscriptionId, max: query.max, leaseSeconds, waitMs: query.wait * 1000 }, gone);
    }
    this.reply(res, tenantId, subscriptionId, messages, gone);
  }

  /** A waiting poll holds memory and a socket: MAX_LONG_POLLS_PER_TENANT of them per tenant on this gateway. */
  private async waitCounted(tenantId: string, request: PollRequest, gone: AbortSignal): Promise<LeasedMessage[]> {
    if (!this.waiting.tryTake(tenantId)) {
      throw new RateLimitedException(`more than ${this.waiting.max} long polls of this tenant are waiting on this gateway (MAX_LONG_POLLS_PER_TENANT); retry after 1 s`);
    }
    try {
      return await this.waiters.wait(request, gone);
    } finally {
      this.waiting.release(tenantId);
    }
  }

  async ack(tenantId: string, subscriptionId: string, ids: string[]): Promise<AckResponse> {
    await this.requirePull(tenantId, subscriptionId);
    return this.leases.ack(tenantId, subscriptionId, ids);
  }

  /** Messages whose response never fully left this process go back at once instead of after their lease. */
  private reply(res: FastifyReply, tenantId: string, subscriptionId: string, messages: LeasedMessage[], gone: AbortSignal): void {
    const giveBack = () => {
      this.waiters.giveBack(tenantId, subscriptionId, messages.map((m) => m.id)).catch((error: Error) => {
        this.logger.warn(`could not release messages of a departed client (they return after their lease): ${error.message}`);
      });
    };
    if (gone.aborted) return giveBack();
    if (messages.length === 0) {
      res.code(204).send();
      return;
    }
    res.raw.once('close', () => {
      if (!res.raw.writableFinished) giveBack();
    });
    const body: PollResponse = { messages };
    res.code(200).send(body);
  }

  private async requirePull(tenantId: string, subscriptionId: string): Promise<SubscriptionEntity> {
    const subscription = await this.subscriptions.require(tenantId, subscriptionId);
    if (subscription.transport !== 'pull') {
      throw new ConflictException(`subscription ${subscriptionId} uses transport '${subscription.transport}'; only pull subscriptions have messages to poll and ack`);
    }
    return subscription;
  }
}

/** Aborts when the client's connection closes before our response has been written in full. */
function watchDisconnect(res: FastifyReply): AbortSignal {
  const controller = new AbortController();
  res.raw.once('close', () => {
    if (!res.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
