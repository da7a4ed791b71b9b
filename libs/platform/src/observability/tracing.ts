import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '@app/config';
import { setSpansRecorded } from './trace-context';

/**
 * Registers the process's tracer provider. With no exporter nothing is recorded, but spans still get real ids
 * (see startSpan), so the traceparent a webhook carries is a child of the delivery's span.
 * Returns a shutdown that flushes spans still buffered.
 */
export function startTracing(app: string, config: Pick<AppConfig, 'otlpEndpoint'>): () => Promise<void> {
  const exporter = config.otlpEndpoint ? new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }) : undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': app }),
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
  });
  provider.register();
  setSpansRecorded(exporter !== undefined);
  return () => provider.shutdown();
}
