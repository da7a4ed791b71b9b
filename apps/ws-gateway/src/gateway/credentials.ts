import type { IncomingMessage } from 'node:http';

export const PROTOCOL = 'notify.v1';
const BEARER_PREFIX = 'bearer.';

/** What a client asked for in the upgrade request: credential and the query options of the three kinds. */
export interface ConnectRequest {
  credential?: string;
  since?: string;
  types?: string[];
  subscription?: string;
}

/** The credential comes from `Sec-WebSocket-Protocol: notify.v1, bearer.<x>` or else from `?token=`. */
export function parseConnectRequest(request: IncomingMessage): ConnectRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromProtocol = offeredProtocols(request).find((p) => p.startsWith(BEARER_PREFIX))?.slice(BEARER_PREFIX.length);
  const types = url.searchParams.get('types');
  return {
    credential: fromProtocol || url.searchParams.get('token') || undefined,
    since: url.searchParams.get('since') || undefined,
    types: types ? types.split(',').map((t) => t.trim()).filter((t) => t.length > 0) : undefined,
    subscription: url.searchParams.get('subscription') || undefined,
  };
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return header ? header.split(',').map((p) => p.trim()).filter((p) => p.length > 0) : [];
}

/**
 * `notify.v1` when offered. A client that offered only other protocols gets its first one that carries no
 * credential (a browser drops a connection whose server picked none of its protocols, and could not read our close
 * code then). A `bearer.*` protocol is never selected: the 101 answer would echo the credential.
 */
export function selectProtocol(offered: Set<string>): string | false {
  if (offered.has(PROTOCOL)) return PROTOCOL;
  return [...offered].find((p) => !p.toLowerCase().startsWith(BEARER_PREFIX)) ?? false;
}

/** JWTs have three dot-separated parts; API keys have none. */
export function looksLikeJwt(credential: string): boolean {
  return credential.split('.').length === 3;
}
