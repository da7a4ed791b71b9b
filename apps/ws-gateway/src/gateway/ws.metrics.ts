import { Gauge } from 'prom-client';

export type WsConnectionKind = 'user' | 'firehose' | 'durable';

/** Moved on ready and on close, never computed by walking the sockets: a scrape costs the same at 100k connections. */
export const wsConnections = new Gauge({
  name: 'notify_ws_connections',
  help: 'Open WebSocket connections that got their ready frame, by kind',
  labelNames: ['kind'],
});
