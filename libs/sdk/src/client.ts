import { HttpTransport, TransportOptions } from './http';
import { PullConsumer } from './pull';
import { connect, ConnectOptions, NotifyConnection } from './realtime';
import { DeliveriesResource } from './resources/deliveries';
import { EventsResource } from './resources/events';
import { EventTypesResource } from './resources/event-types';
import { NotificationsResource } from './resources/notifications';
import { SubscriptionsResource } from './resources/subscriptions';
import { UsersResource } from './resources/users';

export interface NotifyClientOptions extends Omit<TransportOptions, 'credential'> {
  /** `http(s)://host` of the api-gateway. */
  baseUrl: string;
  /** A tenant API key. */
  apiKey: string;
  /** `ws(s)://host/v1/ws` of the ws-gateway; default: baseUrl with ws(s):// and /v1/ws. */
  wsUrl?: string;
}

/** The tenant-side client: everything an API key may do. Keep the key on servers; browsers get user tokens. */
export class NotifyClient {
  readonly subscriptions: SubscriptionsResource;
  readonly events: EventsResource;
  readonly eventTypes: EventTypesResource;
  readonly deliveries: DeliveriesResource;
  readonly notifications: NotificationsResource;
  readonly users: UsersResource;
  private readonly http: HttpTransport;

  constructor(private readonly options: NotifyClientOptions) {
    if (!options.apiKey) throw new TypeError('apiKey is required');
    this.http = new HttpTransport({ ...options, credential: options.apiKey });
    this.subscriptions = new SubscriptionsResource(this.http);
    this.events = new EventsResource(this.http);
    this.eventTypes = new EventTypesResource(this.http);
    this.deliveries = new DeliveriesResource(this.http);
    this.notifications = new NotificationsResource(this.http);
    this.users = new UsersResource(this.http);
  }

  /** A consumer of a `pull` subscription. */
  pull(subscriptionId: string): PullConsumer {
    return new PullConsumer(this.http, subscriptionId);
  }

  /** A WebSocket connection with this client's API key (unless a token or another key is given). */
  connect(options: Partial<ConnectOptions> = {}): NotifyConnection {
    const credential = options.token ? {} : { apiKey: options.apiKey ?? this.options.apiKey };
    return connect({ ...options, ...credential, url: options.url ?? this.options.wsUrl ?? defaultWsUrl(this.options.baseUrl) });
  }
}

export function defaultWsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/ws`;
  return url.toString();
}
