import { routeLabel } from './http-metrics';

describe(routeLabel.name, () => {
  it('labels a matched request with its route pattern, not its URL', () => {
    expect(routeLabel({ route: { path: '/v1/events/:id' } })).toBe('/v1/events/:id');
  });

  it('labels a request no route matched as "unmatched", so unknown paths add no series', () => {
    expect(routeLabel({ route: undefined })).toBe('unmatched');
  });
});
