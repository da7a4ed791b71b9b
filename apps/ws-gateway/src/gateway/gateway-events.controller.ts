import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AppEvent, SubscriptionChangedMessage, WsTakeoverMessage } from '@app/contracts';
import { DurableConnections } from './durable-connections';

/** The app-wide events the gateway's durable connections follow. */
@Controller()
export class GatewayEventsController {
  constructor(private readonly durable: DurableConnections) {}

  @EventPattern(AppEvent.wsTakeover)
  onTakeover(@Payload() message: WsTakeoverMessage): void {
    this.durable.closeOlder(message);
  }

  @EventPattern(AppEvent.subscriptionChanged)
  async onSubscriptionChanged(@Payload() message: SubscriptionChangedMessage): Promise<void> {
    await this.durable.subscriptionChanged(message);
  }
}
