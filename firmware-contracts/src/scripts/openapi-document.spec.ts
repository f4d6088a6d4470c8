import { parse } from 'yaml';
import { API_ROUTES, ApiError, DetectorSeries } from '../api/v1';
import { PlanViolation } from '../network';
import { buildOpenApiDocument, renderOpenApiYaml } from './openapi-document';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

describe(buildOpenApiDocument.name, () => {
  const sut = buildOpenApiDocument;
  const doc = sut() as unknown as Document;

  const resolve = (ref: string): unknown =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);

  it('is OpenAPI 3.1 with one operation per route of the table', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations.map((op) => op.operationId).sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  it.each(Object.entries(API_ROUTES))('describes %s with its parameters, body and every status', (operationId, route) => {
    const op = doc.paths[route.path]?.[route.method];
    expect(op?.operationId).toBe(operationId);
    const guarded = route.minRole === 'public' ? [] : ['401', '403'];
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual([...new Set([...Object.keys(route.responses), ...guarded])].sort());
    const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    expect(op?.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(pathParams);
    expect(op?.requestBody !== undefined).toBe('body' in route);
  });

  it('resolves every $ref, and keeps $id out of the document', () => {
    const text = JSON.stringify(doc);
    const refs = text.match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(JSON.parse(`{${ref}}`).$ref as string)).toBeDefined();
    expect(text).not.toContain('"$id"');
  });

  it('writes each shared schema once, as a component', () => {
    const { $id: _error, ...error } = JSON.parse(JSON.stringify(ApiError)) as { $id: string; properties: Record<string, unknown> };
    expect(doc.components.schemas.ApiError).toEqual({
      ...error,
      properties: { ...error.properties, violations: { ...(error.properties.violations as object), items: { $ref: '#/components/schemas/PlanViolation' } } },
    });
    expect(doc.components.schemas.PlanViolation?.anyOf).toHaveLength(PlanViolation.anyOf.length);
    expect(doc.components.schemas.DetectorSeries?.properties).toMatchObject({ live: { anyOf: [{ $ref: '#/components/schemas/DetectorLive' }, { type: 'null' }] } });
    expect(doc.components.schemas.DetectorSeries?.title).toBe(DetectorSeries.title);
  });
});

describe(renderOpenApiYaml.name, () => {
  it('renders YAML that parses back to the document', () => {
    expect(parse(renderOpenApiYaml())).toEqual(buildOpenApiDocument());
  });
});

describe('OpenAPI schemas', () => {
  it('spell tuples the 2020-12 way (prefixItems), as OpenAPI 3.1 requires', () => {
    const text = JSON.stringify(buildOpenApiDocument());
    expect(text).toContain('"prefixItems"');
    expect(text).not.toContain('"additionalItems"');
    expect(text).not.toMatch(/"items":\[/);
  });
});
