/** What the map and replay browser tests share: Chromium, the fake backend with the fixture network, map probes. */
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AlertList } from '@arterial/contracts/api/v1';
import type { DetectorLive, IntersectionLive, ServerMessage } from '@arterial/contracts/live/v1';
import { controlRoomNetwork, type ControlRoomNetwork } from './control-room-network';
import { startFakeLiveServer, type FakeLiveServer } from '../../support/fake-live-server';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WEB_DIST = process.env.WEB_DIST ?? path.resolve(__dirname, '..', '..', '..', 'web', 'dist');
/** Screenshots for people to look at (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output');

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

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

export async function openApp(browser: Browser, url: string, locale: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(`${url}/?debug=1`);
  return page;
}
