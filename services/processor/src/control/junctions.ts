/**
 * What control needs from the network model: a junction's definition (phases, limits, fallback plan) by id.
 * A token rather than NetworkService, so the dispatcher runs against any model source (replay, tests).
 */
import type { IntersectionFeature } from '@arterial/contracts/network';

export interface Junctions {
  intersection(id: string): IntersectionFeature | undefined;
}

export const JUNCTIONS = Symbol('JUNCTIONS');
