import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import express, { NextFunction, Request, Response } from 'express';
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
export function mountQueueBoard(app: NestExpressApplication, config: AppConfig): void {
  if (!config.adminToken) return;
  const session = new AdminSession(config.adminToken);
  const board = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  const owned = [app.get<Queue>(getQueueToken(QueueName.PublishedEvents), { strict: false }), ...app.get(WebhookQueues, { strict: false }).all];
  const queues = owned.map((queue) => new BullMQAdapter(queue));
  createBullBoard({ queues, serverAdapter: board });

  const router = express.Router();
  router.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', BOARD_CSP);
    next();
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (request: Request, response: Response) => {
    const token = typeof request.body?.token === 'string' ? request.body.token : undefined;
    if (!session.isToken(token)) return void response.status(401).type('html').send(loginPage(QUEUE_BOARD_PATH, true));
    signIn(response, session, request.secure);
  });
  router.use((request: Request, response: Response, next: NextFunction) => {
    if (session.isToken(bearerOf(request)) || session.isCookie(cookieNamed(request.headers.cookie, ADMIN_COOKIE))) return next();
    const queryToken = typeof request.query.token === 'string' ? request.query.token : undefined;
    if (session.isToken(queryToken)) return signIn(response, session, request.secure);
    refuse(request, response, queryToken !== undefined);
  });
  router.use(board.getRouter());
  app.use(QUEUE_BOARD_PATH, router);
}

function bearerOf(request: Request): string | undefined {
  const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function signIn(response: Response, session: AdminSession, secure: boolean): void {
  response.cookie(ADMIN_COOKIE, session.cookieValue, { httpOnly: true, sameSite: 'strict', secure, path: QUEUE_BOARD_PATH });
  response.redirect(303, QUEUE_BOARD_PATH + '/');
}

/** A browser gets the login form, anything else the contract's error shape; both are 401. */
function refuse(request: Request, response: Response, failed: boolean): void {
  response.status(401);
  if (request.accepts(['json', 'html']) === 'html') return void response.type('html').send(loginPage(QUEUE_BOARD_PATH, failed));
  response.json({ statusCode: 401, error: 'Unauthorized', message: 'the queue dashboard needs the admin token' });
}
