/**
 * Builds and starts the whole processor: Nest app (REST under /api, web app at /), broker session,
 * ingest pipeline and live WebSocket feed. main.ts and the integration tests both start it through here.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { applyBrowserPolicy } from './api/security-headers';
import { OperatorAuthService } from './auth/operators/operator-auth.service';
import { BROKER_CONNECTION, type BrokerConnection } from './broker/broker-connection';
import type { Clock } from './clock/clock';
import { loadConfig, type ProcessorConfig } from './config/processor-config';
import { LiveFeedService } from './gateway/live-feed.service';
import { WsGatewayAdapter } from './gateway/ws-gateway.adapter';
import { createLogger } from './logging/logger';
import { NetworkService } from './network/network.service';
import { LiveStateService } from './state/live-state.service';
import { TIME_SERIES_STORE, type TimeSeriesStore } from './storage/time-series-store';

const log = createLogger('bootstrap');

export interface RunningProcessor {
  app: NestExpressApplication;
  /** Empty when started with `http: false`. */
  httpUrl: string;
  wsUrl: string;
  mqttUrl: string;
  config: ProcessorConfig;
  store: TimeSeriesStore;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Overrides applied on top of the environment (tests use ports 0 and private folders). */
  config?: Partial<ProcessorConfig>;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Replaces the configured broker (embedded or MQTT_URL), e.g. an InMemoryBrokerConnection. */
  broker?: BrokerConnection;
  /** Replaces the configured InfluxDB store (replay writes its results to another database or to files). */
  store?: TimeSeriesStore;
  /** False: no HTTP listener and no /ws gateway (replay runs the pipeline headless). Default true. */
  http?: boolean;
}

export async function startProcessor(options: StartOptions = {}): Promise<RunningProcessor> {
  const config = loadConfig(options.env ?? process.env, options.config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { logger: ['error', 'warn'], abortOnError: false });
  // Prometheus scrapes /metrics by convention, so it stays outside the REST prefix.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  const http = options.http !== false;
  if (http) applyBrowserPolicy(app, config.operatorAccess.corsOrigins);
  if (http && fs.existsSync(config.webDir)) app.useStaticAssets(config.webDir, { index: 'index.html' });
  else if (http) log.warn({ webDir: config.webDir }, 'web app not built; serving the API only');

  await app.init();
  // Headless replay serves nobody: no users file, no key, no first admin.
  if (http) app.get(OperatorAuthService).start();
  // Ingest subscribed to the connection during init; intersections exist before the first message; then connect.
  const broker = app.get<BrokerConnection>(BROKER_CONNECTION);
  app.get(LiveStateService).registerIntersections(app.get(NetworkService).intersectionIds());
  await broker.start();

  let gateway: WsGatewayAdapter | undefined;
  let port = 0;
  if (http) {
    await app.listen(config.httpPort, config.host);
    const server = app.getHttpServer() as Server;
    const operatorAuth = app.get(OperatorAuthService);
    gateway = new WsGatewayAdapter(server, app.get(LiveFeedService), (request) => operatorAuth.authorizeUpgrade(request));
    gateway.start();
    port = (server.address() as AddressInfo).port;
  }
  const httpUrl = http ? `http://127.0.0.1:${port}` : '';
  log.info({ httpUrl, mqttUrl: broker.brokerUrl() }, 'processor ready');

  let closed = false;
  return {
    app,
    httpUrl,
    wsUrl: http ? `ws://127.0.0.1:${port}/ws` : '',
    mqttUrl: broker.brokerUrl(),
    config,
    store: app.get<TimeSeriesStore>(TIME_SERIES_STORE),
    async close() {
      if (closed) return;
      closed = true;
      await gateway?.stop();
      await app.close();
    },
  };
}
