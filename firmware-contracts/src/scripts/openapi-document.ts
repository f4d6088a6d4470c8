/** The OpenAPI 3.1 document of the REST API, built from the route table of `api/v1`. */
import { stringify } from 'yaml';
import type { TObject } from '@sinclair/typebox';
import { ApiError } from '../api/v1/common.schema';
import { API_ROUTES, type ApiResponse, type ApiRoute } from '../api/v1/routes';
import { CONTRACT_VERSION } from './asyncapi-document';
import { ComponentSchemas } from './component-schemas';

const TAGS = [
  { name: 'operations', description: 'Health and rejected messages.' },
  { name: 'network', description: 'The network model and the live state of its intersections.' },
  { name: 'history', description: 'Stored time series.' },
  { name: 'control', description: 'Signal plans sent to controllers.' },
  { name: 'alerts', description: 'Alerts raised for operators, and their acknowledgement.' },
  { name: 'indicators', description: 'Traffic estimates, detector data quality and the KPIs of the indicator centre.' },
  { name: 'access', description: 'Sign-in, users and the security audit log.' },
];

/** What every route that needs a token may also answer (the guard answers before the route runs). */
function accessResponses(route: ApiRoute): Record<number, ApiResponse> {
  if (route.minRole === 'public') return {};
  return {
    401: { description: 'No token, or an invalid or expired one.', schema: ApiError },
    403: { description: `The user's role is below \`${route.minRole}\`.`, schema: ApiError },
  };
}

function parameters(components: ComponentSchemas, where: 'path' | 'query', object: TObject | undefined): Record<string, unknown>[] {
  if (!object) return [];
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).map(([name, property]) => {
    const { description, ...schema } = components.use(property);
    return { name, in: where, required: where === 'path' || required.has(name), ...(typeof description === 'string' ? { description } : {}), schema };
  });
}

function operation(components: ComponentSchemas, operationId: string, route: ApiRoute): Record<string, unknown> {
  const params = [...parameters(components, 'path', route.params), ...parameters(components, 'query', route.query)];
  const responses = Object.fromEntries(
    Object.entries({ ...route.responses, ...accessResponses(route) }).map(([status, response]) => [
      status,
      { description: response.description, content: { [response.contentType ?? 'application/json']: { schema: components.use(response.schema) } } },
    ]),
  );
  return {
    operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: route.minRole === 'public' ? [] : [{ bearer: [] }],
    'x-min-role': route.minRole,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: components.use(route.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, as a plain object. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const components = new ComponentSchemas('#/components/schemas/', '2020-12');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(API_ROUTES) as [string, ApiRoute][]) {
    const item = (paths[route.path] ??= {});
    item[route.method] = operation(components, operationId, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Arterial REST API',
      version: CONTRACT_VERSION,
      description: [
        'The REST API of the Arterial centre, version 1.',
        'Generated from firmware-contracts/src/api/v1 by `npm run generate`; do not edit by hand.',
        'Query strings and bodies are validated against these schemas: bad input gets a 400 whose `path` names the failing field.',
        'Times are epoch milliseconds (UTC); durations carry their unit in their name (`cycleS`, `stepS`).',
        'The live feed (WebSocket `/ws`) is described in asyncapi.yaml.',
        'Every route except sign-in and the probes needs `Authorization: Bearer <token>`; `x-min-role` names the least role that may call it.',
      ].join(' '),
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [{ url: '/', description: 'The processor serving this document (HTTP_PORT, default 8080).' }],
    tags: TAGS,
    paths,
    components: {
      schemas: components.all(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from `POST /api/auth/login` (or the configured OIDC provider).' } },
    },
  };
}

/** The document as YAML text, exactly as committed. */
export function renderOpenApiYaml(): string {
  // No YAML anchors: readers of the file (and diff reviewers) should see every schema where it is used.
  return stringify(buildOpenApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
