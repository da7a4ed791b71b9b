import 'reflect-metadata';
import { runMain, startHttpApp } from '@app/platform';
import { AppModule } from './app.module';

runMain(() => startHttpApp('webhook-deliverer', AppModule, (config) => config.ports.deliverer));
