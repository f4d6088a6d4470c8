/**
 * Minimal TraCI client over TCP: one request in flight at a time (TraCI is strictly request/response).
 * Covers version, stepping, close, induction loops, lane-area detectors, traffic lights and a few simulation values.
 */
import * as net from 'node:net';
import { CMD, DETECTOR_VAR, GET_RESPONSE_OFFSET, RESULT, SIM_VAR, TL_VAR, TYPE, VAR } from './traci-constants';
import { encodeCommand, encodeMessage, getCommandContent, MessageSplitter, readStatus, TraciProtocolError, TraciReader, TraciWriter } from './traci-codec';
import { readLogics, type TlsLogic, writeLogic } from './traffic-light-logic';

export class TraciCommandError extends Error {
  override readonly name = 'TraciCommandError';
  constructor(
    readonly commandId: number,
    readonly result: number,
    description: string,
  ) {
    super(`TraCI command 0x${commandId.toString(16)} failed (${result === RESULT.NOT_IMPLEMENTED ? 'not implemented' : 'error'}): ${description}`);
  }
}

export interface TraciVersion {
  apiVersion: number;
  identifier: string;
}

type Waiter = { resolve: (body: Buffer) => void; reject: (err: Error) => void };

/** One value to read in a batch: domain get command, variable, object and the type tag SUMO answers with. */
export interface GetSpec {
  commandId: number;
  variable: number;
  objectId: string;
  type: number;
}

/** Induction loops and lane-area detectors answer the same per-step variables in their own domains. */
export type DetectorDomain = 'loop' | 'lane-area';
const DETECTOR_CMD: Record<DetectorDomain, number> = { loop: CMD.GET_INDUCTIONLOOP_VARIABLE, 'lane-area': CMD.GET_LANEAREA_VARIABLE };

/** Ready-made specs for the values the bridge reads every step. */
export const GET = {
  arrivedVehicleCount: (): GetSpec => ({ commandId: CMD.GET_SIM_VARIABLE, variable: SIM_VAR.ARRIVED_VEHICLES_NUMBER, objectId: '', type: TYPE.INTEGER }),
  departedVehicleCount: (): GetSpec => ({ commandId: CMD.GET_SIM_VARIABLE, variable: SIM_VAR.DEPARTED_VEHICLES_NUMBER, objectId: '', type: TYPE.INTEGER }),
  detectorVehicleIds: (kind: DetectorDomain, id: string): GetSpec => ({ commandId: DETECTOR_CMD[kind], variable: DETECTOR_VAR.LAST_STEP_VEHICLE_ID_LIST, objectId: id, type: TYPE.STRING_LIST }),
  detectorOccupancy: (kind: DetectorDomain, id: string): GetSpec => ({ commandId: DETECTOR_CMD[kind], variable: DETECTOR_VAR.LAST_STEP_OCCUPANCY, objectId: id, type: TYPE.DOUBLE }),
  detectorMeanSpeed: (kind: DetectorDomain, id: string): GetSpec => ({ commandId: DETECTOR_CMD[kind], variable: DETECTOR_VAR.LAST_STEP_MEAN_SPEED, objectId: id, type: TYPE.DOUBLE }),
  tlsState: (id: string): GetSpec => ({ commandId: CMD.GET_TL_VARIABLE, variable: TL_VAR.RED_YELLOW_GREEN_STATE, objectId: id, type: TYPE.STRING }),
  loopVehicleIds: (id: string): GetSpec => ({ commandId: CMD.GET_INDUCTIONLOOP_VARIABLE, variable: DETECTOR_VAR.LAST_STEP_VEHICLE_ID_LIST, objectId: id, type: TYPE.STRING_LIST }),
  loopOccupancy: (id: string): GetSpec => ({ commandId: CMD.GET_INDUCTIONLOOP_VARIABLE, variable: DETECTOR_VAR.LAST_STEP_OCCUPANCY, objectId: id, type: TYPE.DOUBLE }),
  loopMeanSpeed: (id: string): GetSpec => ({ commandId: CMD.GET_INDUCTIONLOOP_VARIABLE, variable: DETECTOR_VAR.LAST_STEP_MEAN_SPEED, objectId: id, type: TYPE.DOUBLE }),
  tlsPhase: (id: string): GetSpec => ({ commandId: CMD.GET_TL_VARIABLE, variable: TL_VAR.CURRENT_PHASE, objectId: id, type: TYPE.INTEGER }),
  tlsNextSwitch: (id: string): GetSpec => ({ commandId: CMD.GET_TL_VARIABLE, variable: TL_VAR.NEXT_SWITCH, objectId: id, type: TYPE.DOUBLE }),
};

export class TraciClient {
  private readonly splitter = new MessageSplitter();
  private readonly waiters: Waiter[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closedError: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const body of this.splitter.push(chunk)) this.waiters.shift()?.resolve(body);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('TraCI connection closed')));
  }

  /** Connects, retrying while SUMO is still starting up (it opens the port only after loading the network). */
  static async connect(port: number, options: { host?: string; timeoutMs?: number } = {}): Promise<TraciClient> {
    const deadline = Date.now() + (options.timeoutMs ?? 20000);
    for (;;) {
      try {
        const socket = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: options.host ?? '127.0.0.1', port }, () => resolve(s));
          s.once('error', reject);
        });
        socket.setNoDelay(true);
        socket.removeAllListeners('error');
        return new TraciClient(socket);
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`could not connect to TraCI on port ${port}: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async getVersion(): Promise<TraciVersion> {
    const r = await this.request(CMD.GET_VERSION, Buffer.alloc(0));
    const body = this.responseBody(r, CMD.GET_VERSION);
    return { apiVersion: body.int(), identifier: body.string() };
  }

  /** Advances to the given time in seconds (0: one step). */
  async simulationStep(targetTimeS = 0): Promise<void> {
    const r = await this.request(CMD.SIMULATION_STEP, new TraciWriter().double(targetTimeS).toBuffer());
    const subscriptionResults = r.int();
    if (subscriptionResults !== 0) throw new TraciProtocolError(`unexpected ${subscriptionResults} subscription results`);
  }

  /**
   * Reads many values in one TraCI message, so a step costs two round trips however many detectors and lights
   * there are. (A simulationStep in the same message would run after the gets: SUMO defers the step to the end
   * of the message, so stepping stays a separate exchange.) Each reader is positioned at its value.
   */
  async getMany(gets: readonly GetSpec[]): Promise<TraciReader[]> {
    if (gets.length === 0) return [];
    const r = await this.exchange(gets.map((g) => encodeCommand(g.commandId, getCommandContent(g.variable, g.objectId))));
    return gets.map((g) => {
      this.checkStatus(r, g.commandId);
      return this.readGetResponse(r, g);
    });
  }

  async close(): Promise<void> {
    if (this.closedError) return;
    try {
      await this.request(CMD.CLOSE, Buffer.alloc(0));
    } finally {
      this.socket.end();
    }
  }

  // --- simulation ---
  async simulationTimeS(): Promise<number> {
    return (await this.get(CMD.GET_SIM_VARIABLE, SIM_VAR.TIME, '', TYPE.DOUBLE)).double();
  }
  async arrivedVehicleCount(): Promise<number> {
    return (await this.get(CMD.GET_SIM_VARIABLE, SIM_VAR.ARRIVED_VEHICLES_NUMBER, '', TYPE.INTEGER)).int();
  }
  async departedVehicleCount(): Promise<number> {
    return (await this.get(CMD.GET_SIM_VARIABLE, SIM_VAR.DEPARTED_VEHICLES_NUMBER, '', TYPE.INTEGER)).int();
  }
  /** Vehicles running or still to be inserted; 0 means the demand is exhausted. */
  async minExpectedVehicles(): Promise<number> {
    return (await this.get(CMD.GET_SIM_VARIABLE, SIM_VAR.MIN_EXPECTED_VEHICLES, '', TYPE.INTEGER)).int();
  }

  // --- induction loops (0xa0) and lane-area detectors (0xad) ---
  async inductionLoopIds(): Promise<string[]> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, VAR.ID_LIST, '', TYPE.STRING_LIST)).stringList();
  }
  async inductionLoopVehicleNumber(id: string): Promise<number> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, DETECTOR_VAR.LAST_STEP_VEHICLE_NUMBER, id, TYPE.INTEGER)).int();
  }
  /** m/s; -1 when no vehicle was on the loop in the last step. */
  async inductionLoopMeanSpeed(id: string): Promise<number> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, DETECTOR_VAR.LAST_STEP_MEAN_SPEED, id, TYPE.DOUBLE)).double();
  }
  /** Percent of the last step the loop was occupied. */
  async inductionLoopOccupancy(id: string): Promise<number> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, DETECTOR_VAR.LAST_STEP_OCCUPANCY, id, TYPE.DOUBLE)).double();
  }
  async inductionLoopVehicleIds(id: string): Promise<string[]> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, DETECTOR_VAR.LAST_STEP_VEHICLE_ID_LIST, id, TYPE.STRING_LIST)).stringList();
  }
  async inductionLoopLaneId(id: string): Promise<string> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, VAR.LANE_ID, id, TYPE.STRING)).string();
  }
  /** Position of an induction loop on its lane, m from the lane's start. */
  async inductionLoopPositionM(id: string): Promise<number> {
    return (await this.get(CMD.GET_INDUCTIONLOOP_VARIABLE, VAR.POSITION, id, TYPE.DOUBLE)).double();
  }
  /** Length of a lane, m (its end is the stop line of a lane entering a junction). */
  async laneLengthM(laneId: string): Promise<number> {
    return (await this.get(CMD.GET_LANE_VARIABLE, VAR.LENGTH, laneId, TYPE.DOUBLE)).double();
  }
  /** Speed limit of a lane, m/s. */
  async laneMaxSpeedMps(laneId: string): Promise<number> {
    return (await this.get(CMD.GET_LANE_VARIABLE, VAR.MAX_SPEED, laneId, TYPE.DOUBLE)).double();
  }
  /** The lane a loop or lane-area detector lies on (a multi-lane lane-area detector: its first lane). */
  async detectorLaneId(kind: DetectorDomain, id: string): Promise<string> {
    return (await this.get(DETECTOR_CMD[kind], VAR.LANE_ID, id, TYPE.STRING)).string();
  }
  async laneAreaIds(): Promise<string[]> {
    return (await this.get(CMD.GET_LANEAREA_VARIABLE, VAR.ID_LIST, '', TYPE.STRING_LIST)).stringList();
  }
  async laneAreaJamLengthM(id: string): Promise<number> {
    return (await this.get(CMD.GET_LANEAREA_VARIABLE, DETECTOR_VAR.JAM_LENGTH_METERS, id, TYPE.DOUBLE)).double();
  }

  // --- traffic lights (0xa2 get, 0xc2 set) ---
  async trafficLightIds(): Promise<string[]> {
    return (await this.get(CMD.GET_TL_VARIABLE, VAR.ID_LIST, '', TYPE.STRING_LIST)).stringList();
  }
  async tlsState(id: string): Promise<string> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.RED_YELLOW_GREEN_STATE, id, TYPE.STRING)).string();
  }
  /** The incoming lane of every controlled link, in link index order (a lane appears once per link it feeds). */
  async tlsControlledLanes(id: string): Promise<string[]> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.CONTROLLED_LANES, id, TYPE.STRING_LIST)).stringList();
  }
  async tlsProgram(id: string): Promise<string> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.CURRENT_PROGRAM, id, TYPE.STRING)).string();
  }
  async tlsPhase(id: string): Promise<number> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.CURRENT_PHASE, id, TYPE.INTEGER)).int();
  }
  async tlsPhaseDuration(id: string): Promise<number> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.PHASE_DURATION, id, TYPE.DOUBLE)).double();
  }
  /** Absolute simulation time (s) of the next phase switch. */
  async tlsNextSwitch(id: string): Promise<number> {
    return (await this.get(CMD.GET_TL_VARIABLE, TL_VAR.NEXT_SWITCH, id, TYPE.DOUBLE)).double();
  }
  async tlsLogics(id: string): Promise<TlsLogic[]> {
    return readLogics(await this.get(CMD.GET_TL_VARIABLE, TL_VAR.COMPLETE_DEFINITION_RYG, id, TYPE.COMPOUND));
  }
  async setTlsProgram(id: string, programId: string): Promise<void> {
    await this.set(TL_VAR.PROGRAM, id, new TraciWriter().typedString(programId).toBuffer());
  }
  async setTlsPhase(id: string, index: number): Promise<void> {
    await this.set(TL_VAR.PHASE_INDEX, id, new TraciWriter().typedInt(index).toBuffer());
  }
  /** Remaining duration of the current phase, in seconds. */
  async setTlsPhaseDuration(id: string, durationS: number): Promise<void> {
    await this.set(TL_VAR.PHASE_DURATION, id, new TraciWriter().typedDouble(durationS).toBuffer());
  }
  /** Shows this state (one character per link) from now on: SUMO switches the light to a fixed 'online' program. */
  async setTlsState(id: string, state: string): Promise<void> {
    await this.set(TL_VAR.RED_YELLOW_GREEN_STATE, id, new TraciWriter().typedString(state).toBuffer());
  }
  /** Installs (or replaces) a program and switches the light to it. */
  async setTlsLogic(id: string, logic: TlsLogic): Promise<void> {
    await this.set(TL_VAR.COMPLETE_PROGRAM_RYG, id, writeLogic(logic));
  }

  // --- plumbing ---
  private async get(commandId: number, variable: number, objectId: string, type: number): Promise<TraciReader> {
    const r = await this.request(commandId, getCommandContent(variable, objectId));
    return this.readGetResponse(r, { commandId, variable, objectId, type });
  }

  private readGetResponse(r: TraciReader, g: GetSpec): TraciReader {
    const body = this.responseBody(r, g.commandId + GET_RESPONSE_OFFSET);
    const gotVariable = body.ubyte();
    const gotObject = body.string();
    if (gotVariable !== g.variable || gotObject !== g.objectId) {
      throw new TraciProtocolError(`answer for 0x${gotVariable.toString(16)}/${gotObject}, asked 0x${g.variable.toString(16)}/${g.objectId}`);
    }
    body.expectType(g.type);
    return body;
  }

  private async set(variable: number, objectId: string, typedValue: Buffer): Promise<void> {
    await this.request(CMD.SET_TL_VARIABLE, getCommandContent(variable, objectId, typedValue));
  }

  private responseBody(r: TraciReader, expectedId: number): TraciReader {
    const body = r.slice(r.commandLength());
    const id = body.ubyte();
    if (id !== expectedId) throw new TraciProtocolError(`expected response 0x${expectedId.toString(16)}, got 0x${id.toString(16)}`);
    return body;
  }

  /** Sends one command and returns a reader positioned after its (successful) status response. */
  private async request(commandId: number, content: Buffer): Promise<TraciReader> {
    const r = await this.exchange([encodeCommand(commandId, content)]);
    this.checkStatus(r, commandId);
    return r;
  }

  private checkStatus(r: TraciReader, commandId: number): void {
    const status = readStatus(r);
    if (status.commandId !== commandId) throw new TraciProtocolError(`status for 0x${status.commandId.toString(16)}, sent 0x${commandId.toString(16)}`);
    if (status.result !== RESULT.OK) throw new TraciCommandError(commandId, status.result, status.description);
  }

  /** One message out, one message back; queued so concurrent callers never interleave on the socket. */
  private exchange(commands: Buffer[]): Promise<TraciReader> {
    const run = async (): Promise<TraciReader> => {
      if (this.closedError) throw this.closedError;
      const body = await new Promise<Buffer>((resolve, reject) => {
        this.waiters.push({ resolve, reject });
        this.socket.write(encodeMessage(commands));
      });
      return new TraciReader(body);
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private fail(err: Error): void {
    this.closedError ??= err;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }
}
