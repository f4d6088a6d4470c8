/**
 * SUMO's traffic lights as controllers on the broker: one device connection per light, so each has its own last
 * will (retained offline status), subscribed to its own plan and command topics; both go to the light's ControllerBridge, and
 * after a reconnect the light says it is online again (the broker published its will meanwhile).
 */
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { ContractPublisher, routeOf, type MqttDeviceConnection, type MqttDeviceTransport } from '@arterial/device-kit';
import { type ControllerEvent, ControllerBridge, lightStatus } from './controller-bridge';
import type { ApproachZone } from './actuation';
import type { TraciClient } from './traci/traci-client';

export interface TrafficLightsOptions {
  devices: MqttDeviceTransport;
  clientIdPrefix: string;
  connectTimeoutMs: number;
  minGreenS: number;
  /** The lights' clock (epoch ms): plan and command validity, CENTRE_SILENT, status and last-will timestamps. */
  nowMs: () => number;
  /** false: SUMO's own controller runs the lights; plans are refused. */
  acceptsPlans: boolean;
  /** Indices into the step's detector readings per lane, for actuation. */
  detectorsOnLane?: ReadonlyMap<string, readonly number[]>;
  /** Of those, the queue loops that call on presence (actuation.ts `isQueueLoop`). */
  queueDetectors?: ReadonlySet<number>;
  /** Loops that call no phase (ControllerOptions.silentLoops). */
  silentLoops?: ReadonlySet<number>;
  /** Passage loops that call only on a vehicle crossing slower than this, m/s (ControllerOptions.slowBelowMps). */
  slowBelowMps?: ReadonlyMap<number, number>;
  /** Speed-gated stop-bar loops and their distance to the stop line, m (ControllerOptions.stopBarM). */
  stopBarM?: ReadonlyMap<number, number>;
  /** Approaches counted between their advance and stop-bar loops (ControllerOptions.approachZones). */
  approachZones?: readonly ApproachZone[];
  /** Each light runs its own program free actuated until its first plan (ControllerOptions.localActuated). */
  localActuated?: boolean;
  /** Emit green-ended events (ControllerOptions.traceGreens). */
  traceGreens?: boolean;
  onEvent: (event: ControllerEvent) => void;
}

const CLOSE_TIMEOUT_MS = 10_000;

export class TrafficLights {
  private constructor(
    readonly controllers: ControllerBridge[],
    private readonly connections: MqttDeviceConnection[],
  ) {}

  /** Connects and starts every light in turn. */
  static async start(traci: TraciClient, ids: readonly string[], options: TrafficLightsOptions): Promise<TrafficLights> {
    const lights = new TrafficLights([], []);
    try {
      for (const id of ids) await lights.add(traci, id, options);
    } catch (err) {
      await lights.stop();
      throw err;
    }
    return lights;
  }

  get statesPublished(): number {
    return this.controllers.reduce((sum, c) => sum + c.statesPublished, 0);
  }

  /** Offline status from every light that started, then clean disconnects (so no will fires). */
  async stop(): Promise<void> {
    for (const c of this.controllers) await c.stop().catch(() => undefined);
    await Promise.allSettled(this.connections.map((c) => c.end(CLOSE_TIMEOUT_MS)));
  }

  private async add(traci: TraciClient, id: string, options: TrafficLightsOptions): Promise<void> {
    // The connection comes first (the light must be on the broker to start); its events reach the light once it exists.
    const light: { controller?: ControllerBridge } = {};
    let connects = 0;
    const connection = options.devices.create(
      {
        clientId: `${options.clientIdPrefix}-${id}`.slice(0, 64),
        will: { ...routeOf('status', id), payload: () => JSON.stringify(lightStatus(false, options.nowMs())) },
        subscriptions: [buildTopic('plan', id), buildTopic('command', id)],
      },
      {
        onConnect: () => {
          if (++connects > 1) void light.controller?.announce().then(() => light.controller?.setCentreReachable(true)).catch(() => undefined);
        },
        onClose: () => void light.controller?.setCentreReachable(false).catch(() => undefined),
        onMessage: (topic, payload) => (topic.endsWith('/command') ? light.controller?.receiveCommand(topic, payload) : light.controller?.receivePlan(topic, payload)),
      },
    );
    this.connections.push(connection);
    connection.connect();
    await connection.ready(options.connectTimeoutMs);
    const controller = new ControllerBridge(id, traci, new ContractPublisher(connection, options.nowMs), {
      minGreenS: options.minGreenS, nowMs: options.nowMs, onEvent: options.onEvent, acceptsPlans: options.acceptsPlans,
      ...(options.detectorsOnLane ? { detectorsOnLane: options.detectorsOnLane } : {}),
      ...(options.queueDetectors ? { queueDetectors: options.queueDetectors } : {}),
      ...(options.silentLoops ? { silentLoops: options.silentLoops } : {}),
      ...(options.slowBelowMps ? { slowBelowMps: options.slowBelowMps } : {}),
      ...(options.stopBarM ? { stopBarM: options.stopBarM } : {}),
      ...(options.approachZones ? { approachZones: options.approachZones } : {}),
      ...(options.localActuated ? { localActuated: true } : {}),
      ...(options.traceGreens ? { traceGreens: true } : {}),
    });
    await controller.start();
    light.controller = controller;
    this.controllers.push(controller);
  }
}

