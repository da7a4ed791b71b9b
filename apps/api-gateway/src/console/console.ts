import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { AppConfig } from '@app/config';
import { consoleCsp, consoleWsUrl } from './console-ws-url';

/** Copied here from src/console/public by the Nest CLI (nest-cli.json `assets`). */
const PUBLIC_DIR = path.join(__dirname, 'public');
const PREFIX = '/console';

/**
 * The operator console: static files under /console plus /console/config.json. A Fastify plugin rather than a
 * controller: these are files, not API routes, and stay out of the OpenAPI document. The page itself uses only
 * the public API with the operator's key.
 */
export async function mountConsole(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  // Its own plugin: the headers hook and @fastify/static's reply decorators stay inside /console.
  await app.register(async (console: FastifyInstance) => {
    console.addHook('onRequest', async (request, reply) => {
      const wsUrl = consoleWsUrl(config.consoleWsUrl, request.headers.host, request.protocol === 'https', config.ports.ws);
      (request as { wsUrl?: string }).wsUrl = wsUrl;
      reply.header('Content-Security-Policy', consoleCsp(wsUrl));
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Referrer-Policy', 'no-referrer');
    });
    console.get(`${PREFIX}/config.json`, async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { wsUrl: (request as { wsUrl?: string }).wsUrl };
    });
    await console.register(fastifyStatic, { root: PUBLIC_DIR, serve: false });
    // The router ignores trailing slashes, so /console and /console/ are one route: the bare one is redirected,
    // as express.static did, so the page's relative links resolve under /console/.
    console.get(PREFIX, (request, reply) => {
      const path = request.url.split('?', 1)[0];
      if (!path.endsWith('/')) return reply.redirect(`${PREFIX}/${request.url.slice(path.length)}`, 301);
      return reply.header('Cache-Control', 'public, max-age=0').sendFile('index.html');
    });
    console.get(`${PREFIX}/*`, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return reply.header('Cache-Control', 'public, max-age=0').sendFile(file === '' ? 'index.html' : file);
    });
  });
}
