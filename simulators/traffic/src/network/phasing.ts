/**
 * Four-phase, NEMA-numbered phasing for an orthogonal four-leg junction, the common layout on Chinese arterials:
 * east–west through (2) → east–west protected left (1) → north–south through (4) → north–south protected left (3).
 * Right turns run with their through movement. Clearance and pedestrian times follow the geometry.
 */
import { legOfHeading, movementsConflict, type Approach, type Movement, type PhaseDefinition } from '@arterial/contracts/network';

export type Leg = 'N' | 'E' | 'S' | 'W';
export const LEGS: readonly Leg[] = ['N', 'E', 'S', 'W'];
export const LEG_BEARING_DEG: Record<Leg, number> = { N: 0, E: 90, S: 180, W: 270 };

export interface LegRoad {
  approachId: string;
  /** Lanes per direction on this leg. */
  lanes: number;
  speedKph: number;
}

export const LANE_WIDTH_M = 3.5;
/** Pedestrian design walking speed (GB 14886 uses 1.0–1.2 m/s). */
const PEDESTRIAN_SPEED_MPS = 1.2;
const PEDESTRIAN_WALK_S = 7;
/** Vehicle length used to clear the far side of the junction in the all-red. */
const VEHICLE_LENGTH_M = 6;

/** Kerb-to-kerb width of a two-way road: both carriageways plus a median on wide roads. */
export function roadWidthM(lanesPerDirection: number): number {
  return 2 * lanesPerDirection * LANE_WIDTH_M + (lanesPerDirection >= 3 ? 2 : 0);
}

function yellowS(speedKph: number): number {
  return speedKph >= 60 ? 4 : 3;
}

/** Time to clear the crossed road at the approach speed, rounded up to half a second, kept within 1.5–2 s. */
function allRedS(crossedWidthM: number, speedKph: number): number {
  const clearS = Math.ceil(((crossedWidthM + VEHICLE_LENGTH_M) / (speedKph / 3.6)) * 2) / 2;
  return Math.min(2, Math.max(1.5, clearS));
}

function pedestrianFor(crossedWidthM: number): { walkS: number; clearanceS: number } {
  return { walkS: PEDESTRIAN_WALK_S, clearanceS: Math.ceil(crossedWidthM / PEDESTRIAN_SPEED_MPS) };
}

/** English and Chinese name of a phase. */
type PhaseName = readonly [string, string];

function throughPhase(id: number, [name, nameZh]: PhaseName, legs: LegRoad[], crossedLanes: number, speedKph: number): PhaseDefinition {
  const crossedWidthM = roadWidthM(crossedLanes);
  const pedestrian = pedestrianFor(crossedWidthM);
  const movements: Movement[] = legs.flatMap((l) => [
    { approachId: l.approachId, turn: 'through' as const },
    { approachId: l.approachId, turn: 'right' as const },
  ]);
  return {
    id,
    name,
    nameZh,
    movements,
    pedestrian,
    // Pedestrians must be able to finish crossing before the conflicting green starts.
    minGreenS: Math.max(15, pedestrian.walkS + pedestrian.clearanceS),
    maxGreenS: 100,
    yellowS: yellowS(speedKph),
    allRedS: allRedS(crossedWidthM, speedKph),
  };
}

function leftPhase(id: number, [name, nameZh]: PhaseName, legs: LegRoad[], crossedLanes: number, speedKph: number): PhaseDefinition {
  return {
    id,
    name,
    nameZh,
    movements: legs.map((l) => ({ approachId: l.approachId, turn: 'left' as const, protected: true })),
    minGreenS: 7,
    maxGreenS: 50,
    yellowS: yellowS(speedKph),
    allRedS: allRedS(roadWidthM(crossedLanes), speedKph),
  };
}

export interface Phasing {
  phases: PhaseDefinition[];
  sequence: number[];
  conflicts: [number, number][];
}

export function fourPhasePlan(legs: Record<Leg, LegRoad>, approaches: Approach[]): Phasing {
  const ewLanes = Math.max(legs.E.lanes, legs.W.lanes);
  const nsLanes = Math.max(legs.N.lanes, legs.S.lanes);
  const ewSpeed = Math.max(legs.E.speedKph, legs.W.speedKph);
  const nsSpeed = Math.max(legs.N.speedKph, legs.S.speedKph);
  const phases = [
    throughPhase(2, ['East–west through', '东西直行'], [legs.E, legs.W], nsLanes, ewSpeed),
    leftPhase(1, ['East–west left', '东西左转'], [legs.E, legs.W], nsLanes, ewSpeed),
    throughPhase(4, ['North–south through', '南北直行'], [legs.N, legs.S], ewLanes, nsSpeed),
    leftPhase(3, ['North–south left', '南北左转'], [legs.N, legs.S], ewLanes, nsSpeed),
  ];
  return { phases, sequence: phases.map((p) => p.id), conflicts: conflictsOf(phases, approaches) };
}

/** Every pair of phases with at least one pair of crossing or merging movements, as [lower id, higher id]. */
export function conflictsOf(phases: PhaseDefinition[], approaches: Approach[]): [number, number][] {
  const legDeg = new Map(approaches.map((a) => [a.id, legOfHeading(a.bearingDeg)]));
  const legOf = (m: Movement): number => {
    const deg = legDeg.get(m.approachId);
    if (deg === undefined) throw new Error(`movement names unknown approach ${m.approachId}`);
    return deg;
  };
  const sorted = [...phases].sort((a, b) => a.id - b.id);
  const pairs: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      const crossing = a.movements.some((ma) =>
        b.movements.some((mb) => movementsConflict({ legDeg: legOf(ma), turn: ma.turn }, { legDeg: legOf(mb), turn: mb.turn })),
      );
      if (crossing) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}
