import { Attributes, Context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';

const w3c = new W3CTraceContextPropagator();
const tracer = () => trace.getTracer('notify-platform');
const ids = new RandomIdGenerator();
/** False when no exporter is configured (see startTracing): spans then only carry ids. */
let recording = true;

export function setSpansRecorded(value: boolean): void {
  recording = value;
}

/** The context a W3C `traceparent` names; the root context when it is missing or malformed. */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent ? w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter) : ROOT_CONTEXT;
}

/** A span that continues the trace of `parent` (a traceparent carried in job data), or starts a new trace. */
export function startSpan(name: string, parent: string | undefined, attributes: Attributes = {}, kind = SpanKind.INTERNAL): Span {
  if (!recording) return idOnlySpan(contextOf(parent));
  return tracer().startSpan(name, { kind, attributes }, contextOf(parent));
}

/**
 * With no exporter a span is never seen; only its ids travel on (in a traceparent). A non-recording span with a
 * fresh span id continues the trace as the SDK's span would (same trace id and sampled flag), without the SDK's
 * per-span work (timestamps, attributes, span processors): that was a measurable share of a matched event's CPU.
 */
function idOnlySpan(context: Context): Span {
  const parent = trace.getSpanContext(context);
  return trace.wrapSpanContext({
    traceId: parent?.traceId ?? ids.generateTraceId(),
    spanId: ids.generateSpanId(),
    traceFlags: parent?.traceFlags ?? TraceFlags.SAMPLED,
  });
}

/** The `traceparent` that makes the next hop a child of `span`. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** The trace id inside a traceparent (`00-<trace id>-<span id>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}

export function endSpan(span: Span, error?: string): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}
