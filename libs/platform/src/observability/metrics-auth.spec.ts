import { isScrapeAllowed } from './metrics-auth';

describe(isScrapeAllowed.name, () => {
  it('lets every scrape through when no token is configured', () => {
    expect(isScrapeAllowed(undefined, undefined)).toBe(true);
  });

  it('needs exactly the bearer token when one is configured', () => {
    expect(isScrapeAllowed('Bearer s3cret', 's3cret')).toBe(true);
    expect(isScrapeAllowed(undefined, 's3cret')).toBe(false);
    expect(isScrapeAllowed('Bearer s3cre', 's3cret')).toBe(false);
    expect(isScrapeAllowed('s3cret', 's3cret')).toBe(false);
  });
});
