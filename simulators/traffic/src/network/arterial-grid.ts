/**
 * Builds a signalised grid of arterials as a network model: the shared engine behind the Xi'an demo network and
 * the synthetic load-test grids. Pure and deterministic: the same spec always yields the same file, byte for byte.
 */
import { NETWORK_FORMAT, NETWORK_FORMAT_VERSION, type Approach, type DetectorFeature, type DetectorProperties, type IntersectionFeature, type LinkFeature, type NetworkModel } from '@arterial/contracts/network';
import { alongWithOffset, bearingDeg, distanceM, LocalProjection, type LocalPoint, type LonLat } from '../geo/local-projection';
import { fourPhasePlan, LANE_WIDTH_M, LEG_BEARING_DEG, LEGS, type Leg, type LegRoad } from './phasing';
import { allocateSplits, cycleNeededS, greenStartS, greenWaveOffsetS, SATURATION_FLOW_VPHPL } from './timing-plan';

export interface RoadName {
  name: string;
  nameZh?: string;
}

/** How much traffic a corridor carries; sets design flows, hence green splits and simulated demand. */
export type Importance = 'major' | 'secondary' | 'minor';

/** Design peak-hour through flow per lane by importance (veh/h/lane); left-turn lanes carry half of it. */
export const DESIGN_THROUGH_VPHPL: Record<Importance, number> = { major: 420, secondary: 330, minor: 250 };
const LEFT_SHARE_OF_THROUGH = 0.5;

export interface Corridor {
  /** Metres from the grid origin: north of it for east–west corridors, east of it for north–south ones. */
  offsetM: number;
  /** Name along the corridor; `after` (if given) applies past the grid's name split, e.g. 西大街 → 东大街 at the Bell Tower. */
  before: RoadName;
  after?: RoadName;
  /** Lanes per direction. */
  lanes: number;
  speedKph: number;
  importance: Importance;
}

export interface ArterialGridSpec {
  name: string;
  /** Lon/lat of the local origin (0 m, 0 m). */
  origin: LonLat;
  zoom: number;
  /** East–west corridors, north to south. */
  rows: Corridor[];
  /** North–south corridors, west to east. */
  cols: Corridor[];
  intersectionId(row: number, col: number): string;
  /** Names for special junctions; otherwise the two road names. */
  intersectionName?(row: number, col: number): RoadName | undefined;
  /** Column (for east–west roads) and row (for north–south roads) where `before` names give way to `after`. */
  nameSplit?: { col: number; row: number };
  boundaryLinkLengthM: number;
  detectorIntervalS: number;
  /** Common cycle for coordination: the longest any junction needs, within these bounds. */
  cycleBoundsS: { min: number; max: number };
  /** Design speed of the eastbound green wave. */
  progressionKph: number;
  planId: string;
}

interface Node {
  id: string;
  point: LocalPoint;
}

interface LinkDraft {
  id: string;
  from: Node;
  to: Node;
  corridor: Corridor;
  name: RoadName;
}

const ADVANCE_DETECTOR_M = 80;
const STOP_BAR_DETECTOR_M = 1;

export function buildArterialGrid(spec: ArterialGridSpec): NetworkModel {
  const projection = new LocalProjection(spec.origin);
  const nodes = spec.rows.map((row, r) =>
    spec.cols.map((col, c): Node => ({ id: spec.intersectionId(r, c), point: { x: col.offsetM, y: row.offsetM } })),
  );
  const nodeAt = (r: number, c: number): Node => nodes[r]![c]!;
  const links = buildLinks(spec, nodeAt);
  const inbound = new Map<string, Map<Leg, LinkDraft>>();
  for (const link of links) {
    const leg = legFacing(link.to.point, link.from.point);
    const legs = inbound.get(link.to.id) ?? new Map<Leg, LinkDraft>();
    legs.set(leg, link);
    inbound.set(link.to.id, legs);
  }

  const junctions = spec.rows.flatMap((row, r) => spec.cols.map((col, c) => designJunction(spec, nodeAt(r, c), inbound, r, c, row, col)));
  const cycleS = commonCycleS(spec, junctions);
  const westM = Math.min(...spec.cols.map((c) => c.offsetM));

  const intersections: IntersectionFeature[] = junctions.map((j) => {
    const splits = allocateSplits(j.phasing.phases, j.phasing.sequence, j.flowRatios, cycleS);
    const coordinatedStartS = greenStartS(j.phasing.phases, j.phasing.sequence, splits, 2);
    return {
      type: 'Feature',
      id: j.node.id,
      geometry: { type: 'Point', coordinates: projection.toLonLat(j.node.point) },
      properties: {
        kind: 'intersection',
        id: j.node.id,
        ...j.name,
        approaches: j.approaches,
        phases: j.phasing.phases,
        sequence: j.phasing.sequence,
        conflicts: j.phasing.conflicts,
        fallbackPlan: {
          planId: spec.planId,
          cycleS,
          offsetS: greenWaveOffsetS(j.node.point.x - westM, spec.progressionKph, coordinatedStartS, cycleS),
          splits,
        },
      },
    };
  });

  const linkFeatures: LinkFeature[] = links.map((l) => {
    // Each direction is drawn down the middle of its own carriageway, so both show on the map.
    const rightM = (l.corridor.lanes * LANE_WIDTH_M) / 2;
    const length = distanceM(l.from.point, l.to.point);
    const start = alongWithOffset(l.from.point, l.to.point, 0, rightM);
    const end = alongWithOffset(l.from.point, l.to.point, length, rightM);
    return {
      type: 'Feature',
      id: l.id,
      geometry: { type: 'LineString', coordinates: [projection.toLonLat(start), projection.toLonLat(end)] },
      properties: {
        kind: 'link',
        id: l.id,
        ...l.name,
        fromNode: l.from.id,
        toNode: l.to.id,
        lanes: l.corridor.lanes,
        lengthM: Math.round(length),
        speedLimitKph: l.corridor.speedKph,
        capacityVph: l.corridor.lanes * SATURATION_FLOW_VPHPL,
      },
    };
  });

  const detectors = junctions.flatMap((j) => j.approaches.flatMap((a) => detectorsFor(spec, projection, j, a, inbound)));
  return {
    type: 'FeatureCollection',
    format: NETWORK_FORMAT,
    version: NETWORK_FORMAT_VERSION,
    name: spec.name,
    view: { center: spec.origin, zoom: spec.zoom },
    features: [...intersections, ...linkFeatures, ...detectors],
  };
}

function buildLinks(spec: ArterialGridSpec, nodeAt: (r: number, c: number) => Node): LinkDraft[] {
  const links: LinkDraft[] = [];
  const pair = (a: Node, b: Node, corridor: Corridor, name: RoadName): void => {
    links.push({ id: `${a.id}_${b.id}`, from: a, to: b, corridor, name });
    links.push({ id: `${b.id}_${a.id}`, from: b, to: a, corridor, name });
  };
  const boundary = (n: Node, leg: Leg): Node => {
    const rad = (LEG_BEARING_DEG[leg] * Math.PI) / 180;
    return {
      id: `${n.id}-B${leg}`,
      point: { x: n.point.x + Math.sin(rad) * spec.boundaryLinkLengthM, y: n.point.y + Math.cos(rad) * spec.boundaryLinkLengthM },
    };
  };
  const lastRow = spec.rows.length - 1;
  const lastCol = spec.cols.length - 1;
  spec.rows.forEach((row, r) => {
    const nameAt = (segment: number): RoadName => segmentName(row, segment, spec.nameSplit?.col);
    pair(boundary(nodeAt(r, 0), 'W'), nodeAt(r, 0), row, nameAt(0));
    for (let c = 0; c < lastCol; c++) pair(nodeAt(r, c), nodeAt(r, c + 1), row, nameAt(c + 1));
    pair(nodeAt(r, lastCol), boundary(nodeAt(r, lastCol), 'E'), row, nameAt(lastCol + 1));
  });
  spec.cols.forEach((col, c) => {
    const nameAt = (segment: number): RoadName => segmentName(col, segment, spec.nameSplit?.row);
    pair(boundary(nodeAt(0, c), 'N'), nodeAt(0, c), col, nameAt(0));
    for (let r = 0; r < lastRow; r++) pair(nodeAt(r, c), nodeAt(r + 1, c), col, nameAt(r + 1));
    pair(nodeAt(lastRow, c), boundary(nodeAt(lastRow, c), 'S'), col, nameAt(lastRow + 1));
  });
  return links;
}

/** Name of segment k, which runs from node k−1 to node k along the corridor. */
function segmentName(corridor: Corridor, segment: number, split: number | undefined): RoadName {
  return split !== undefined && segment > split && corridor.after ? corridor.after : corridor.before;
}

/** Name of a corridor at node k; at the split node both names, as locals say (西五路·东五路). */
function nodeName(corridor: Corridor, index: number, split: number | undefined): RoadName {
  if (split === undefined || !corridor.after || index < split) return corridor.before;
  if (index > split) return corridor.after;
  const zh = corridor.before.nameZh && corridor.after.nameZh ? `${corridor.before.nameZh}·${corridor.after.nameZh}` : undefined;
  return { name: `${corridor.before.name} / ${corridor.after.name}`, ...(zh ? { nameZh: zh } : {}) };
}

/** Which leg of `junction` the point `other` lies on. */
function legFacing(junction: LocalPoint, other: LocalPoint): Leg {
  const deg = bearingDeg(junction, other);
  return LEGS[Math.round(deg / 90) % 4]!;
}

interface JunctionDesign {
  node: Node;
  name: RoadName;
  approaches: Approach[];
  phasing: ReturnType<typeof fourPhasePlan>;
  flowRatios: Map<number, number>;
  /** Two major roads cross here. */
  majorJunction: boolean;
}

function designJunction(
  spec: ArterialGridSpec,
  node: Node,
  inbound: Map<string, Map<Leg, LinkDraft>>,
  r: number,
  c: number,
  row: Corridor,
  col: Corridor,
): JunctionDesign {
  const legs = inbound.get(node.id);
  const linkOn = (leg: Leg): LinkDraft => {
    const link = legs?.get(leg);
    if (!link) throw new Error(`junction ${node.id} has no ${leg} leg`);
    return link;
  };
  const approaches: Approach[] = LEGS.map((leg) => {
    const link = linkOn(leg);
    return { id: `${node.id}-${leg}`, linkId: link.id, bearingDeg: bearingDeg(link.from.point, link.to.point), lanes: link.corridor.lanes };
  });
  const legRoads = Object.fromEntries(
    LEGS.map((leg) => [leg, { approachId: `${node.id}-${leg}`, lanes: linkOn(leg).corridor.lanes, speedKph: linkOn(leg).corridor.speedKph } satisfies LegRoad]),
  ) as Record<Leg, LegRoad>;
  const phasing = fourPhasePlan(legRoads, approaches);
  const ewThrough = DESIGN_THROUGH_VPHPL[row.importance] / SATURATION_FLOW_VPHPL;
  const nsThrough = DESIGN_THROUGH_VPHPL[col.importance] / SATURATION_FLOW_VPHPL;
  const flowRatios = new Map([
    [2, ewThrough],
    [1, ewThrough * LEFT_SHARE_OF_THROUGH],
    [4, nsThrough],
    [3, nsThrough * LEFT_SHARE_OF_THROUGH],
  ]);
  const special = spec.intersectionName?.(r, c);
  const ew = nodeName(row, c, spec.nameSplit?.col);
  const ns = nodeName(col, r, spec.nameSplit?.row);
  const name: RoadName = special ?? {
    name: `${ns.name} & ${ew.name}`,
    ...(ns.nameZh && ew.nameZh ? { nameZh: `${ns.nameZh}与${ew.nameZh}交叉口` } : {}),
  };
  return { node, name, approaches, phasing, flowRatios, majorJunction: row.importance === 'major' && col.importance === 'major' };
}

function commonCycleS(spec: ArterialGridSpec, junctions: JunctionDesign[]): number {
  const needed = Math.max(...junctions.map((j) => cycleNeededS(j.phasing.phases, j.phasing.sequence, j.flowRatios)));
  // Whole tens of seconds, as traffic engineers set them.
  return Math.min(spec.cycleBoundsS.max, Math.max(spec.cycleBoundsS.min, Math.ceil(needed / 10) * 10));
}

/**
 * One stop-bar and one advance detector per approach, on the first through lane (lane 1, by the median, turns left).
 * Video at junctions of two major roads (their cameras also serve enforcement), radar upstream on major roads, loops elsewhere.
 */
function detectorsFor(
  spec: ArterialGridSpec,
  projection: LocalProjection,
  junction: JunctionDesign,
  approach: Approach,
  inbound: Map<string, Map<Leg, LinkDraft>>,
): DetectorFeature[] {
  const node = junction.node;
  const link = [...(inbound.get(node.id)?.values() ?? [])].find((l) => l.id === approach.linkId);
  if (!link) throw new Error(`approach ${approach.id} has no link`);
  const lane = Math.min(2, approach.lanes);
  const placements: { suffix: string; placement: DetectorProperties['placement']; distance: number; technology: DetectorProperties['technology'] }[] = [
    { suffix: 'S', placement: 'stop-bar', distance: STOP_BAR_DETECTOR_M, technology: junction.majorJunction ? 'video' : 'loop' },
    { suffix: 'A', placement: 'advance', distance: ADVANCE_DETECTOR_M, technology: link.corridor.importance === 'major' ? 'radar' : 'loop' },
  ];
  return placements.map((d) => {
    const id = `${approach.id}-${d.suffix}`;
    // Walk upstream from the stop line; lane centres lie left of the reversed heading, i.e. right of traffic.
    const at = alongWithOffset(node.point, link.from.point, d.distance, -(lane - 0.5) * LANE_WIDTH_M);
    return {
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: projection.toLonLat(at) },
      properties: {
        kind: 'detector',
        id,
        intersectionId: node.id,
        approachId: approach.id,
        linkId: link.id,
        lane,
        placement: d.placement,
        distanceFromStopLineM: d.distance,
        technology: d.technology,
        intervalS: spec.detectorIntervalS,
      },
    };
  });
}
