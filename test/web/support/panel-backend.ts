/**
 * What the intersection-panel and override browser tests talk to: the real processor (embedded broker, private
 * InfluxDB) serving the built web app, with the control-room network's controllers and detectors played by the
 * traffic simulator's virtual controllers, which run the signal plans, take operator commands and report their
 * state (mode `manual` while a phase is held) as a field controller would. Without `anonymous`, REST and /ws need
 * a signed-in user: the users are created with the processor's own user command (`npm run user -- add`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OperatorRole } from '@arterial/contracts/api/v1';
import type { NetworkModel } from '@arterial/contracts/network';
import { runUserCommand, startProcessor } from '@arterial/processor';
import { startSimulator, type RunningSimulator } from '@arterial/traffic-sim';
import { InfluxServer } from '../../support/influx-server';
import { WEB_DIST } from './backend';
import { controlRoomNetwork, type ControlRoomNetwork } from './control-room-network';

export interface TestUser {
  username: string;
  password: string;
  role: OperatorRole;
}

export const TEST_USERS: Record<'operator' | 'viewer' | 'engineer', TestUser> = {
  operator: { username: 'olga.operator', password: 'correct-horse-operator', role: 'operator' },
  viewer: { username: 'victor.viewer', password: 'correct-horse-viewer', role: 'viewer' },
  engineer: { username: 'erin.engineer', password: 'correct-horse-engineer', role: 'engineer' },
};

export interface PanelBackend {
  httpUrl: string;
  network: ControlRoomNetwork;
  close(): Promise<void>;
}

export interface PanelBackendOptions {
  /** API_ALLOW_ANONYMOUS=true: no sign-in (the panel test); otherwise users must sign in (the override test). */
  anonymous: boolean;
  name: string;
  /** CONTROL_STRATEGY for every junction (default off: the controllers run their time-of-day plans). */
  strategy?: string;
  /** API_TOKEN_TTL_S: short, so a test sees tokens refreshed and /ws closed with 4401 (default the server's 900 s). */
  tokenTtlS?: number;
}

export async function startPanelBackend(options: PanelBackendOptions): Promise<PanelBackend> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: run "npm run build -w web" before the browser test`);
  }
  const network = controlRoomNetwork();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `arterial-${options.name}-`));
  const networkFile = path.join(dir, 'network.geojson');
  fs.writeFileSync(networkFile, JSON.stringify(network.model satisfies NetworkModel));
  const usersFile = path.join(dir, 'users.json');
  for (const user of Object.values(TEST_USERS)) {
    // Low scrypt cost: the test signs in a few times and shares two cores with other suites.
    runUserCommand(
      { command: 'add', name: user.username, role: user.role, passwordStdin: true },
      { registryFile: usersFile, nowMs: Date.now(), passwordFromStdin: user.password, scrypt: { N: 1024, r: 8, p: 1 } },
    );
  }
  const influx = new InfluxServer();
  await influx.start();
  let simulator: RunningSimulator | undefined;
  try {
    const processor = await startProcessor({
      env: {
        // Devices connect without credentials (the broker's development mode); operators must sign in unless `anonymous`.
        MQTT_ALLOW_ANONYMOUS: 'true',
        ...(options.anonymous ? { API_ALLOW_ANONYMOUS: 'true' } : {}),
        USER_REGISTRY_FILE: usersFile,
        API_TOKEN_SECRET_FILE: path.join(dir, 'token-secret'),
        ...(options.strategy ? { CONTROL_STRATEGY: options.strategy } : {}),
        // Estimation (and so the engine's first plan) every detector interval, not every minute: the test waits seconds.
        ESTIMATION_PERIOD_S: '10',
        ...(options.tokenTtlS ? { API_TOKEN_TTL_S: String(options.tokenTtlS) } : {}),
      },
      config: {
        host: '127.0.0.1',
        mqttPort: 0,
        httpPort: 0,
        influxUrl: influx.url,
        influxDb: `arterial_${options.name.replace(/\W/g, '_')}`,
        spoolDir: path.join(dir, 'spool'),
        networkFile,
        webDir: WEB_DIST,
        mqttClientId: `${options.name}-processor`,
        planDelivery: { ackTimeoutMs: 2_000, retries: 2, maxWaitMs: 4_000, pollMs: 100 },
      },
    });
    // Daytime demand whatever the hour the suite runs at: at night the junctions' detectors count nothing and the
    // engine rightly keeps the time-of-day plan, so the demand profile's local clock is set to 10:00 now.
    const utcOffsetHours = 10 - new Date().getUTCHours();
    simulator = await startSimulator({ mqttUrl: processor.mqttUrl, network: network.model, speed: 1, seed: 7, detectorIntervalS: 10, utcOffsetHours, clientIdPrefix: options.name });
    const running = simulator;
    return {
      httpUrl: processor.httpUrl,
      network,
      async close() {
        await running.stop();
        await processor.close();
        await influx.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await simulator?.stop();
    await influx.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
