/** What the map and replay browser tests share: Chromium, the fake backend with the fixture network, map probes. */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AlertList } from '@arterial/contracts/api/v1';
import type { DetectorLive, IntersectionLive, ServerMessage } from '@arterial/contracts/live/v1';
import { openPage } from './browser';
import { controlRoomNetwork, type ControlRoomNetwork } from './control-room-network';
import { startFakeLiveServer, type FakeLiveServer } from '../../support/fake-live-server';

export { launchChromium, TEST_OUTPUT as SCREENSHOT_DIR } from './browser';
export const WEB_DIST = process.env.WEB_DIST ?? path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

export function detectorLive(id: string, occupancyPct: number, ts: number, speedKph: number | null = 45): DetectorLive {
  return { id, ts, intervalS: 60, volume: 10, flowVph: 600, occupancyPct, speedKph, health: 'ok' };
}

export function intersectionLive(id: string, ts: number): IntersectionLive {
  return {
    id,
    ts,
    mode: id === 'I1' ? 'adaptive' : 'fixed',
    planId: 'P1',
    cycleS: 90,
    cycleSecond: 10,
    phases: [
      { id: 1, state: 'green', remainingS: 30 },
      { id: 2, state: 'red', remainingS: 35 },
    ],
    online: true,
    firmware: 'test',
    faults: [],
  };
}

export interface MapFixture {
  network: ControlRoomNetwork;
  server: FakeLiveServer;
  linkIds: string[];
}

export async function startMapFixture(api?: (pathname: string, query: URLSearchParams) => unknown): Promise<MapFixture> {
  const network = controlRoomNetwork();
  const linkIds = network.model.features.filter((f) => f.properties.kind === 'link').map((f) => f.properties.id);
  const greeting = (): ServerMessage[] => {
    const now = Date.now();
    return [
      {
        type: 'snapshot',
        serverTime: now,
        detectors: network.detectorIds.map((id) => detectorLive(id, 8, now)),
        intersections: network.intersectionIds.map((id) => intersectionLive(id, now)),
        counters: { accepted: 1, rejected: 0, duplicates: 0 },
      },
    ];
  };
  // The header's alert badge asks for the alert list; these fixtures have none to show unless `api` answers it.
  const withAlerts = (pathname: string, query: URLSearchParams): unknown => {
    const answer = api?.(pathname, query);
    if (answer !== undefined || pathname !== '/api/alerts') return answer;
    const alerts: AlertList = { from: 0, to: Date.now(), alerts: [], historyError: null };
    return alerts;
  };
  const server = await startFakeLiveServer({ webDir: WEB_DIST, network: network.model, greeting, api: withAlerts });
  return { network, server, linkIds };
}

/** The slice of the MapLibre map the tests call through `window.__arterialMap` (the test project has no DOM types). */
export interface DebugMap {
  loaded(): boolean;
  once(type: 'idle', listener: () => void): unknown;
  queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
  getFeatureState(feature: { source: string; id: string }): Record<string, unknown>;
  getPaintProperty(layer: string, name: string): unknown;
  getLayoutProperty(layer: string, name: string): unknown;
  jumpTo(options: { zoom: number }): void;
}

export function linkState(page: Page, linkId: string): Promise<Record<string, unknown>> {
  return page.evaluate((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }), linkId);
}

/** Waits until the map has drawn everything pending, then returns the distinct `id`s rendered in a layer. */
export function renderedIds(page: Page, layer: string): Promise<string[]> {
  return page.evaluate(async (layerId) => {
    const map = (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap;
    if (!map.loaded()) await new Promise<void>((resolve) => map.once('idle', () => resolve()));
    return [...new Set(map.queryRenderedFeatures({ layers: [layerId] }).map((f) => String(f.properties.id)))].sort();
  }, layer);
}

/** The control room with its debug handle (`?debug=1`); console, page and HTTP errors go to `errors`. */
export async function openApp(browser: Browser, url: string, locale: string, errors: string[]): Promise<Page> {
  return (await openPage(browser, `${url}/?debug=1`, { locale, errors, httpErrors: true })).page;
}
