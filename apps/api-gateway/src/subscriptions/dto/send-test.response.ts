export interface SendTestResponse {
  /** The receiver's HTTP status; null when no answer came (refused, timed out, network error). */
  responseStatus: number | null;
  durationMs: number;
  /** Why there was no (complete) answer; null otherwise. */
  error: string | null;
  /** The recorded test event and its delivery, listed like any other. */
  eventId: string;
  deliveryId: string;
}
