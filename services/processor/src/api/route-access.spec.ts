import { API_ROUTES } from '@arterial/contracts/api/v1';
import { routeAccess } from './route-access';

describe(routeAccess.name, () => {
  const sut = routeAccess;

  it('reads the least role of every route from the contract table', () => {
    for (const route of Object.values(API_ROUTES)) {
      expect(sut(route.method, route.path.replace(/\{[^}]+\}/g, 'x1'))).toBe(route.minRole);
    }
  });

  it('matches as Express does: any case, optional trailing slash, HEAD as GET', () => {
    expect(sut('POST', '/API/Intersections/i1/OVERRIDES/')).toBe('operator');
    expect(sut('HEAD', '/api/audit')).toBe('engineer');
  });

  it('keeps the web app, /metrics and the API docs public, and fails closed on unlisted /api handlers', () => {
    expect(sut('GET', '/')).toBe('public');
    expect(sut('GET', '/metrics')).toBe('public');
    expect(sut('GET', '/api/docs/openapi.yaml')).toBe('public');
    expect(sut('GET', '/api/something-new')).toBe('admin');
    expect(sut('POST', '/api/health')).toBe('admin');
  });
});
