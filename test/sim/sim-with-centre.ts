/**
 * What the virtual-controller suites share: a real processor (embedded broker in its explicit anonymous development
 * mode, no InfluxDB), a plain MQTT client playing the centre that records what it subscribes to, and the traffic
 * simulator's controllers on that broker; started once a first state of `stateOf` has arrived.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '@arterial/traffic-sim';
import { startProcessor, type RunningProcessor } from '@arterial/processor';
import { waitFor } from '../support/wait-for';

export interface SimWithCentre {
  processor: RunningProcessor;
  simulator: RunningSimulator;
  centre: MqttClient;
  close(): Promise<void>;
}

export async function startSimWithCentre(options: {
  /** Names the MQTT client ids, so suites never share a session. */
  name: string;
  /** The controller whose first state the start waits for. */
  stateOf: string;
  /** Topics the centre subscribes to (QoS 1); each message reaches `onMessage` parsed. */
  topics: string[];
  onMessage: (topic: string, value: unknown) => void;
  simulator: Omit<SimulatorOptions, 'mqttUrl' | 'clientIdPrefix'>;
}): Promise<SimWithCentre> {
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sim-spool-'));
  let sawState = false;
  const stateTopic = buildTopic('state', options.stateOf);
  let processor: RunningProcessor | undefined;
  let centre: MqttClient | undefined;
  let simulator: RunningSimulator | undefined;
  const close = async (): Promise<void> => {
    await centre?.endAsync();
    await simulator?.stop();
    await processor?.close();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  };
  try {
    processor = await startProcessor({
      // Devices here connect without credentials: the broker's development mode, explicitly.
      env: { MQTT_ALLOW_ANONYMOUS: 'true', API_ALLOW_ANONYMOUS: 'true' },
      config: { host: '127.0.0.1', mqttPort: 0, httpPort: 0, influxUrl: 'http://127.0.0.1:9', spoolDir, mqttClientId: `processor-${options.name}` },
    });
    const client = await mqtt.connectAsync(processor.mqttUrl, { protocolVersion: 4, clientId: `centre-${options.name}`, reconnectPeriod: 0 });
    centre = client;
    client.on('message', (topic, payload) => {
      if (topic === stateTopic) sawState = true;
      options.onMessage(topic, JSON.parse(payload.toString('utf8')) as unknown);
    });
    await client.subscribeAsync(options.topics, { qos: 1 });
    simulator = await startSimulator({ ...options.simulator, mqttUrl: processor.mqttUrl, clientIdPrefix: `sim-${options.name}` });
    await waitFor(() => sawState, { timeoutMs: 10_000, what: 'a first state' });
    return { processor, simulator, centre: client, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
