/**
 * Short-term predictions (docs/prediction.md): per detector and per link, flow, speed and occupancy 5 to 60 minutes
 * ahead with an 80 % interval, and per link the predicted GB/T 33171 level with its confidence.
 * `GET /api/detectors/{id}/prediction`, `GET /api/links/{id}/prediction`; the processor's prediction service takes
 * its types from here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Nullable } from './common.schema';
import { GbtLevel, GbtRoadClass } from './estimates.schema';

export const PredictedValue = Type.Object(
  {
    value: Type.Number({ description: 'Point forecast.' }),
    lower: Type.Number({ description: '10th percentile: lower end of the 80 % interval.' }),
    upper: Type.Number({ description: '90th percentile: upper end of the 80 % interval.' }),
  },
  { $id: 'arterial/api/v1/PredictedValue', title: 'Predicted value', description: 'A forecast with its 80 % interval; lower ≤ value ≤ upper.' },
);
export type PredictedValue = Static<typeof PredictedValue>;

const targets = {
  horizonMin: Type.Integer({ minimum: 1, description: 'Minutes from `issuedAt` to the forecast interval.' }),
  targetTs: EpochMs('End of the forecast interval'),
  flowVph: Nullable(PredictedValue),
  speedKph: Nullable(PredictedValue),
  occupancyPct: Nullable(PredictedValue),
};

export const DetectorHorizonForecast = Type.Object(targets, {
  $id: 'arterial/api/v1/DetectorHorizonForecast',
  title: 'Detector forecast at one horizon',
  description: 'Flow (veh/h), speed (km/h) and occupancy (%); null where the detector has no recent data for that value.',
});
export type DetectorHorizonForecast = Static<typeof DetectorHorizonForecast>;

export const LinkHorizonForecast = Type.Object(
  {
    ...targets,
    level: Nullable(GbtLevel),
    levelConfidence: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Probability that the link is at this level or a more congested one.' })),
  },
  {
    $id: 'arterial/api/v1/LinkHorizonForecast',
    title: 'Link forecast at one horizon',
    description: "Means of the link's detector forecasts (flow per detector, not the link total) and the GB/T 33171 level of the speed forecast.",
  },
);
export type LinkHorizonForecast = Static<typeof LinkHorizonForecast>;

const answered = {
  issuedAt: Nullable(EpochMs('End of the interval the forecasts start from; null before the first prediction step')),
  model: Nullable(Type.String({ description: 'Model that made the forecasts (`persistence` until the configured model has enough history).' })),
  calibrated: Nullable(Type.Boolean({ description: 'False while there was too little history to calibrate the intervals (they have zero width then).' })),
};

export const DetectorPredictionAnswer = Type.Object(
  { detectorId: Type.String(), ...answered, forecasts: Nullable(Type.Array(DetectorHorizonForecast, { description: 'One per horizon, ascending.' })) },
  { $id: 'arterial/api/v1/DetectorPredictionAnswer', title: 'Latest detector prediction', description: 'The latest forecasts of a detector in the network model.' },
);
export type DetectorPredictionAnswer = Static<typeof DetectorPredictionAnswer>;

export const LinkPredictionAnswer = Type.Object(
  { linkId: Type.String(), roadClass: GbtRoadClass, ...answered, forecasts: Nullable(Type.Array(LinkHorizonForecast, { description: 'One per horizon, ascending.' })) },
  { $id: 'arterial/api/v1/LinkPredictionAnswer', title: 'Latest link prediction', description: 'The latest forecasts of a link in the network model.' },
);
export type LinkPredictionAnswer = Static<typeof LinkPredictionAnswer>;
