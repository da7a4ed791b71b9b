import 'reflect-metadata';
import { HttpException, ValidationPipe } from '@nestjs/common';
import { VALIDATION_OPTIONS } from '@app/platform';
import { PublishBatchDto, PublishEventDto } from './dto/publish-event.dto';
import { parsePublishBatch, parsePublishEvent } from './publish-body';

/** What the class-validator pipe answers: the transformed body, or the 422's messages. */
async function byClassValidator(dto: typeof PublishEventDto | typeof PublishBatchDto, body: unknown): Promise<unknown> {
  try {
    return { ok: JSON.parse(JSON.stringify(await new ValidationPipe(VALIDATION_OPTIONS).transform(body, { type: 'body', metatype: dto }))) };
  } catch (error) {
    return { status: (error as HttpException).getStatus(), problems: ((error as HttpException).getResponse() as { message: string[] }).message };
  }
}

function byParser(parse: (body: unknown) => unknown, body: unknown): unknown {
  try {
    return { ok: JSON.parse(JSON.stringify(parse(body))) };
  } catch (error) {
    return { status: (error as HttpException).getStatus(), problems: ((error as HttpException).getResponse() as { message: string[] }).message };
  }
}

const long = 'x'.repeat(257);
const events: unknown[] = [
  {}, { type: '' }, { type: 5, payload: null, channels: 'x' }, { type: long, payload: [], channels: [1, '', 5] },
  { type: 'a', payload: {}, channels: ['', 1] }, { type: 'a', payload: {}, channels: [''] }, { type: 'a', payload: {}, channels: [long] },
  { type: 'a', payload: {}, channels: Array.from({ length: 101 }, () => 'c') }, { type: 'a', payload: { q: 1 }, extra: 1, channels: null },
  { type: 'a', payload: {}, channels: [] }, { type: 'a', payload: { deep: { x: [1] } }, channels: ['😀'.repeat(200)] },
  { type: '😀'.repeat(200), payload: {} }, { type: 'a', payload: {}, idempotencyKey: 'dropped here' }, null, [1], 'text', 7,
];
const batches: unknown[] = [
  {}, { events: [] }, { events: 'x' }, { events: { a: 1 } }, { events: null },
  { events: [1, null, { type: 'a', payload: {}, idempotencyKey: '' }, { x: 1 }] },
  { events: [{ type: 'a', payload: {}, idempotencyKey: 'k', z: 1 }], y: 2 },
  { events: [{ type: 'a', payload: {}, idempotencyKey: 5 }, { type: 'b', payload: {}, idempotencyKey: long, channels: ['c'] }] },
  { events: [[1], [], { type: 'a', payload: {}, channels: 'q' }] }, { events: [{ type: 'a', payload: {} }, null] },
  { events: Array.from({ length: 1001 }, () => ({ type: 'a', payload: {} })) },
  { events: Array.from({ length: 1000 }, (_, i) => ({ type: `t${i}`, payload: { i } })) }, [1], null,
];

describe('publish bodies validated without class-validator', () => {
  it.each(events.map((body) => [JSON.stringify(body)?.slice(0, 80), body]))('answers a single event as the ValidationPipe does: %s', async (_, body) => {
    expect(byParser(parsePublishEvent, body)).toEqual(await byClassValidator(PublishEventDto, body));
  });

  it.each(batches.map((body) => [JSON.stringify(body)?.slice(0, 80), body]))('answers a batch as the ValidationPipe does: %s', async (_, body) => {
    expect(byParser(parsePublishBatch, body)).toEqual(await byClassValidator(PublishBatchDto, body));
  });
});
