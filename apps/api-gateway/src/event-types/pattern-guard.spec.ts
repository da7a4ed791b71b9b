import { unsafePatternReason } from './pattern-guard';

describe(unsafePatternReason.name, () => {
  it.each(['^[a-z]+$', '^\\d{3}-\\d{4}$', '^(foo|bar)$', '^([a-z]+\\.)?example\\.com$', '^(ab)+$', '[(+]*', '^\\(a+\\)+$', '^(a{1,3}){2}$'])(
    'lets %s through',
    (pattern) => expect(unsafePatternReason(pattern)).toBeUndefined(),
  );

  it.each(['^(a+)+$', '^(a|aa)*$', '^(\\w+\\s?)*$', '^((ab)*c)+$', '(x?){2,}', '^(a*)*b$', '^(.+){1,1000}$'])(
    'refuses %s',
    (pattern) => expect(unsafePatternReason(pattern)).toMatch(/backtrack/),
  );

  it('refuses a very long pattern', () => {
    expect(unsafePatternReason('a'.repeat(1001))).toMatch(/limited/);
  });
});
