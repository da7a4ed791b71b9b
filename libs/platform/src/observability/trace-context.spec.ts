import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { trace } from '@opentelemetry/api';
import { setSpansRecorded, startSpan, traceIdOf, traceparentOf } from './trace-context';

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

  describe('with no exporter (spans only carry ids)', () => {
    beforeAll(() => setSpansRecorded(false));
    afterAll(() => setSpansRecorded(true));

    it('continues the carried trace and its sampled flag with a span id of its own, recording nothing', () => {
      for (const flags of ['01', '00']) {
        const span = startSpan('match', parent.replace(/01$/, flags));
        const child = traceparentOf(span)!;
        expect(child).toMatch(new RegExp(`^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-${flags}$`));
        expect(child.split('-')[2]).not.toBe('00f067aa0ba902b7');
        expect(span.isRecording()).toBe(false);
      }
    });

    it('starts a new sampled trace when nothing (or garbage) is carried, with fresh ids each time', () => {
      const started = [undefined, 'not-a-traceparent', undefined].map((carried) => traceparentOf(startSpan('publish', carried))!);
      for (const tp of started) expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(new Set(started.map(traceIdOf)).size).toBe(3);
    });
  });
});
