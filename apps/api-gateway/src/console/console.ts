import { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import path from 'node:path';
import { AppConfig } from '@app/config';
import { consoleCsp, consoleWsUrl } from './console-ws-url';

/** Copied here from src/console/public by the Nest CLI (nest-cli.json `assets`). */
const PUBLIC_DIR = path.join(__dirname, 'public');

/**
 * The operator console: static files under /console plus /console/config.json. Plain Express rather than a
 * controller: these are files, not API routes, and stay out of the OpenAPI document. The page itself uses only
 * the public API with the operator's key.
 */
export function mountConsole(app: NestExpressApplication, config: AppConfig): void {
  const router = express.Router();
  router.use((request: Request, response: Response, next: NextFunction) => {
    const wsUrl = consoleWsUrl(config.consoleWsUrl, request.headers.host, request.protocol === 'https', config.ports.ws);
    response.locals.wsUrl = wsUrl;
    response.setHeader('Content-Security-Policy', consoleCsp(wsUrl));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  router.get('/config.json', (_request: Request, response: Response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ wsUrl: response.locals.wsUrl });
  });
  router.use(express.static(PUBLIC_DIR, { index: 'index.html', redirect: true, fallthrough: true, maxAge: 0 }));
  app.use('/console', router);
}
