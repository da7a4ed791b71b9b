import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerParams, REDACTED_PATHS } from './log-options';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => { lines.push(chunk.toString()); done(); } });
  return { lines, stream };
}

describe(loggerParams.name, () => {
  const options = (loggerParams('api-gateway', { logLevel: 'log', logFormat: 'json' }).pinoHttp as pino.LoggerOptions);

  it('writes one JSON object per line with level, time, app and msg', () => {
    const { lines, stream } = capture();
    pino({ ...options, transport: undefined }, stream).info('started');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'info', app: 'api-gateway', msg: 'started' });
    expect(Date.parse(line.time)).not.toBeNaN();
  });

  it('censors credentials, secrets, headers and payloads in whatever object is logged', () => {
    const { lines, stream } = capture();
    const logged = { authorization: 'Bearer k1', secret: 'whsec_x', subscription: { headers: { 'X-T': 'v' }, secret: 'whsec_y' }, event: { payload: { card: 1 } }, 'x-api-key': 'k2' };
    pino({ ...options, transport: undefined }, stream).warn(logged, 'odd');
    expect(lines[0]).not.toMatch(/k1|k2|whsec_|X-T|card/);
    expect(REDACTED_PATHS).toContain('*["x-api-key"]');
  });

  it('maps LOG_LEVEL names onto pino levels', () => {
    expect(loggerParams('x', { logLevel: 'verbose', logFormat: 'json' }).pinoHttp).toMatchObject({ level: 'trace' });
    expect(loggerParams('x', { logLevel: 'warn', logFormat: 'pretty' }).pinoHttp).toMatchObject({ level: 'warn', transport: { target: 'pino-pretty' } });
  });
});
