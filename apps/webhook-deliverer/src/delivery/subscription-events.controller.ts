import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AppEvent, SubscriptionChangedMessage } from '@app/contracts';
import { SubscriptionCache } from './subscription.cache';

@Controller()
export class SubscriptionEventsController {
  constructor(private readonly cache: SubscriptionCache) {}

  @EventPattern(AppEvent.subscriptionChanged)
  onChanged(@Payload() { subscriptionId }: SubscriptionChangedMessage): void {
    this.cache.forget(subscriptionId);
  }
}
