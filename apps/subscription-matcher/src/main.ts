import 'reflect-metadata';
import { runMain, startHttpApp } from '@app/platform';
import { AppModule } from './app.module';

runMain(() => startHttpApp('subscription-matcher', AppModule, (config) => config.ports.matcher));
