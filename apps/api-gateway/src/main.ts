import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMain, startHttpApp } from '@app/platform';

runMain(async () => {
  const config = loadConfig(); // a bad setting stops the app here with a clear message, before any module loads
  const { AppModule } = await import('./app.module');
  const { setupOpenApi } = await import('./openapi/openapi');
  const { mountConsole } = await import('./console/console');
  const { mountQueueBoard } = await import('./queue-board/queue-board');
  return startHttpApp('api-gateway', AppModule, (c) => c.ports.api, async (app) => {
    setupOpenApi(app);
    await mountConsole(app, config);
    await mountQueueBoard(app, config);
  }, { limitByAddress: true, httpMetrics: true });
});
