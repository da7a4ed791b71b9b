/**
 * A pull or websocket delivery as a consumer receives it: the body of `GET …/messages` items and of the durable
 * WebSocket's event frames. Persistence builds it when it leases; the API sends it as it is (one declaration, which
 * the OpenAPI document is generated from: the file name puts it under the swagger plugin).
 */
export class PulledMessageResponse {
  /** The delivery id: the same on every redelivery; ack with it. */
  id: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  /** The event's time, ISO-8601. */
  createdAt: string;
  /** 1 on the first lease, one more on each redelivery. */
  deliveryAttempt: number;
}
