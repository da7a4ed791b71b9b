import 'reflect-metadata';
import { runMain, startHttpApp } from '@app/platform';
import { AppModule } from './app.module';

runMain(() => startHttpApp('api-gateway', AppModule, (config) => config.ports.api));
