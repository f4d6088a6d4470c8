/**
 * The platform as integration suites need it: a private InfluxDB, a private spool folder, and processors
 * started in-process on free ports against them. dispose() stops everything it started.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startProcessor, type RunningProcessor, type StartOptions } from '@arterial/processor';
import { InfluxServer } from './influx-server';

export interface TestPlatform {
  influx: InfluxServer;
  influxDb: string;
  spoolDir: string;
  /**
   * Starts a processor on free ports; `env` stands in for the process environment. Unless `env` says otherwise,
   * the embedded broker runs in its development mode (MQTT_ALLOW_ANONYMOUS=true) and so does the API
   * (API_ALLOW_ANONYMOUS=true): suites about something else connect devices and call REST and /ws without
   * credentials; test/security/ turns them off.
   */
  startProcessor(options?: StartOptions): Promise<RunningProcessor>;
  dispose(): Promise<void>;
}

export async function createTestPlatform(name: string): Promise<TestPlatform> {
  const influx = new InfluxServer();
  await influx.start();
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), `arterial-${name}-spool-`));
  // Users file and token key of the suite: never the checkout's data/ folder.
  const accessDir = fs.mkdtempSync(path.join(os.tmpdir(), `arterial-${name}-access-`));
  const influxDb = `arterial_${name.replace(/\W/g, '_')}`;
  const running = new Set<RunningProcessor>();
  return {
    influx,
    influxDb,
    spoolDir,
    async startProcessor(options: StartOptions = {}) {
      const processor = await startProcessor({
        env: {
          MQTT_ALLOW_ANONYMOUS: 'true',
          API_ALLOW_ANONYMOUS: 'true',
          USER_REGISTRY_FILE: path.join(accessDir, 'users.json'),
          API_TOKEN_SECRET_FILE: path.join(accessDir, 'token-secret'),
          ...options.env,
        },
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.broker ? { broker: options.broker } : {}),
        config: { host: '127.0.0.1', mqttPort: 0, httpPort: 0, influxUrl: influx.url, influxDb, spoolDir, mqttClientId: `${name}-processor`, ...options.config },
      });
      running.add(processor);
      const close = processor.close.bind(processor);
      processor.close = async () => {
        running.delete(processor);
        await close();
      };
      return processor;
    },
    async dispose() {
      for (const p of [...running]) await p.close();
      await influx.dispose();
      fs.rmSync(spoolDir, { recursive: true, force: true });
      fs.rmSync(accessDir, { recursive: true, force: true });
    },
  };
}
