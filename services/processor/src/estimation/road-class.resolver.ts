/**
 * The road class GB/T 33171-2016 grades by. The network model v1 has no road-class field, so a class is read from an
 * optional extra property when a network carries one (`roadClass`, or OSM `highway` / SUMO edge `type` as a SUMO
 * conversion may keep), and otherwise defaults to arterial (主干路), the class of a signalised urban arterial grid,
 * with a note so the default is visible.
 */
import type { GbtRoadClass } from '@arterial/contracts/api/v1';
import type { LinkProperties } from '@arterial/contracts/network';

/** GB/T 33171-2016 groups: 快速路; 主干路; 次干路 and 支路 share one table row (a wire shape: the contract defines it). */
export type { GbtRoadClass };

export interface ResolvedRoadClass {
  readonly roadClass: GbtRoadClass;
  /** Set when the class was not given by the network and a default was used. */
  readonly note?: 'road-class-unknown-defaulted-to-arterial';
}

/**
 * Names seen in network files, mapped to the GB/T groups: the standard's own Chinese names and CJJ 37-2012 English
 * terms, OSM `highway` values (China's OSM tags urban 快速路 as motorway or trunk), SUMO's `highway.*` edge types.
 */
const NAMES: Record<string, GbtRoadClass> = {
  expressway: 'expressway',
  快速路: 'expressway',
  motorway: 'expressway',
  motorway_link: 'expressway',
  trunk: 'expressway',
  trunk_link: 'expressway',
  arterial: 'arterial',
  主干路: 'arterial',
  primary: 'arterial',
  primary_link: 'arterial',
  'secondary-branch': 'secondary-branch',
  secondary: 'secondary-branch',
  secondary_link: 'secondary-branch',
  次干路: 'secondary-branch',
  branch: 'secondary-branch',
  支路: 'secondary-branch',
  collector: 'secondary-branch',
  tertiary: 'secondary-branch',
  tertiary_link: 'secondary-branch',
  residential: 'secondary-branch',
  unclassified: 'secondary-branch',
  living_street: 'secondary-branch',
  local: 'secondary-branch',
};

const CANDIDATE_KEYS = ['roadClass', 'highway', 'type'] as const;

export function resolveRoadClass(link: LinkProperties): ResolvedRoadClass {
  const extra = link as unknown as Record<string, unknown>;
  for (const key of CANDIDATE_KEYS) {
    const raw = extra[key];
    if (typeof raw !== 'string') continue;
    // SUMO writes edge types as `highway.primary`; keep the last segment.
    const name = raw.trim().toLowerCase().split('.').pop() ?? '';
    const found = NAMES[name] ?? NAMES[raw.trim()];
    if (found) return { roadClass: found };
  }
  return { roadClass: 'arterial', note: 'road-class-unknown-defaulted-to-arterial' };
}

/** The district (area) a link belongs to for area indices: an optional `district` or `area` property, else the whole network. */
export const WHOLE_NETWORK = 'network';

export function districtOf(link: LinkProperties): string {
  const extra = link as unknown as Record<string, unknown>;
  for (const key of ['district', 'area'] as const) {
    const raw = extra[key];
    if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  }
  return WHOLE_NETWORK;
}
