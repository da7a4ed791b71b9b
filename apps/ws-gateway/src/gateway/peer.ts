import { WebSocket } from 'ws';
import { CloseCode } from './close-codes';
import type { Principal } from './credential.resolver';
import { WsConnectionKind, wsConnections } from './ws.metrics';

const PEER = Symbol('peer');

/**
 * The state of one connection. Kept deliberately small (idle connections are the common case): no timers, no
 * closures per connection; listeners are shared functions that find their peer through the socket.
 */
export abstract class Peer {
  /** Set once at boot from WS_MAX_BUFFERED_BYTES. */
  static maxBufferedBytes = 1024 * 1024;

  missedPongs = 0;
  /** The credential's owner, kept so revocations and periodic re-checks can find the connections it opened. */
  principal?: Principal;
  private disposed = false;
  private counted?: WsConnectionKind;

  constructor(readonly socket: WebSocket) {
    (socket as unknown as Record<symbol, Peer>)[PEER] = this;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a text frame. A client that does not read fast enough is closed with 1013 rather than letting its
   * queue grow without end; returns whether the frame was queued on an open socket.
   */
  send(frame: Buffer | string): boolean {
    if (!this.open) return false;
    this.socket.send(frame, { binary: false });
    if (this.socket.bufferedAmount > Peer.maxBufferedBytes) {
      this.close(CloseCode.tryAgainLater, 'client too slow: send buffer full');
      return false;
    }
    return true;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
  }

  /** Counts the connection in notify_ws_connections until it is disposed. */
  countAs(kind: WsConnectionKind): void {
    if (this.disposed || this.counted) return;
    this.counted = kind;
    wsConnections.inc({ kind });
  }

  /** Runs once when the socket is gone (or the open was abandoned); releases whatever the peer holds. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.counted) wsConnections.dec({ kind: this.counted });
    this.release();
  }

  /** Called after the ready frame: replay, flush what arrived meanwhile, or start pushing leased messages. */
  abstract start(): void;
  protected abstract release(): void;

  /** A JSON frame from the client; only durable channels take any (acks). */
  onFrame(_frame: Record<string, unknown>): void {
    /* ignored by default */
  }
}

export function peerOf(socket: WebSocket): Peer | undefined {
  return (socket as unknown as Record<symbol, Peer | undefined>)[PEER];
}
