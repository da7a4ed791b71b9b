import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AppEvent, SubscriptionChangedMessage } from '@app/contracts';
import { TenantIndexCache } from './tenant-index.cache';

@Controller()
export class SubscriptionEventsController {
  constructor(private readonly indexes: TenantIndexCache) {}

  @EventPattern(AppEvent.subscriptionChanged)
  onChanged(@Payload() message: SubscriptionChangedMessage): void {
    this.indexes.changed(message);
  }
}
