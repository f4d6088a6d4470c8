/**
 * A synthetic signalised grid for the control benchmark (the traffic simulator's generator lives in a package the
 * processor does not depend on): four-leg junctions with four phases (through and protected left per axis,
 * pedestrians on the through phases), links both ways between neighbours and from the boundary, and a stop-bar and
 * an advance detector per approach.
 */
import { parseNetworkModel, type NetworkFeature, type NetworkModel } from '@arterial/contracts/network';

type Leg = 'N' | 'E' | 'S' | 'W';
const HEADING: Record<Leg, number> = { N: 180, E: 270, S: 0, W: 90 };
const STEP: Record<Leg, [number, number]> = { N: [-1, 0], E: [0, 1], S: [1, 0], W: [0, -1] };

export function syntheticGrid(rows: number, cols: number, spacingM = 500): NetworkModel {
  const lat0 = 34.26;
  const lon0 = 108.94;
  const dLat = spacingM / 111_320;
  const dLon = spacingM / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const id = (r: number, c: number): string => `G${r}-${c}`;
  const at = (r: number, c: number): [number, number] => [lon0 + c * dLon, lat0 - r * dLat];
  const features: NetworkFeature[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const here = id(r, c);
      const major = r % 4 === 0 || c % 4 === 0;
      const approaches = (['N', 'E', 'S', 'W'] as Leg[]).map((leg) => {
        const [dr, dc] = STEP[leg];
        const inside = r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < cols;
        const from = inside ? id(r + dr, c + dc) : `${here}-B${leg}`;
        const linkId = `${from}_${here}`;
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [inside ? at(r + dr, c + dc) : [at(r, c)[0] + dc * dLon, at(r, c)[1] - dr * dLat], at(r, c)] },
          properties: { kind: 'link', id: linkId, name: linkId, fromNode: from, toNode: here, lanes: major ? 3 : 2, lengthM: spacingM, speedLimitKph: major ? 60 : 50, capacityVph: (major ? 3 : 2) * 1800 },
        });
        for (const placement of ['stop-bar', 'advance'] as const) {
          features.push({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: at(r, c) },
            properties: { kind: 'detector', id: `${here}-${leg}-${placement === 'advance' ? 'A' : 'S'}`, intersectionId: here, approachId: `${here}-${leg}`, linkId, lane: 2, placement, distanceFromStopLineM: placement === 'advance' ? 80 : 1, technology: 'loop', intervalS: 60 },
          });
        }
        return { id: `${here}-${leg}`, linkId, bearingDeg: HEADING[leg], lanes: major ? 3 : 2 };
      });
      const a = (leg: Leg): string => `${here}-${leg}`;
      const through = (legs: Leg[]) => legs.flatMap((leg) => [{ approachId: a(leg), turn: 'through' as const }, { approachId: a(leg), turn: 'right' as const }]);
      const left = (legs: Leg[]) => legs.map((leg) => ({ approachId: a(leg), turn: 'left' as const, protected: true }));
      const pedestrian = { walkS: 7, clearanceS: 15 };
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at(r, c) },
        properties: {
          kind: 'intersection',
          id: here,
          name: here,
          approaches,
          phases: [
            { id: 2, name: 'EW through', movements: through(['E', 'W']), pedestrian, minGreenS: 22, maxGreenS: 90, yellowS: 3, allRedS: 2 },
            { id: 1, name: 'EW left', movements: left(['E', 'W']), minGreenS: 7, maxGreenS: 40, yellowS: 3, allRedS: 2 },
            { id: 4, name: 'NS through', movements: through(['N', 'S']), pedestrian, minGreenS: 22, maxGreenS: 90, yellowS: 3, allRedS: 2 },
            { id: 3, name: 'NS left', movements: left(['N', 'S']), minGreenS: 7, maxGreenS: 40, yellowS: 3, allRedS: 2 },
          ],
          sequence: [2, 1, 4, 3],
          conflicts: [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]],
          fallbackPlan: { planId: 'tod', cycleS: 120, offsetS: 0, splits: [{ phase: 2, greenS: 36 }, { phase: 1, greenS: 16 }, { phase: 4, greenS: 36 }, { phase: 3, greenS: 12 }] },
        },
      });
    }
  }
  // Links leaving the grid at its edge, so exits exist in every direction.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (const leg of ['N', 'E', 'S', 'W'] as Leg[]) {
        const [dr, dc] = STEP[leg];
        if (r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < cols) continue;
        const here = id(r, c);
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [at(r, c), [at(r, c)[0] + dc * dLon, at(r, c)[1] - dr * dLat]] },
          properties: { kind: 'link', id: `${here}_${here}-X${leg}`, name: 'exit', fromNode: here, toNode: `${here}-X${leg}`, lanes: 2, lengthM: spacingM, speedLimitKph: 50, capacityVph: 3600 },
        });
      }
    }
  }
  return parseNetworkModel({ type: 'FeatureCollection', format: 'arterial-network', version: 1, name: `Synthetic grid ${rows} × ${cols}`, view: { center: at(rows / 2, cols / 2), zoom: 12 }, features });
}
