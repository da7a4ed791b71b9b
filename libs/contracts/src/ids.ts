const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id in the API is a UUID; anything else names nothing (and would make Postgres throw on a uuid cast). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The well-formed ids among `ids`, lower-cased and without repeats, ready for `= ANY($n::uuid[])`. */
export function distinctUuids(ids: unknown[]): string[] {
  return [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
}
