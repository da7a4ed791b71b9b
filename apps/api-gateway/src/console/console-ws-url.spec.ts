import { consoleCsp, consoleWsUrl } from './console-ws-url';

describe(consoleWsUrl.name, () => {
  it('uses CONSOLE_WS_URL as the base and appends /v1/ws once', () => {
    expect(consoleWsUrl('wss://ws.example.com', 'api.example.com', true, 3001)).toBe('wss://ws.example.com/v1/ws');
    expect(consoleWsUrl('wss://ws.example.com/', undefined, false, 3001)).toBe('wss://ws.example.com/v1/ws');
    expect(consoleWsUrl('ws://host:9000/v1/ws', undefined, false, 3001)).toBe('ws://host:9000/v1/ws');
  });

  it("defaults to the page's host on WS_PORT, wss behind https", () => {
    expect(consoleWsUrl(undefined, 'console.local:3000', false, 3001)).toBe('ws://console.local:3001/v1/ws');
    expect(consoleWsUrl(undefined, '[::1]:3000', true, 4001)).toBe('wss://[::1]:4001/v1/ws');
  });

  it('never copies anything but a plain hostname from the Host header into the URL (and so the CSP)', () => {
    expect(consoleWsUrl(undefined, "evil.com; script-src 'unsafe-inline'", false, 3001)).toBe('ws://localhost:3001/v1/ws');
    expect(consoleWsUrl(undefined, undefined, false, 3001)).toBe('ws://localhost:3001/v1/ws');
  });
});

describe(consoleCsp.name, () => {
  it("allows only this origin plus the ws-gateway's origin to be contacted", () => {
    const sut = consoleCsp('wss://ws.example.com/v1/ws');
    expect(sut).toContain("default-src 'self'");
    expect(sut).toContain("connect-src 'self' wss://ws.example.com;");
    expect(sut).not.toContain('unsafe-inline');
  });
});
