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

/** MessageLeaseRepository's LeasedMessage goes out as it is; the body is typed as this class so tsc checks they agree. */
export class PollResponse {
  messages: PulledMessageResponse[];
}

export class AckResponse {
  acked: number;
  /** Ids that were not pending. */
  failures: string[];
}
