import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * The one way query-string fields are declared. Every query value arrives as text (or an array/object for
 * `a=1&a=2` / `a[b]=1`); these turn exactly the text they document into a typed value and leave anything else
 * as it is, so the validators answer 422 naming the field. NUL characters, lone surrogates and values over
 * 2048 characters are refused before this for every route (QuerySanityPipe).
 */

/** Postgres `integer`: the bound of every count, offset and page here, so no value overflows a query. */
export const MAX_PG_INT = 2_147_483_647;
/** The last instant a JavaScript Date (and so the driver) can hold; Postgres goes further. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

const DECIMAL_INTEGER = /^-?\d+$/;
const DECIMAL_NUMBER = /^-?\d+(\.\d+)?$/;

/** Plain decimal text only: "1e3", "0x10", " 7" and "" are not numbers here (Number() would accept them). */
function parsedWith(pattern: RegExp) {
  return ({ value }: { value: unknown }) => (typeof value === 'string' && pattern.test(value) ? Number(value) : value);
}

export function QueryInt(min: number, max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, description }),
    IsOptional(), Transform(parsedWith(DECIMAL_INTEGER)), IsInt(), Min(min), Max(max),
  );
}

/** Fractions allowed (e.g. a wait in seconds). */
export function QueryNumber(min: number, max: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'number', minimum: min, maximum: max, description }),
    IsOptional(), Transform(parsedWith(DECIMAL_NUMBER)), IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max),
  );
}

/** Epoch milliseconds from 1970 to the last instant a Date can hold. */
export function QueryEpochMs(description?: string): PropertyDecorator {
  return QueryInt(0, MAX_EPOCH_MS, description ?? 'epoch milliseconds');
}

export function QueryText(maxLength: number, description?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: 'string', maxLength, description }), IsOptional(), IsString(), MaxLength(maxLength));
}

export function QueryEnum(values: readonly string[], description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', enum: [...values], description }),
    IsOptional(), IsIn(values, { message: ({ property }) => `${property} must be one of ${values.join(', ')}` }),
  );
}

/** "true" or "false", nothing else. */
export function QueryBoolean(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'boolean', description }),
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsIn([true, false], { message: ({ property }) => `${property} must be true or false` }),
  );
}
