/**
 * Turns TypeBox schemas into schema objects of a generated document (OpenAPI, AsyncAPI): every nested schema
 * with an `$id` becomes one entry under `components/schemas`, referenced by `$ref`, so a shape that several
 * answers share (DetectorLive, SignalPlan, …) is written once and validators never see the same `$id` twice.
 */
import type { TSchema } from '@sinclair/typebox';
import { plainSchema } from './json-schemas';

/** `$id`s whose last segment is a version, not a name. */
const NAME_OVERRIDES: Readonly<Record<string, string>> = { 'arterial/network/v1': 'NetworkModel' };

/** `arterial/api/v1/DetectorSeries` → `DetectorSeries`. */
export function componentName(id: string): string {
  return NAME_OVERRIDES[id] ?? id.slice(id.lastIndexOf('/') + 1);
}

/** The JSON Schema dialect of the target document: TypeBox writes draft-07; OpenAPI 3.1 reads 2020-12. */
export type SchemaDialect = 'draft-07' | '2020-12';

/** Draft-07 tuples (`items: [...]`, `additionalItems`) in their 2020-12 spelling (`prefixItems`, `items`). */
function tupleIn202012(node: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(node.items)) return node;
  const { items, additionalItems, ...rest } = node;
  return { ...rest, prefixItems: items, ...(additionalItems === undefined ? {} : { items: additionalItems }) };
}

export class ComponentSchemas {
  private readonly schemas = new Map<string, { id: string; schema: Record<string, unknown> }>();

  constructor(
    private readonly refPrefix: string,
    private readonly dialect: SchemaDialect,
  ) {}

  /** The schema as it appears in the document: a `$ref` when it has an `$id`, else inline with its named parts referenced. */
  use(schema: TSchema): Record<string, unknown> {
    return this.walk(plainSchema(schema)) as Record<string, unknown>;
  }

  /** The registered components, sorted by name so the document is stable. */
  all(): Record<string, Record<string, unknown>> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, { schema }]) => [name, schema]));
  }

  private walk(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((item) => this.walk(item));
    if (typeof node !== 'object' || node === null) return node;
    const { $id, ...rest } = node as Record<string, unknown>;
    const entries = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, this.walk(value)]));
    const walked = this.dialect === '2020-12' ? tupleIn202012(entries) : entries;
    if (typeof $id !== 'string') return walked;
    const name = componentName($id);
    const known = this.schemas.get(name);
    if (known && known.id !== $id) throw new Error(`schemas ${known.id} and ${$id} would both be components/schemas/${name}`);
    this.schemas.set(name, { id: $id, schema: walked });
    return { $ref: `${this.refPrefix}${name}` };
  }
}
