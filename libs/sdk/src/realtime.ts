import { AsyncQueue } from './async-queue';
import { backoffDelay } from './backoff';
import { Emitter } from './emitter';
import { JsonObject, Notification } from './types';

/** A pushed notification (user-token connections). */
export interface NotificationFrame {
  kind: 'notification';
  notification: Notification;
}

/** A pushed event: `id` = event id on the firehose, the delivery id on a durable subscription (ack with it). */
export interface EventFrame {
  kind: 'event';
  id: string;
  eventId: string;
  type: string;
  data: JsonObject;
  timestamp: string;
  channels: string[];
  /** Durable subscriptions only: 1 on the first push, more when it comes again unacked. */
  deliveryAttempt?: number;
}

export type RealtimeMessage = NotificationFrame | EventFrame;

export interface ConnectOptions {
  /** `ws(s)://host/v1/ws`. */
  url: string;
  /** A user token (inbox) … */
  token?: string;
  /** … or a tenant API key (event firehose, or a durable `subscription`). */
  apiKey?: string;
  /** Id of a `websocket` subscription: durable delivery with acks. */
  subscription?: string;
  /** User tokens: replay what was missed after this notification id. Later reconnects use the last id seen. */
  since?: string;
  /** Firehose only: just these event types. */
  types?: string[];
  /** Reconnect delays (exponential with jitter); `false` = never reconnect. */
  reconnect?: false | { baseDelayMs?: number; maxDelayMs?: number };
  /** A WebSocket class to use instead of `globalThis.WebSocket` (or the `ws` package in Node). */
  WebSocket?: WebSocketClass;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** False when the connection is over for good: `close()` was called, 1008 (bad credentials) or replaced by another. */
  willReconnect: boolean;
}

type ConnectionEvents = {
  ready: (info: { connectionId: string }) => void;
  notification: (notification: Notification, frame: NotificationFrame) => void;
  event: (frame: EventFrame) => void;
  close: (info: CloseInfo) => void;
  error: (error: Error) => void;
};

export type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

const PROTOCOL = 'notify.v1';
const POLICY_VIOLATION = 1008;
const GOING_AWAY = 1001;
const RECENT_ACKS = 1000;

/**
 * One logical connection to the ws-gateway that survives restarts: it reconnects with backoff, resumes an inbox
 * with `since` = the last notification id seen, and re-sends acks made while disconnected. Iterate it with
 * `for await`, or listen with `on('notification' | 'event' | 'ready' | 'close' | 'error')`.
 */
export class NotifyConnection extends Emitter<ConnectionEvents> implements AsyncIterable<RealtimeMessage> {
  connectionId?: string;
  /** The newest notification id received (what a reconnect passes as `since`). */
  lastNotificationId?: string;
  private socket?: WebSocket;
  private stopped = false;
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly pendingAcks = new Set<string>();
  private readonly recentAcks = new Set<string>();
  private readonly iterators = new Set<AsyncQueue<RealtimeMessage>>();

  constructor(private readonly options: ConnectOptions) {
    super();
    const credential = options.token ?? options.apiKey;
    if (!credential) throw new TypeError('connect needs a token or an apiKey');
    if (!/^[A-Za-z0-9._~-]+$/.test(credential)) throw new TypeError('the credential has characters a WebSocket subprotocol cannot carry');
    this.lastNotificationId = options.since;
    void this.open();
  }

  get isReady(): boolean {
    return this.connectionId !== undefined;
  }

  /** Resolves at the next `ready` frame (at once when ready now); rejects when the connection ends first. */
  ready(): Promise<{ connectionId: string }> {
    if (this.connectionId) return Promise.resolve({ connectionId: this.connectionId });
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(new Error('connection closed'));
      const onReady = (info: { connectionId: string }) => { this.off('close', onClose); resolve(info); };
      const onClose = (info: CloseInfo) => {
        if (info.willReconnect) return;
        this.off('ready', onReady).off('close', onClose);
        reject(new Error(`connection closed: ${info.code} ${info.reason}`));
      };
      this.once('ready', onReady).on('close', onClose);
    });
  }

  /** Durable subscriptions: confirms frames by `id`. Acks made while disconnected are sent after reconnecting. */
  ack(ids: string[]): void {
    for (const id of ids) this.remember(id);
    if (this.isReady && this.socket?.readyState === 1) this.socket.send(JSON.stringify({ kind: 'ack', ids }));
    else for (const id of ids) this.pendingAcks.add(id);
  }

  /** Ends the connection for good (close code 1000) and finishes every iterator. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket?.readyState === 1) return socket.close(1000, 'client closed'); // onClose finishes
    this.socket = undefined; // a socket still connecting: its close event no longer concerns us
    try {
      socket?.close(1000, 'client closed');
    } catch {
      /* already closing */
    }
    this.finish({ code: 1000, reason: 'client closed', willReconnect: false });
  }

  [Symbol.asyncIterator](): AsyncIterator<RealtimeMessage> {
    const queue: AsyncQueue<RealtimeMessage> = new AsyncQueue(() => this.iterators.delete(queue));
    if (this.stopped) queue.end();
    else this.iterators.add(queue);
    return queue;
  }

  private async open(): Promise<void> {
    let socket: WebSocket;
    try {
      const Socket = this.options.WebSocket ?? (await webSocketClass());
      if (this.stopped) return;
      socket = new Socket(this.url(), [PROTOCOL, `bearer.${this.options.token ?? this.options.apiKey}`]);
    } catch (error) {
      this.emit('error', error as Error);
      return this.scheduleReconnect({ code: 1006, reason: String((error as Error).message) });
    }
    this.socket = socket;
    socket.onmessage = (message) => this.onFrame(socket, message.data);
    socket.onerror = () => this.emit('error', new Error('WebSocket error'));
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
  }

  private url(): string {
    const url = new URL(this.options.url);
    if (this.options.subscription) url.searchParams.set('subscription', this.options.subscription);
    if (this.lastNotificationId) url.searchParams.set('since', this.lastNotificationId);
    if (this.options.types?.length) url.searchParams.set('types', this.options.types.join(','));
    return url.toString();
  }

  private onFrame(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket) return;
    let frame: Record<string, any>;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer));
    } catch {
      return this.emit('error', new Error('a frame that is not JSON'));
    }
    if (frame.kind === 'ready') this.onReady(frame.connectionId);
    else if (frame.kind === 'notification') this.onNotification(frame as NotificationFrame);
    else if (frame.kind === 'event') this.onEvent(frame as EventFrame);
  }

  private onReady(connectionId: string): void {
    this.connectionId = connectionId;
    this.failures = 0;
    if (this.pendingAcks.size > 0) {
      this.socket!.send(JSON.stringify({ kind: 'ack', ids: [...this.pendingAcks] }));
      this.pendingAcks.clear();
    }
    this.emit('ready', { connectionId });
  }

  private onNotification(frame: NotificationFrame): void {
    this.lastNotificationId = frame.notification.id;
    this.emit('notification', frame.notification, frame);
    this.deliver(frame);
  }

  private onEvent(frame: EventFrame): void {
    // A durable frame acked while its lease was being handed back comes again: confirm it and skip it.
    if (frame.deliveryAttempt !== undefined && this.recentAcks.has(frame.id)) return this.ack([frame.id]);
    this.emit('event', frame);
    this.deliver(frame);
  }

  private deliver(frame: RealtimeMessage): void {
    for (const queue of this.iterators) queue.push(frame);
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.connectionId = undefined;
    const final = this.stopped || code === POLICY_VIOLATION || (code === GOING_AWAY && /replaced/i.test(reason)) || this.options.reconnect === false;
    if (final) return this.finish({ code, reason, willReconnect: false });
    this.scheduleReconnect({ code, reason });
  }

  private scheduleReconnect(info: { code: number; reason: string }): void {
    if (this.stopped || this.options.reconnect === false) return this.finish({ ...info, willReconnect: false });
    this.emit('close', { ...info, willReconnect: true });
    const { baseDelayMs = 250, maxDelayMs = 10_000 } = this.options.reconnect || {};
    this.retryTimer = setTimeout(() => void this.open(), backoffDelay(++this.failures, baseDelayMs, maxDelayMs));
  }

  private finish(info: CloseInfo): void {
    this.stopped = true;
    for (const queue of this.iterators) queue.end();
    this.iterators.clear();
    this.emit('close', info);
  }

  private remember(id: string): void {
    this.recentAcks.add(id);
    if (this.recentAcks.size > RECENT_ACKS) this.recentAcks.delete(this.recentAcks.values().next().value!);
  }
}

/** Opens a connection; it connects in the background (await `ready()` or listen for `ready`). */
export function connect(options: ConnectOptions): NotifyConnection {
  return new NotifyConnection(options);
}

let wsClass: Promise<WebSocketClass> | undefined;

/** The platform's WebSocket; in Node 20 (no global one) the `ws` package, loaded only then. */
function webSocketClass(): Promise<WebSocketClass> {
  const global = (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (global) return Promise.resolve(global);
  const name = 'ws'; // a variable keeps bundlers and the browser build from pulling `ws` in
  wsClass ??= import(name).then((mod: { default?: WebSocketClass; WebSocket?: WebSocketClass }) => (mod.WebSocket ?? mod.default)!);
  return wsClass;
}
