/** What the console page needs to know that the API cannot tell it. */
export interface ConsoleConfig {
  /** Where the ws-gateway's firehose is, e.g. `ws://localhost:3001/v1/ws`. */
  wsUrl: string;
}

const HOSTNAME = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})$/;

/**
 * The live tail's WebSocket URL: `CONSOLE_WS_URL` (its base; `/v1/ws` is appended) when set, else the host the
 * browser used for this page on WS_PORT. The Host header ends up in a CSP header, so only a plain hostname is
 * used from it; anything else falls back to localhost.
 */
export function consoleWsUrl(configured: string | undefined, hostHeader: string | undefined, secure: boolean, wsPort: number): string {
  if (configured) return `${configured.replace(/\/+$/, '').replace(/\/v1\/ws$/, '')}/v1/ws`;
  const hostname = hostnameOf(hostHeader ?? '');
  return `${secure ? 'wss' : 'ws'}://${HOSTNAME.test(hostname) ? hostname : 'localhost'}:${wsPort}/v1/ws`;
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0];
}

/** `default-src 'self'` and nothing inline; the only other place the page may talk to is the ws-gateway. */
export function consoleCsp(wsUrl: string): string {
  const wsOrigin = new URL(wsUrl).origin;
  return [
    "default-src 'self'",
    `connect-src 'self' ${wsOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
