import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMain, startHttpApp } from '@app/platform';

runMain(async () => {
  // A bad setting stops the app here with a clear message, before any module loads.
  const { loadDeliveryTls } = await import('@app/webhooks');
  loadDeliveryTls(loadConfig());
  const { AppModule } = await import('./app.module');
  return startHttpApp('webhook-deliverer', AppModule, (config) => config.ports.deliverer);
});
