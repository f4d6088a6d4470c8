/**
 * The network's sources and layers on a MapLibre map. `addNetworkLayers` adds them once and returns the one
 * function that removes exactly what it added; everything that changes later (colours, modes, the prediction
 * overlay, label language) changes through feature-state, paint or layout properties, never by re-adding.
 */
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { NetworkIndex } from '../network/network-index';
import { levelIndexColor, linkColorExpression, predictionStateKey, type LinkColorMode } from './link-color-modes';
import {
  CHANGE_INTERVAL_COLOR,
  DETECTOR_COLORS,
  FAULT_STROKE,
  INTERSECTION_COLORS,
  LABEL_COLOR,
  LABEL_HALO,
  MAP_BACKGROUND,
  PHASE_COLORS,
  SELECTED_STROKE,
} from './palette';

/** The glyph font shipped in web/public/glyphs (Latin, punctuation, CJK symbols); CJK ideographs are drawn locally. */
export const LABEL_FONT = 'arterial-sans';
/** Fonts MapLibre draws CJK ideographs with in the browser (its `localIdeographFontFamily`): Debian's fonts-noto-cjk, or the OS's own. */
export const LOCAL_IDEOGRAPH_FONTS = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif";

/** A style with nothing remote in it: no tiles, no sprite, glyphs from the app's own origin. */
export function offlineBaseStyle(origin: string): StyleSpecification {
  return {
    version: 8,
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }],
  };
}

/** One source per feature kind: ids are unique within a kind only, and feature-state is keyed by source and id. */
export const SOURCES = { links: 'arterial-links', intersections: 'arterial-intersections', detectors: 'arterial-detectors' } as const;
export const LAYERS = {
  linkCasing: 'arterial-link-casing',
  links: 'arterial-links',
  prediction: 'arterial-link-prediction',
  linkLabels: 'arterial-link-labels',
  intersections: 'arterial-intersections',
  intersectionPhase: 'arterial-intersection-phase',
  detectors: 'arterial-detectors',
  intersectionLabels: 'arterial-intersection-labels',
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

/** Current green phase number (feature-state `phase`, 0 while none is green) to its colour. */
function phaseColor(): ExpressionSpecification {
  const pairs = PHASE_COLORS.flatMap((color, i) => [i + 1, color]);
  return ['match', ['to-number', ['feature-state', 'phase'], 0], ...pairs, CHANGE_INTERVAL_COLOR] as unknown as ExpressionSpecification;
}

/** The label text in a language: the Chinese name where there is one when the UI is in Chinese. */
export function labelText(language: string): ExpressionSpecification {
  return language.startsWith('zh') ? ['coalesce', ['get', 'nameZh'], ['get', 'name']] : ['get', 'name'];
}

export interface LayerSettings {
  colorMode: LinkColorMode;
  predictionHorizonMin: number;
  showPrediction: boolean;
  language: string;
}

function layers(settings: LayerSettings): LayerSpecification[] {
  const label = { 'text-color': LABEL_COLOR, 'text-halo-color': LABEL_HALO, 'text-halo-width': 1.5 };
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
      paint: { 'line-color': linkColorExpression(settings.colorMode), 'line-width': zoomed(1.5, 6), 'line-offset': zoomed(1.5, 5) },
    },
    {
      // Predicted level as a dashed line on top of the current colour: both stay readable at once.
      id: LAYERS.prediction,
      type: 'line',
      source: SOURCES.links,
      layout: { 'line-cap': 'butt', 'line-join': 'round', visibility: settings.showPrediction ? 'visible' : 'none' },
      paint: {
        'line-color': levelIndexColor(predictionStateKey(settings.predictionHorizonMin)),
        'line-width': zoomed(1, 3.5),
        'line-offset': zoomed(1.5, 5),
        'line-dasharray': [1.5, 1.5],
      },
    },
    {
      id: LAYERS.linkLabels,
      type: 'symbol',
      source: SOURCES.links,
      minzoom: 14,
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 400,
        'text-field': labelText(settings.language),
        'text-font': [LABEL_FONT],
        'text-size': 11,
        'text-offset': [0, -1],
        'text-max-angle': 30,
      },
      paint: label,
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
      // The phase now green, as a centre dot inside the mode-coloured disc.
      id: LAYERS.intersectionPhase,
      type: 'circle',
      source: SOURCES.intersections,
      minzoom: 13,
      paint: { 'circle-color': phaseColor(), 'circle-radius': zoomed(1.5, 5), 'circle-stroke-color': '#0f172a', 'circle-stroke-width': 1 },
    },
    {
      id: LAYERS.detectors,
      type: 'circle',
      source: SOURCES.detectors,
      // Street level only: below it 5,000 dots would hide the links they sit on (and cost a repaint's worth of fill).
      minzoom: 14,
      paint: {
        'circle-color': matchState('status', DETECTOR_COLORS, DETECTOR_COLORS.unknown),
        'circle-radius': zoomed(['case', selected, 4, 2], ['case', selected, 8, 5]),
        'circle-stroke-color': ['case', selected, SELECTED_STROKE, '#020617'],
        'circle-stroke-width': ['case', selected, 2.5, 1],
      },
    },
    {
      id: LAYERS.intersectionLabels,
      type: 'symbol',
      source: SOURCES.intersections,
      minzoom: 14.5,
      layout: {
        'text-field': labelText(settings.language),
        'text-font': [LABEL_FONT],
        'text-size': 12,
        'text-anchor': 'top',
        'text-offset': [0, 1.1],
        'text-max-width': 10,
        'text-optional': true,
      },
      paint: label,
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
export function addNetworkLayers(map: MapLibreMap, network: NetworkIndex, settings: LayerSettings): () => void {
  map.addSource(SOURCES.links, source(network.links.values()));
  map.addSource(SOURCES.intersections, source(network.intersections.values()));
  map.addSource(SOURCES.detectors, source(network.detectors.values()));
  const added = layers(settings);
  for (const layer of added) map.addLayer(layer);
  return () => {
    for (const layer of [...added].reverse()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
    for (const id of Object.values(SOURCES)) if (map.getSource(id)) map.removeSource(id);
  };
}

/** Applies changed settings to layers already on the map (paint and layout only). */
export function applyLayerSettings(map: MapLibreMap, settings: LayerSettings): void {
  map.setPaintProperty(LAYERS.links, 'line-color', linkColorExpression(settings.colorMode));
  map.setPaintProperty(LAYERS.prediction, 'line-color', levelIndexColor(predictionStateKey(settings.predictionHorizonMin)));
  map.setLayoutProperty(LAYERS.prediction, 'visibility', settings.showPrediction ? 'visible' : 'none');
  map.setLayoutProperty(LAYERS.linkLabels, 'text-field', labelText(settings.language));
  map.setLayoutProperty(LAYERS.intersectionLabels, 'text-field', labelText(settings.language));
}
