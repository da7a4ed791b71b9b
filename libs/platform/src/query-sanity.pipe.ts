import { ArgumentMetadata, Injectable, PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { stringProblem } from './body-sanity.pipe';

/** Longer than any id, name or filter a query string or path segment carries; a DTO may set a lower one. */
export const MAX_QUERY_VALUE_LENGTH = 2048;

function valueProblem(value: unknown, name: string): string | undefined {
  if (typeof value === 'string') {
    if (value.length > MAX_QUERY_VALUE_LENGTH) return `${name} must be at most ${MAX_QUERY_VALUE_LENGTH} characters`;
    return stringProblem(value, name);
  }
  if (value === null || typeof value !== 'object') return undefined;
  // The query parser turns `a[]=x` and `a[b]=x` into arrays and objects; their parts get the same care.
  for (const [key, child] of Object.entries(value)) {
    const problem = stringProblem(key, name) ?? valueProblem(child, Array.isArray(value) ? name : `${name}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Query strings and path parameters of every route: NUL characters and lone UTF-16 surrogates (Postgres refuses
 * both, which would surface as a 500) and very long values are a 422 before any DTO or route sees them.
 * Numbers, enums and lengths per field are the DTOs' job (apps/api-gateway/src/common/query-params.ts).
 */
@Injectable()
export class QuerySanityPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query' && metadata.type !== 'param') return value;
    const problem = metadata.data ? valueProblem(value, metadata.data) : this.firstProblem(value);
    if (problem) throw new UnprocessableEntityException([problem]);
    return value;
  }

  private firstProblem(all: unknown): string | undefined {
    if (all === null || typeof all !== 'object') return undefined;
    for (const [name, value] of Object.entries(all)) {
      const problem = stringProblem(name, 'a query parameter name') ?? valueProblem(value, name);
      if (problem) return problem;
    }
    return undefined;
  }
}
