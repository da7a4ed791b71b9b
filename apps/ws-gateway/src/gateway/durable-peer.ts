import type { WebSocket } from 'ws';
import { Peer } from './peer';

/** What a DurablePeer needs from its manager (kept as an interface so the two files do not import each other). */
export interface DurableOwner {
  pump(peer: DurablePeer): void;
  ack(peer: DurablePeer, ids: string[]): void;
  leave(peer: DurablePeer): void;
}

/** The one connection of a `websocket` subscription: pushes leased deliveries and takes acks. */
export class DurablePeer extends Peer {
  /** Delivery ids leased to this connection and not acked yet; released when it closes. */
  readonly inFlight = new Set<string>();
  /** Epoch ms at which the shared ticker pumps again (a lease runs out, or the send buffer had no room); 0 = never. */
  wakeAt = 0;
  pumping = false;
  pumpAgain = false;
  started = false;

  constructor(
    socket: WebSocket,
    readonly tenantId: string,
    readonly keyHash: string,
    readonly subscriptionId: string,
    public leaseSeconds: number,
    readonly generation: number,
    private readonly owner: DurableOwner,
  ) {
    super(socket);
  }

  start(): void {
    this.started = true;
    this.owner.pump(this);
  }

  wake(): void {
    if (this.started) this.owner.pump(this);
  }

  override onFrame(frame: Record<string, unknown>): void {
    if (frame.kind !== 'ack' || !Array.isArray(frame.ids)) return;
    const ids = frame.ids.filter((id): id is string => typeof id === 'string');
    if (ids.length > 0) this.owner.ack(this, ids);
  }

  protected release(): void {
    this.owner.leave(this);
  }
}
