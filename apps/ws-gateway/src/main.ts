import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMain, startHttpApp } from '@app/platform';

runMain(async () => {
  loadConfig(); // a bad setting stops the app here with a clear message, before any module loads
  const { AppModule } = await import('./app.module');
  return startHttpApp('ws-gateway', AppModule, (config) => config.ports.ws, undefined, { httpMetrics: true });
});
