/**
 * Who may call a request, read from the contract's route table (`minRole` of each route): one source of truth for
 * the guard and the OpenAPI document. Outside /api (the web app, /metrics) and the API docs are public; a handler
 * under /api missing from the table needs admin, so a forgotten entry fails closed.
 */
import { API_ROUTES, type ApiRoute, type RouteAccess } from '@arterial/contracts/api/v1';

interface Matcher {
  method: string;
  pattern: RegExp;
  access: RouteAccess;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/api/intersections/{id}/plans` → a pattern on the request path (Express matches case-insensitively, with an optional trailing slash). */
function matcherOf(route: ApiRoute): Matcher {
  const source = route.path
    .split(/\{[^}]+\}/)
    .map(escape)
    .join('[^/]+');
  return { method: route.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`, 'i'), access: route.minRole };
}

const MATCHERS: readonly Matcher[] = (Object.values(API_ROUTES) as ApiRoute[]).map(matcherOf);
const PUBLIC_PREFIXES = [/^\/api\/docs(\/|$)/i];

export function routeAccess(method: string, path: string): RouteAccess {
  if (!/^\/api(\/|$)/i.test(path)) return 'public';
  if (PUBLIC_PREFIXES.some((p) => p.test(path))) return 'public';
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return MATCHERS.find((m) => m.method === verb && m.pattern.test(path))?.access ?? 'admin';
}
