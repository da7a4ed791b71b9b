import { PulledMessageResponse } from '@app/contracts';

/** The leased messages go out as MessageLeaseRepository returns them (PulledMessageResponse, declared once in contracts). */
export class PollResponse {
  messages: PulledMessageResponse[];
}

export class AckResponse {
  acked: number;
  /** Ids that were not pending. */
  failures: string[];
}
