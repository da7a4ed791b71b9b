export class SendTestResponse {
  /** The receiver's HTTP status; null when no answer came (refused, timed out, network error). */
  responseStatus: number | null;
  durationMs: number;
  /** Why there was no (complete) answer; null otherwise. */
  error: string | null;
  /** The recorded test event (status "matched", never matched to other subscriptions). */
  eventId: string;
  /** Its one delivery, with the one attempt. */
  deliveryId: string;
}
