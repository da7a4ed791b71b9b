import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { WebhookQueues } from '@app/messaging';
import { ADMIN_COOKIE, AdminSession, cookieNamed } from './admin-session';
import { loginPage } from './login-page';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** bull-board's page links a web font from Google; this keeps every request on this server (system fonts instead). */
const BOARD_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/**
 * bull-board for admins at /admin/queues. Absent (404) without ADMIN_TOKEN, like the admin API. It accepts
 * `Authorization: Bearer $ADMIN_TOKEN`, or the token once (login form or `?token=`), which sets an HttpOnly
 * cookie and redirects to the board without the token in the address.
 */
export async function mountQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (!config.adminToken) return;
  const session = new AdminSession(config.adminToken);
  const board = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  const owned = [app.get<Queue>(getQueueToken(QueueName.PublishedEvents), { strict: false }), ...app.get(WebhookQueues, { strict: false }).all];
  const queues = owned.map((queue) => new BullMQAdapter(queue));
  createBullBoard({ queues, serverAdapter: board });

  // Its own plugin: the admin check, the form parser and bull-board's reply decorators stay inside /admin/queues.
  await app.register(async (admin: FastifyInstance) => {
    admin.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, text, done) => {
      done(null, Object.fromEntries(new URLSearchParams(text as string)));
    });
    admin.addHook('onRequest', async (request, reply) => {
      reply.header('Content-Security-Policy', BOARD_CSP);
      if (request.method === 'POST' && request.routeOptions.url === LOGIN_PATH) return;
      if (session.isToken(bearerOf(request)) || session.isCookie(cookieNamed(request.headers.cookie, ADMIN_COOKIE))) return;
      const token = (request.query as { token?: unknown }).token;
      const queryToken = typeof token === 'string' ? token : undefined;
      if (session.isToken(queryToken)) return signIn(reply, session, request.protocol === 'https');
      return refuse(request, reply, queryToken !== undefined);
    });
    admin.post(LOGIN_PATH, async (request, reply) => {
      const token = (request.body as { token?: unknown } | undefined)?.token;
      if (!session.isToken(typeof token === 'string' ? token : undefined)) return reply.code(401).type('text/html; charset=utf-8').send(loginPage(QUEUE_BOARD_PATH, true));
      return signIn(reply, session, request.protocol === 'https');
    });
    await admin.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

const LOGIN_PATH = `${QUEUE_BOARD_PATH}/login`;

function bearerOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The cookie as Express's res.cookie wrote it: HttpOnly, SameSite=Strict, only for the board's path. */
function signIn(reply: FastifyReply, session: AdminSession, secure: boolean): FastifyReply {
  const cookie = `${ADMIN_COOKIE}=${encodeURIComponent(session.cookieValue)}; Path=${QUEUE_BOARD_PATH}; HttpOnly${secure ? '; Secure' : ''}; SameSite=Strict`;
  return reply.header('Set-Cookie', cookie).redirect(QUEUE_BOARD_PATH + '/', 303);
}

/** A browser gets the login form, anything else the contract's error shape; both are 401. */
function refuse(request: FastifyRequest, reply: FastifyReply, failed: boolean): FastifyReply {
  reply.code(401);
  if (prefersHtml(request.headers.accept)) return reply.type('text/html; charset=utf-8').send(loginPage(QUEUE_BOARD_PATH, failed));
  return reply.send({ statusCode: 401, error: 'Unauthorized', message: 'the queue dashboard needs the admin token' });
}

/** What Express's `accepts(['json', 'html']) === 'html'` answered: HTML asked for, JSON not asked for at least as much. */
function prefersHtml(accept: string | undefined): boolean {
  const quality = (type: string) => {
    const entry = (accept ?? '').split(',').map((part) => part.trim().split(';')).find(([media]) => media.trim() === type);
    if (!entry) return 0;
    const q = entry.slice(1).map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return q === undefined ? 1 : Number(q);
  };
  const html = quality('text/html');
  return html > 0 && html > quality('application/json');
}
