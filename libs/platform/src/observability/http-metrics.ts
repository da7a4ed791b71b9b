import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter, Histogram } from 'prom-client';

const requests = new Counter({
  name: 'notify_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
});

const duration = new Histogram({
  name: 'notify_http_request_duration_seconds',
  help: 'Time from request to response, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/** The route pattern (`/v1/events/:id`), never the raw URL: ids and query strings would explode the label set. */
export function routeLabel(req: { route?: unknown }): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? pattern : 'unmatched';
}

/** Fastify onRequest hook counting and timing every request once its response is finished (hijacked ones too). */
export function httpMetrics(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const started = process.hrtime.bigint();
  const res = reply.raw;
  res.once('finish', () => {
    const labels = { method: request.method, route: routeLabel(request.raw as { route?: unknown }), status: String(res.statusCode) };
    requests.inc(labels);
    duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  done();
}
