import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runMain, startHttpApp } from '@app/platform';
import { loadDeliveryTls } from '@app/webhooks';

runMain(async () => {
  // A bad setting (the environment, or the client certificate files it names) stops the app here with a clear
  // message, before any module loads.
  loadDeliveryTls(loadConfig());
  const { AppModule } = await import('./app.module');
  return startHttpApp('webhook-deliverer', AppModule, (config) => config.ports.deliverer);
});
