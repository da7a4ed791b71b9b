import { ConflictException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { LeasedMessage, MessageLeaseRepository, SubscriptionEntity } from '@app/persistence';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { AckResponse, PollQuery, PollResponse } from './dto/pull.dto';
import { LongPollWaiters } from './long-poll-waiters';

@Injectable()
export class PullService {
  private readonly logger = new Logger(PullService.name);

  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly leases: MessageLeaseRepository,
    private readonly waiters: LongPollWaiters,
  ) {}

  /** 200 with what is ready (waiting up to `wait` s for the first message), else 204. */
  async poll(tenantId: string, subscriptionId: string, query: PollQuery, res: Response): Promise<void> {
    const subscription = await this.requirePull(tenantId, subscriptionId);
    const gone = watchDisconnect(res);
    const leaseSeconds = subscription.visibilityTimeout;
    let messages = await this.leases.lease(tenantId, subscriptionId, query.max, leaseSeconds);
    if (messages.length === 0 && query.wait > 0 && !gone.aborted) {
      messages = await this.waiters.wait({ tenantId, subscriptionId, max: query.max, leaseSeconds, waitMs: query.wait * 1000 }, gone);
    }
    this.reply(res, tenantId, subscriptionId, messages, gone);
  }

  async ack(tenantId: string, subscriptionId: string, ids: string[]): Promise<AckResponse> {
    await this.requirePull(tenantId, subscriptionId);
    return this.leases.ack(tenantId, subscriptionId, ids);
  }

  /** Messages whose response never fully left this process go back at once instead of after their lease. */
  private reply(res: Response, tenantId: string, subscriptionId: string, messages: LeasedMessage[], gone: AbortSignal): void {
    const giveBack = () => {
      this.waiters.giveBack(tenantId, subscriptionId, messages.map((m) => m.id)).catch((error: Error) => {
        this.logger.warn(`could not release messages of a departed client (they return after their lease): ${error.message}`);
      });
    };
    if (gone.aborted) return giveBack();
    if (messages.length === 0) {
      res.status(204).end();
      return;
    }
    res.once('close', () => {
      if (!res.writableFinished) giveBack();
    });
    const body: PollResponse = { messages };
    res.status(200).json(body);
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
function watchDisconnect(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
