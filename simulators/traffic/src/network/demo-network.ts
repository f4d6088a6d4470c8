/**
 * The demo network: the arterial grid of Xi'an's walled city around the Bell Tower (钟楼, 34.2610 N, 108.9423 E).
 * Six east–west by seven north–south corridors, 42 signalised junctions at 520–600 m spacing, from the ring roads
 * outside the city wall (环城路) to the four great streets that meet at the Bell Tower. Geometry is straightened
 * into a grid; names and widths follow the real streets.
 */
import type { NetworkModel } from '@arterial/contracts/network';
import { buildArterialGrid, type ArterialGridSpec, type Corridor } from './arterial-grid';

export const BELL_TOWER_LON_LAT: [number, number] = [108.9423, 34.261];

const ROW_LETTERS = 'ABCDEF';

/** East–west corridors, north to south. */
const ROWS: Corridor[] = [
  { offsetM: 1600, before: { name: 'Huancheng North Road', nameZh: '环城北路' }, lanes: 3, speedKph: 60, importance: 'major' },
  {
    offsetM: 1050,
    before: { name: 'West Fifth Road', nameZh: '西五路' },
    after: { name: 'East Fifth Road', nameZh: '东五路' },
    lanes: 2,
    speedKph: 50,
    importance: 'secondary',
  },
  {
    offsetM: 520,
    before: { name: 'Lianhu Road', nameZh: '莲湖路' },
    after: { name: 'Xixin Street', nameZh: '西新街' },
    lanes: 2,
    speedKph: 50,
    importance: 'secondary',
  },
  { offsetM: 0, before: { name: 'West Street', nameZh: '西大街' }, after: { name: 'East Street', nameZh: '东大街' }, lanes: 3, speedKph: 50, importance: 'major' },
  {
    offsetM: -560,
    before: { name: 'Xiangzimiao Street', nameZh: '湘子庙街' },
    after: { name: 'Dongmutoushi', nameZh: '东木头市' },
    lanes: 2,
    speedKph: 50,
    importance: 'minor',
  },
  { offsetM: -1150, before: { name: 'Huancheng South Road', nameZh: '环城南路' }, lanes: 3, speedKph: 60, importance: 'major' },
];

/** North–south corridors, west to east. */
const COLS: Corridor[] = [
  { offsetM: -1700, before: { name: 'Huancheng West Road', nameZh: '环城西路' }, lanes: 3, speedKph: 60, importance: 'major' },
  {
    offsetM: -1150,
    before: { name: 'Sajinqiao', nameZh: '洒金桥' },
    after: { name: 'Tianshuijing Street', nameZh: '甜水井街' },
    lanes: 2,
    speedKph: 50,
    importance: 'minor',
  },
  {
    offsetM: -560,
    before: { name: 'Beiguangji Street', nameZh: '北广济街' },
    after: { name: 'Nanguangji Street', nameZh: '南广济街' },
    lanes: 2,
    speedKph: 50,
    importance: 'minor',
  },
  { offsetM: 0, before: { name: 'North Street', nameZh: '北大街' }, after: { name: 'South Street', nameZh: '南大街' }, lanes: 4, speedKph: 50, importance: 'major' },
  {
    offsetM: 560,
    before: { name: 'Beixin Street', nameZh: '北新街' },
    after: { name: 'Duanlümen', nameZh: '端履门' },
    lanes: 2,
    speedKph: 50,
    importance: 'secondary',
  },
  {
    offsetM: 1150,
    before: { name: 'Shangde Road', nameZh: '尚德路' },
    after: { name: 'Heping Road', nameZh: '和平路' },
    lanes: 3,
    speedKph: 50,
    importance: 'secondary',
  },
  { offsetM: 1700, before: { name: 'Huancheng East Road', nameZh: '环城东路' }, lanes: 3, speedKph: 60, importance: 'major' },
];

const BELL_TOWER = { row: 3, col: 3 };

export const DEMO_NETWORK_SPEC: ArterialGridSpec = {
  name: "Xi'an walled city (demo)",
  origin: BELL_TOWER_LON_LAT,
  zoom: 14,
  rows: ROWS,
  cols: COLS,
  intersectionId: (r, c) => `XA-${ROW_LETTERS[r] ?? `R${r}`}${c + 1}`,
  intersectionName: (r, c) => (r === BELL_TOWER.row && c === BELL_TOWER.col ? { name: 'Bell Tower', nameZh: '钟楼' } : undefined),
  nameSplit: BELL_TOWER,
  boundaryLinkLengthM: 400,
  detectorIntervalS: 10,
  cycleBoundsS: { min: 90, max: 180 },
  progressionKph: 40,
  planId: 'fallback-fixed',
};

export function demoNetwork(): NetworkModel {
  return buildArterialGrid(DEMO_NETWORK_SPEC);
}
