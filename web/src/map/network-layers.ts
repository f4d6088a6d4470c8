/**
 * The network's sources and layers on a MapLibre map. `addNetworkLayers` adds them and returns the one
 * function that removes exactly what it added. No symbol layers: they need glyphs, and these maps run offline.
 */
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { NetworkIndex } from '../network/network-index';
import { CONGESTION_COLORS, DETECTOR_COLORS, FAULT_STROKE, INTERSECTION_COLORS, MAP_BACKGROUND, SELECTED_STROKE } from './palette';

/** A style with nothing remote in it: no tiles, no glyphs, no sprite. */
export const OFFLINE_BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }],
};

/** One source per feature kind: ids are unique within a kind only, and feature-state is keyed by source and id. */
export const SOURCES = { links: 'arterial-links', intersections: 'arterial-intersections', detectors: 'arterial-detectors' } as const;
export const LAYERS = {
  linkCasing: 'arterial-link-casing',
  links: 'arterial-links',
  intersections: 'arterial-intersections',
  detectors: 'arterial-detectors',
} as const;
/** Layers the pointer can pick, topmost first. */
export const PICKABLE_LAYERS: readonly string[] = [LAYERS.detectors, LAYERS.intersections];

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

function matchState(key: string, colors: Record<string, string>, fallback: string): ExpressionSpecification {
  const pairs = Object.entries(colors).flatMap(([value, color]) => [value, color]);
  return ['match', ['to-string', ['coalesce', ['feature-state', key], '']], ...pairs, fallback] as unknown as ExpressionSpecification;
}

const zoomed = (low: number | ExpressionSpecification, high: number | ExpressionSpecification): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  12,
  low,
  17,
  high,
];

function layers(): LayerSpecification[] {
  return [
    {
      id: LAYERS.linkCasing,
      type: 'line',
      source: SOURCES.links,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      // Links are directional; offsetting to the right of travel separates the two directions of a road.
      paint: { 'line-color': '#020617', 'line-width': zoomed(3, 10), 'line-offset': zoomed(1.5, 5), 'line-opacity': 0.9 },
    },
    {
      id: LAYERS.links,
      type: 'line',
      source: SOURCES.links,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': matchState('level', CONGESTION_COLORS, CONGESTION_COLORS.unknown),
        'line-width': zoomed(1.5, 6),
        'line-offset': zoomed(1.5, 5),
      },
    },
    {
      id: LAYERS.intersections,
      type: 'circle',
      source: SOURCES.intersections,
      paint: {
        'circle-color': matchState('status', INTERSECTION_COLORS, INTERSECTION_COLORS.unknown),
        'circle-radius': zoomed(['case', selected, 7, 4], ['case', selected, 16, 11]),
        'circle-stroke-color': ['case', selected, SELECTED_STROKE, ['boolean', ['feature-state', 'alarm'], false], FAULT_STROKE, '#0f172a'],
        'circle-stroke-width': ['case', selected, 3, ['boolean', ['feature-state', 'alarm'], false], 2.5, 1.5],
      },
    },
    {
      id: LAYERS.detectors,
      type: 'circle',
      source: SOURCES.detectors,
      minzoom: 13,
      paint: {
        'circle-color': matchState('status', DETECTOR_COLORS, DETECTOR_COLORS.unknown),
        'circle-radius': zoomed(['case', selected, 4, 2], ['case', selected, 8, 5]),
        'circle-stroke-color': ['case', selected, SELECTED_STROKE, '#020617'],
        'circle-stroke-width': ['case', selected, 2.5, 1],
      },
    },
  ];
}

function source(features: Iterable<{ type: 'Feature'; geometry: unknown; properties: unknown }>): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [...features] } as GeoJSONSourceSpecification['data'],
    // Feature-state needs ids; network ids are strings in properties.id.
    promoteId: 'id',
  };
}

/** Adds the network to a map whose style has loaded; returns the matching removal. */
export function addNetworkLayers(map: MapLibreMap, network: NetworkIndex): () => void {
  map.addSource(SOURCES.links, source(network.links.values()));
  map.addSource(SOURCES.intersections, source(network.intersections.values()));
  map.addSource(SOURCES.detectors, source(network.detectors.values()));
  const added = layers();
  for (const layer of added) map.addLayer(layer);
  return () => {
    for (const layer of [...added].reverse()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
    for (const id of Object.values(SOURCES)) if (map.getSource(id)) map.removeSource(id);
  };
}
