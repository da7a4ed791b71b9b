import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '@app/config';

/**
 * Registers the process's tracer provider. It is registered even with no exporter: spans then get real ids, so
 * the traceparent a webhook carries is a child of the delivery's span, and nothing is exported.
 * Returns a shutdown that flushes spans still buffered.
 */
export function startTracing(app: string, config: Pick<AppConfig, 'otlpEndpoint'>): () => Promise<void> {
  const exporter = config.otlpEndpoint ? new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }) : undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': app }),
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
  });
  provider.register();
  return () => provider.shutdown();
}
