import { ArgumentMetadata, Injectable, PipeTransform, UnprocessableEntityException } from '@nestjs/common';

export const MAX_JSON_DEPTH = 32;

/** Half of a UTF-16 surrogate pair on its own: valid JSON, but not valid Unicode, and Postgres refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function stringProblem(value: string, path: string): string | undefined {
  if (value.includes('\u0000')) return `${path} must not contain NUL characters`;
  if (LONE_SURROGATE.test(value)) return `${path} must not contain a lone UTF-16 surrogate`;
  return undefined;
}

/** Problems JSON.parse lets through but we refuse: deep nesting, NUL characters, non-finite numbers (1e999). */
export function findJsonProblem(value: unknown, path = 'body', depth = 0): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (typeof value === 'string') return stringProblem(value, path);
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} must be a finite number`;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (stringProblem(key, path)) return `${path} has a key with a NUL character or a lone UTF-16 surrogate`;
    const problem = findJsonProblem(child, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

@Injectable()
export class BodySanityPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const problem = findJsonProblem(value);
    if (problem) throw new UnprocessableEntityException([problem.replace(/^body\./, '')]);
    return value;
  }
}
