import type { FastifyInstance } from 'fastify';

/**
 * Answers the request id (Fastify's, made by requestIdFrom; pino-http logs the same one) as x-request-id, and puts the matched route pattern (`/v1/events/:id`) on the raw request as `route.path`, where the request log
 * line and the http metrics read it once the response is finished (routeLabel); unmatched requests have none.
 */
export function labelRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const pattern = request.routeOptions.url;
    if (pattern !== undefined) (request.raw as { route?: unknown }).route = { path: pattern };
    done();
  });
}
