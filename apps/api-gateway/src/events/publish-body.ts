import { UnprocessableEntityException } from '@nestjs/common';
import { arrayMaxSize, arrayMinSize, isArray, isNotEmpty, isString, maxLength } from 'class-validator';
import { MAX_NAME_LENGTH } from '../common/validators';
import type { BatchEventItemDto, PublishBatchDto, PublishEventDto } from './dto/publish-event.dto';

/**
 * The publish bodies' validation written out once, instead of class-transformer + class-validator walking the
 * DTOs' metadata on every request (a tenth of the gateway's CPU per publish in issue 9's profile). It answers
 * exactly what the global ValidationPipe answers for PublishEventDto and PublishBatchDto (same checks, same
 * messages, same order: with stopAtFirstError class-validator reports the LAST declared failing check of a
 * property; publish-body.spec.ts compares the two), and keeps only the DTOs' properties, as `whitelist` does.
 */

/** A check: the message for `property`, or undefined when the value passes. */
type Check = (value: unknown, property: string) => string | undefined;

const notLonger: Check = (v, p) => (maxLength(v, MAX_NAME_LENGTH) ? undefined : `${p} must be shorter than or equal to ${MAX_NAME_LENGTH} characters`);
const notEmpty: Check = (v, p) => (isNotEmpty(v) ? undefined : `${p} should not be empty`);
const aString: Check = (v, p) => (isString(v) ? undefined : `${p} must be a string`);
const aJsonObject: Check = (v, p) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : `${p} must be a JSON object`);

/** `{ each: true }`: every element of an array, or a value that is not an array itself. */
const each = (value: unknown, test: (element: unknown) => boolean): boolean => (Array.isArray(value) ? value.every(test) : test(value));

/** The DTOs' checks, last declared first (the order class-validator tries them in). */
const NAME: Check[] = [notLonger, notEmpty, aString];
const CHANNELS: Check[] = [
  (v, p) => (each(v, (c) => maxLength(c, MAX_NAME_LENGTH)) ? undefined : `each value in ${p} must be shorter than or equal to ${MAX_NAME_LENGTH} characters`),
  (v, p) => (each(v, isNotEmpty) ? undefined : `each value in ${p} should not be empty`),
  (v, p) => (each(v, isString) ? undefined : `each value in ${p} must be a string`),
  (v, p) => (arrayMaxSize(v, 100) ? undefined : `${p} must contain no more than 100 elements`),
  (v, p) => (isArray(v) ? undefined : `${p} must be an array`),
];
const EVENTS: Check[] = [
  (v, p) => (arrayMaxSize(v, 1000) ? undefined : `${p} must contain no more than 1000 elements`),
  (v, p) => (arrayMinSize(v, 1) ? undefined : `${p} must contain at least 1 elements`),
  (v, p) => (isArray(v) ? undefined : `${p} must be an array`),
];

function firstProblem(checks: Check[], value: unknown, property: string, path: string, problems: string[]): void {
  for (const check of checks) {
    const problem = check(value, property);
    if (problem) {
      problems.push(path + problem);
      return;
    }
  }
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Checks one event's properties into `problems` (each prefixed with `path`) and returns only those properties. */
function checkEvent(body: unknown, path: string, problems: string[], withKey: boolean): BatchEventItemDto {
  const fields = fieldsOf(body);
  const event: Partial<BatchEventItemDto> = {};
  firstProblem(NAME, fields.type, 'type', path, problems);
  firstProblem([aJsonObject], fields.payload, 'payload', path, problems);
  if (fields.channels !== undefined && fields.channels !== null) firstProblem(CHANNELS, fields.channels, 'channels', path, problems);
  if (withKey && fields.idempotencyKey !== undefined && fields.idempotencyKey !== null) {
    firstProblem(NAME, fields.idempotencyKey, 'idempotencyKey', path, problems);
  }
  for (const name of withKey ? ['type', 'payload', 'channels', 'idempotencyKey'] : ['type', 'payload', 'channels']) {
    if (name in fields) (event as Record<string, unknown>)[name] = fields[name];
  }
  return event as BatchEventItemDto;
}

/** @ValidateNested({ each: true }) over `events`: objects are checked as events, arrays are walked, the rest refused. */
function checkEvents(items: unknown[], path: string, problems: string[]): BatchEventItemDto[] {
  return items.map((item, i) => {
    if (Array.isArray(item)) return checkEvents(item, `${path}${i}.`, problems) as unknown as BatchEventItemDto;
    if (typeof item === 'object' && item !== null) return checkEvent(item, `${path}${i}.`, problems, true);
    problems.push(`${path}each value in nested property events must be either object or array`);
    return item as BatchEventItemDto;
  });
}

function refuseAny(problems: string[]): void {
  if (problems.length > 0) throw new UnprocessableEntityException(problems);
}

export function parsePublishEvent(body: unknown): PublishEventDto {
  const problems: string[] = [];
  const event = checkEvent(body, '', problems, false);
  refuseAny(problems);
  return event;
}

export function parsePublishBatch(body: unknown): PublishBatchDto {
  const problems: string[] = [];
  const { events } = fieldsOf(body);
  firstProblem(EVENTS, events, 'events', '', problems);
  if (problems.length > 0) throw new UnprocessableEntityException(problems);
  const checked = checkEvents(events as unknown[], 'events.', problems);
  refuseAny(problems);
  return { events: checked };
}
