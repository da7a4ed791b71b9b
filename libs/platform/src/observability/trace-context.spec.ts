import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { trace } from '@opentelemetry/api';
import { startSpan, traceIdOf, traceparentOf } from './trace-context';

describe('trace context', () => {
  beforeAll(() => trace.setGlobalTracerProvider(new BasicTracerProvider()));
  afterAll(() => trace.disable());

  const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('continues the trace of a carried traceparent with a span id of its own', () => {
    const child = traceparentOf(startSpan('match', parent))!;
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(child.split('-')[2]).not.toBe('00f067aa0ba902b7');
  });

  it('starts a new trace when nothing (or garbage) is carried', () => {
    for (const carried of [undefined, 'not-a-traceparent']) {
      const started = traceparentOf(startSpan('publish', carried))!;
      expect(traceIdOf(started)).toMatch(/^[0-9a-f]{32}$/);
      expect(traceIdOf(started)).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    }
  });
});
