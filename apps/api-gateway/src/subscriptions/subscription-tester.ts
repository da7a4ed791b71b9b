import { ConflictException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { OperationalEventType } from '@app/contracts';
import { publishedEventOf } from '@app/messaging';
import { AttemptRepository, TestSendRepository } from '@app/persistence';
import { buildWebhookRequest, WebhookSender } from '@app/webhooks';
import { PayloadValidator } from '../event-types/payload-validator';
import { SendTestDto } from './dto/send-test.dto';
import { SendTestResponse } from './dto/send-test.response';
import { SubscriptionsService } from './subscriptions.service';

/**
 * "Send test": one signed request to one webhook subscription, now, built and sent exactly as the deliverer
 * does (same signing, same private-target guard, same timeout), and recorded as an event with one delivery and
 * one attempt. It is one try: a failure is not retried and neither disables the subscription nor publishes
 * `notify.delivery.failed`. A disabled subscription can be tested, to check a fix before re-enabling it.
 */
@Injectable()
export class SubscriptionTester {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly testSends: TestSendRepository,
    private readonly attempts: AttemptRepository,
    private readonly sender: WebhookSender,
    private readonly payloads: PayloadValidator,
    private readonly config: AppConfig,
  ) {}

  async send(tenantId: string, id: string, dto: SendTestDto): Promise<SendTestResponse> {
    const subscription = await this.subscriptions.require(tenantId, id);
    if (subscription.transport !== 'webhook' || !subscription.url) {
      throw new ConflictException(`subscription ${id} is a ${subscription.transport} subscription; only webhooks can be sent a test`);
    }
    const type = dto.type ?? OperationalEventType.test;
    if (dto.payload) await this.payloads.assertMatchesSchema(tenantId, type, dto.payload);
    const payload = dto.payload ?? { subscriptionId: id, message: 'a test delivery from the notification platform' };
    // The gate wait and the request together stay under this, so the sweeper never sends the same test again.
    const sendWithinMs = this.config.deliveryTimeoutMs * 2 + 5000;
    const { event, deliveryId } = await this.testSends.recordTestEvent(tenantId, id, { type, payload }, sendWithinMs);
    const startedAt = new Date();
    const result = await this.sender.send(buildWebhookRequest(subscription, publishedEventOf(event)));
    const succeeded = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    await this.attempts.recordOutcomes([{
      attemptId: randomUUID(), deliveryId, tenantId, attemptNumber: 1, startedAt, ...result,
      status: succeeded ? 'succeeded' : 'failed', nextAttemptAt: null,
    }]);
    return { responseStatus: result.responseStatus, durationMs: result.durationMs, error: result.error, eventId: event.id, deliveryId };
  }
}
