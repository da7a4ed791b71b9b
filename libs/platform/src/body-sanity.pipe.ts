import { ArgumentMetadata, Injectable, PipeTransform, UnprocessableEntityException } from '@nestjs/common';

export const MAX_JSON_DEPTH = 32;

/** Problems JSON.parse lets through but we refuse: deep nesting, NUL characters, non-finite numbers (1e999). */
export function findJsonProblem(value: unknown, path = 'body', depth = 0): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (typeof value === 'string') return value.includes('\u0000') ? `${path} must not contain NUL characters` : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} must be a finite number`;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path} has a key containing a NUL character`;
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
