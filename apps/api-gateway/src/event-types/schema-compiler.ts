import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { unsafePatternReason } from './pattern-guard';

/** A schema is kept small: it is compiled into code on every gateway and checked against every publish of its type. */
export const MAX_SCHEMA_BYTES = 64 * 1024;

export class InvalidSchemaError extends Error {}

/**
 * Compiles a JSON Schema (draft 2020-12). A fresh Ajv per schema, so one tenant's `$id`s never collide with or
 * resolve against another's; references outside the schema are not fetched, so they make it invalid.
 * Throws InvalidSchemaError naming what is wrong.
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, code: { regExp: guardedRegExp } });
  addFormats(ajv);
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new InvalidSchemaError(`schema is not a valid JSON Schema (draft 2020-12): ${(error as Error).message}`);
  }
}

/** `pattern` and `patternProperties` regular expressions, refused when they may backtrack exponentially. */
const guardedRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const unsafe = unsafePatternReason(pattern);
    if (unsafe) throw new Error(unsafe);
    return new RegExp(pattern, flags);
  },
  { code: 'new RegExp' },
);

/** The first validation error as `<where>/<path> <problem>`, e.g. `payload/items/0/price must be number`. */
export function describeSchemaError(where: string, errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return `${where} does not match the schema of its type`;
  const missing = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
  const problem = error.keyword === 'required' ? 'is required' : error.message ?? 'is invalid';
  return `${where}${error.instancePath}${missing} ${problem}`;
}
