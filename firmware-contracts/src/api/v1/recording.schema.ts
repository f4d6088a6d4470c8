/**
 * The recording file format of `npm run export` and `npm run replay` (NDJSON, gzip when the name ends in `.gz`): one
 * line per message the centre received from a device, as it arrived, so replay feeds it back through ingest unchanged.
 * Replay also reads the traffic simulator's detector lines (`npm run sim -- --out FILE`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs } from './common.schema';

export const RecordingLine = Type.Object(
  {
    topic: Type.String({
      minLength: 1,
      description: 'The MQTT topic the device published on (`arterial/v1/detectors/{id}/measurement`, `arterial/v1/controllers/{id}/state`, …); it names the device and the kind.',
    }),
    receivedAt: EpochMs('When the centre received the message'),
    payload: Type.Unknown({ description: 'The JSON payload as published (MQTT contract v1).' }),
  },
  { $id: 'arterial/api/v1/RecordingLine', title: 'Recording line', description: 'One recorded device message of an export or replay file.', additionalProperties: false },
);
export type RecordingLine = Static<typeof RecordingLine>;

/** A line of the traffic simulator's NDJSON output: a detector measurement with its detector id, received at its `ts`. */
export const SimulatedMeasurementLine = Type.Object(
  {
    detectorId: Type.String({ minLength: 1 }),
    ts: EpochMs('End of the measurement interval'),
  },
  { $id: 'arterial/api/v1/SimulatedMeasurementLine', title: 'Simulated measurement line', description: 'One detector measurement as `npm run sim -- --out FILE` writes it: the MQTT payload plus `detectorId`.', additionalProperties: true },
);
export type SimulatedMeasurementLine = Static<typeof SimulatedMeasurementLine>;
