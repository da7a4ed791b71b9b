import { distinctUuids, isUuid } from './ids';

describe(isUuid.name, () => {
  it('accepts UUIDs in either case and nothing else', () => {
    expect(isUuid('0b8f5a2c-7d1e-4f3a-9c6b-2e4d6f8a0b1c')).toBe(true);
    expect(isUuid('0B8F5A2C-7D1E-4F3A-9C6B-2E4D6F8A0B1C')).toBe(true);
    for (const bad of ['', 'abc', '0b8f5a2c7d1e4f3a9c6b2e4d6f8a0b1c', ' 0b8f5a2c-7d1e-4f3a-9c6b-2e4d6f8a0b1c', 42, null, {}]) expect(isUuid(bad)).toBe(false);
  });
});

describe(distinctUuids.name, () => {
  it('keeps the well-formed ids once each, lower-cased', () => {
    const id = '0b8f5a2c-7d1e-4f3a-9c6b-2e4d6f8a0b1c';
    expect(distinctUuids([id, id.toUpperCase(), 'nope', 7, null])).toEqual([id]);
  });
});
