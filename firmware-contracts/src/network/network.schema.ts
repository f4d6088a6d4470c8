/**
 * Network model file format, version 1: GeoJSON (WGS84) with typed properties.
 * The simulator, processor, map and replay all read the same file; this schema is its only definition.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ID_PATTERN } from '../mqtt/v1/schemas';

const Id = Type.String({ pattern: ID_PATTERN });
const LonLat = Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]);
const PhaseId = Type.Integer({ minimum: 1, maximum: 32 });

export const Turn = Type.Union([Type.Literal('left'), Type.Literal('through'), Type.Literal('right'), Type.Literal('u-turn')]);
export type Turn = Static<typeof Turn>;

export const Movement = Type.Object({ approachId: Id, turn: Turn, protected: Type.Optional(Type.Boolean()) });
export type Movement = Static<typeof Movement>;

export const PhaseDefinition = Type.Object({
  id: PhaseId,
  name: Type.String({ minLength: 1, maxLength: 64 }),
  /** Optional Chinese name shown by the zh-CN UI. */
  nameZh: Type.Optional(Type.String({ maxLength: 64 })),
  movements: Type.Array(Movement),
  /** Pedestrian crossing served with this phase, if any. */
  pedestrian: Type.Optional(
    Type.Object({
      walkS: Type.Number({ minimum: 0 }),
      clearanceS: Type.Number({ minimum: 0 }),
      /** Optional: length of the crossing, m; when given, clearanceS must cover it at 1.07 m/s. */
      crossingM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 200 })),
      /** Optional: low pedestrian volume, so a 4 s walk is allowed instead of 7 s. */
      lowVolume: Type.Optional(Type.Boolean()),
    }),
  ),
  minGreenS: Type.Number({ minimum: 0, maximum: 120 }),
  maxGreenS: Type.Number({ minimum: 0, maximum: 300 }),
  yellowS: Type.Number({ minimum: 0, maximum: 10 }),
  allRedS: Type.Number({ minimum: 0, maximum: 10 }),
  /** Optional: 85th-percentile (or limit) speed of the phase's approaches, km/h; with it yellowS is checked against the ITE formula. */
  approachSpeedKph: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 200 })),
  /** Optional: approach grade in percent, positive uphill (default 0). */
  gradePct: Type.Optional(Type.Number({ minimum: -20, maximum: 20 })),
  /** Optional: distance from the stop line to the far conflict point, m; with approachSpeedKph, allRedS is checked against (W + 6 m) / v. */
  crossingWidthM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 200 })),
});
export type PhaseDefinition = Static<typeof PhaseDefinition>;

export const Approach = Type.Object({
  id: Id,
  linkId: Id,
  bearingDeg: Type.Number({ minimum: 0, maximum: 360 }),
  lanes: Type.Integer({ minimum: 1, maximum: 12 }),
  /**
   * Optional lane use: the turns each lane serves, one entry per lane, lane 1 first (the detectors' `lane` numbering:
   * the kerbside lane in right-hand traffic). With it, per-lane detector counts give turning flows where a lane serves
   * one turn alone (a turn bay); without it, planning assumes default turning shares.
   */
  laneTurns: Type.Optional(Type.Array(Type.Array(Turn, { minItems: 1, maxItems: 4 }), { minItems: 1, maxItems: 12 })),
});
export type Approach = Static<typeof Approach>;

export const FallbackPlan = Type.Object({
  planId: Id,
  cycleS: Type.Integer({ minimum: 20, maximum: 600 }),
  offsetS: Type.Number({ minimum: 0 }),
  splits: Type.Array(Type.Object({ phase: PhaseId, greenS: Type.Number({ minimum: 0 }) }), { minItems: 1 }),
});
export type FallbackPlan = Static<typeof FallbackPlan>;

export const IntersectionProperties = Type.Object({
  kind: Type.Literal('intersection'),
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 128 }),
  /** Optional Chinese name shown by the zh-CN UI. */
  nameZh: Type.Optional(Type.String({ maxLength: 128 })),
  approaches: Type.Array(Approach, { minItems: 1 }),
  phases: Type.Array(PhaseDefinition, { minItems: 2 }),
  /** Ring-barrier order in which phases are served (single ring, phases in sequence). */
  sequence: Type.Array(PhaseId, { minItems: 2 }),
  /** Pairs of phases that must never show green at the same time. */
  conflicts: Type.Array(Type.Tuple([PhaseId, PhaseId])),
  fallbackPlan: FallbackPlan,
  /** Optional: shortest and longest cycle plans may use, s (default DEFAULT_CYCLE_BOUNDS in plan-safety.ts). */
  cycleBounds: Type.Optional(Type.Object({ minS: Type.Number({ minimum: 20, maximum: 600 }), maxS: Type.Number({ minimum: 20, maximum: 600 }) })),
  /** Optional: largest change of the cycle and of any green from one plan to the next, s (default DEFAULT_MAX_CHANGE_PER_CYCLE_S). */
  maxChangePerCycleS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 600 })),
});
export type IntersectionProperties = Static<typeof IntersectionProperties>;

export const LinkProperties = Type.Object({
  kind: Type.Literal('link'),
  id: Id,
  name: Type.String({ maxLength: 128 }),
  nameZh: Type.Optional(Type.String({ maxLength: 128 })),
  /** Node ids at both ends: an intersection id, or a boundary node id for links entering or leaving the network. */
  fromNode: Id,
  toNode: Id,
  lanes: Type.Integer({ minimum: 1, maximum: 12 }),
  lengthM: Type.Number({ exclusiveMinimum: 0 }),
  speedLimitKph: Type.Number({ exclusiveMinimum: 0, maximum: 200 }),
  capacityVph: Type.Number({ exclusiveMinimum: 0, description: 'Saturation capacity of the whole link, vehicles per hour.' }),
});
export type LinkProperties = Static<typeof LinkProperties>;

export const DetectorProperties = Type.Object({
  kind: Type.Literal('detector'),
  id: Id,
  intersectionId: Id,
  approachId: Id,
  linkId: Id,
  lane: Type.Integer({ minimum: 1, maximum: 12 }),
  /**
   * Optional: the approach lanes (1-based, as `lane`) the vehicles crossing this detector go on to, when it lies before
   * a lane split (a turn bay opening between it and the stop line) and so sees the queues of several stop-line lanes;
   * `lane` is then the first of them. Default: `lane` alone.
   */
  feedsLanes: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { minItems: 1, maxItems: 12 })),
  placement: Type.Union([Type.Literal('stop-bar'), Type.Literal('advance')]),
  distanceFromStopLineM: Type.Number({ minimum: 0 }),
  technology: Type.Union([Type.Literal('loop'), Type.Literal('radar'), Type.Literal('video')]),
  intervalS: Type.Integer({ minimum: 1, maximum: 3600 }),
});
export type DetectorProperties = Static<typeof DetectorProperties>;

const Point = Type.Object({ type: Type.Literal('Point'), coordinates: LonLat });
const LineString = Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(LonLat, { minItems: 2 }) });

export const IntersectionFeature = Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Id), geometry: Point, properties: IntersectionProperties });
export const LinkFeature = Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Id), geometry: LineString, properties: LinkProperties });
export const DetectorFeature = Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Id), geometry: Point, properties: DetectorProperties });
export type IntersectionFeature = Static<typeof IntersectionFeature>;
export type LinkFeature = Static<typeof LinkFeature>;
export type DetectorFeature = Static<typeof DetectorFeature>;
export type NetworkFeature = IntersectionFeature | LinkFeature | DetectorFeature;

export const NETWORK_FORMAT = 'arterial-network';
export const NETWORK_FORMAT_VERSION = 1;

export const NetworkModel = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    format: Type.Literal(NETWORK_FORMAT),
    version: Type.Literal(NETWORK_FORMAT_VERSION),
    name: Type.String({ minLength: 1 }),
    /** Map centre and zoom for a first view. */
    view: Type.Object({ center: LonLat, zoom: Type.Number({ minimum: 0, maximum: 22 }) }),
    features: Type.Array(Type.Union([IntersectionFeature, LinkFeature, DetectorFeature])),
  },
  { $id: 'arterial/network/v1', title: 'Arterial network model v1' },
);
export type NetworkModel = Static<typeof NetworkModel>;

const check = TypeCompiler.Compile(NetworkModel);

/** Validates a parsed network file: schema, then referential integrity. Throws with every problem found (first 10). */
export function parseNetworkModel(value: unknown): NetworkModel {
  if (!check.Check(value)) {
    const errors = [...check.Errors(value)].slice(0, 10).map((e) => `${e.path}: ${e.message}`);
    throw new Error(`network model is invalid: ${errors.join('; ')}`);
  }
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const f of value.features) {
    const key = `${f.properties.kind}:${f.properties.id}`;
    if (ids.has(key)) problems.push(`duplicate ${key}`);
    ids.set(key, f.properties.kind);
  }
  for (const f of value.features) {
    const p = f.properties;
    if (p.kind === 'detector') {
      if (!ids.has(`intersection:${p.intersectionId}`)) problems.push(`detector ${p.id} names unknown intersection ${p.intersectionId}`);
      if (!ids.has(`link:${p.linkId}`)) problems.push(`detector ${p.id} names unknown link ${p.linkId}`);
      if (p.feedsLanes && !p.feedsLanes.includes(p.lane)) problems.push(`detector ${p.id} feeds lanes ${p.feedsLanes.join(',')}, which leave out its own lane ${p.lane}`);
    } else if (p.kind === 'intersection') {
      const phaseIds = new Set(p.phases.map((ph) => ph.id));
      for (const id of p.sequence) if (!phaseIds.has(id)) problems.push(`intersection ${p.id} sequence names unknown phase ${id}`);
      for (const [a, b] of p.conflicts) if (!phaseIds.has(a) || !phaseIds.has(b)) problems.push(`intersection ${p.id} conflict names unknown phase ${a}/${b}`);
      for (const a of p.approaches) {
        if (!ids.has(`link:${a.linkId}`)) problems.push(`intersection ${p.id} approach ${a.id} names unknown link ${a.linkId}`);
        if (a.laneTurns && a.laneTurns.length !== a.lanes) problems.push(`intersection ${p.id} approach ${a.id} lists lane use for ${a.laneTurns.length} lanes, not its ${a.lanes}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`network model is inconsistent: ${problems.slice(0, 10).join('; ')}`);
  return value;
}

export function intersectionsOf(model: NetworkModel): IntersectionFeature[] {
  return model.features.filter((f): f is IntersectionFeature => f.properties.kind === 'intersection');
}
export function detectorsOf(model: NetworkModel): DetectorFeature[] {
  return model.features.filter((f): f is DetectorFeature => f.properties.kind === 'detector');
}
export function linksOf(model: NetworkModel): LinkFeature[] {
  return model.features.filter((f): f is LinkFeature => f.properties.kind === 'link');
}
