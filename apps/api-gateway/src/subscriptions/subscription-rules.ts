import { UnprocessableEntityException } from '@nestjs/common';
import { validateFilter } from '@app/matching';
import { isPrivateLiteralHost } from '@app/platform';

const MAX_URL_AND_HEADERS = 4096;

export interface TargetRules {
  allowPrivateTargets: boolean;
  maxFilterNodes: number;
}

export interface TargetFields {
  url?: string | null;
  headers?: Record<string, string>;
  filter?: Record<string, unknown>;
}

/** Checks that need more than one field or the filter language; all problems are reported at once. */
export function assertValidTarget(fields: TargetFields, { allowPrivateTargets, maxFilterNodes }: TargetRules): void {
  const problems = fields.filter ? validateFilter(fields.filter, maxFilterNodes) : [];
  const headerChars = Object.entries(fields.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if ((fields.url?.length ?? 0) + headerChars > MAX_URL_AND_HEADERS) {
    problems.push(`url and headers together must be at most ${MAX_URL_AND_HEADERS} characters`);
  }
  if (fields.url && !allowPrivateTargets && isPrivateLiteralHost(new URL(fields.url).hostname)) {
    problems.push('url must not point at a loopback, private or link-local address (set ALLOW_PRIVATE_TARGETS=true to allow)');
  }
  if (problems.length > 0) throw new UnprocessableEntityException(problems);
}
