import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/** Postgres error classes whose message may quote a bound value (22 data exception, e.g. `invalid input syntax ... "x"`). */
const VALUE_QUOTING_CLASSES = ['22'];

type Sink = Pick<NestLogger, 'error' | 'warn' | 'log'>;

/**
 * TypeORM's own loggers print a failed query's parameters, and those are API key hashes, subscription secrets and
 * headers, payloads. This one prints the statement text, the error code and (when it cannot carry a value) the
 * message, and never a parameter.
 */
export class ParameterFreeQueryLogger implements Logger {
  constructor(private readonly sink: Sink = new NestLogger('TypeORM')) {}

  logQuery(): void {
    /* successful queries are not logged */
  }

  logQueryError(error: string | Error, query: string): void {
    this.sink.error(`query failed (${describeError(error)}): ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.sink.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(): void {
    /* schema is never synchronised */
  }

  logMigration(message: string): void {
    this.sink.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.sink.warn(String(message));
  }
}

function describeError(error: string | Error): string {
  if (typeof error === 'string') return 'error';
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code !== 'string') return error.name;
  return VALUE_QUOTING_CLASSES.includes(code.slice(0, 2)) ? code : `${code} ${error.message}`;
}
