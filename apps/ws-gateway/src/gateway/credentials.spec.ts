import type { IncomingMessage } from 'node:http';
import { parseConnectRequest, selectProtocol } from './credentials';

function request(url: string, protocol?: string): IncomingMessage {
  return { url, headers: protocol ? { 'sec-websocket-protocol': protocol } : {} } as IncomingMessage;
}

describe(parseConnectRequest.name, () => {
  it('takes the credential from the bearer subprotocol before ?token=', () => {
    expect(parseConnectRequest(request('/v1/ws?token=q', 'notify.v1, bearer.abc_1')).credential).toBe('abc_1');
    expect(parseConnectRequest(request('/v1/ws?token=q', 'notify.v1')).credential).toBe('q');
    expect(parseConnectRequest(request('/v1/ws')).credential).toBeUndefined();
  });

  it('reads since, subscription and a trimmed types list', () => {
    const sut = parseConnectRequest(request('/v1/ws?types=a,%20b,,&since=x&subscription=s'));
    expect(sut).toEqual({ credential: undefined, types: ['a', 'b'], since: 'x', subscription: 's' });
    expect(parseConnectRequest(request('/v1/ws?types=')).types).toBeUndefined();
  });
});

describe(selectProtocol.name, () => {
  it('selects notify.v1 when offered, else the first offered that carries no credential, else none', () => {
    expect(selectProtocol(new Set(['bearer.x', 'notify.v1']))).toBe('notify.v1');
    expect(selectProtocol(new Set(['other', 'bearer.x']))).toBe('other');
    expect(selectProtocol(new Set(['bearer.x', 'other']))).toBe('other');
    expect(selectProtocol(new Set())).toBe(false);
  });

  it('never selects a bearer protocol, whatever its case, so the 101 answer never echoes a credential', () => {
    expect(selectProtocol(new Set(['bearer.nk_secret']))).toBe(false);
    expect(selectProtocol(new Set(['Bearer.nk_secret', 'BEARER.eyJ.x.y']))).toBe(false);
  });
});
