/**
 * Time-of-day shape of urban demand, as a fraction of the weekday AM peak hour: on weekdays a sharp morning peak
 * around 08:00, a midday plateau, a broader evening peak around 18:00, an evening shoulder and a night low near 6 %;
 * at weekends no commute peaks but a broad late-morning to afternoon hump at about 70 % of the weekday peak.
 * Fitted by eye to typical loop counts on Chinese urban arterials.
 */
const HOUR_MS = 3_600_000;

/** Local clock hour in [0, 24) for an epoch time; Xi'an (China Standard Time) is UTC+8. */
export function localHour(tMs: number, utcOffsetHours: number): number {
  const hours = tMs / HOUR_MS + utcOffsetHours;
  return ((hours % 24) + 24) % 24;
}

/** Bell curve over the 24 h circle, so 23:00 and 01:00 are two hours apart. */
function bell(hour: number, centre: number, widthH: number): number {
  const d = Math.abs(hour - centre);
  const distance = Math.min(d, 24 - d);
  return Math.exp(-(distance * distance) / (2 * widthH * widthH));
}

const NIGHT_FLOOR = 0.06;

/** Demand as a fraction of the AM peak, in [NIGHT_FLOOR, 1]. */
export function demandFactor(hour: number): number {
  const am = bell(hour, 8, 1.1);
  const pm = 0.97 * bell(hour, 18, 1.4);
  const midday = 0.68 * bell(hour, 13, 2.6);
  const evening = 0.5 * bell(hour, 20.5, 1.8);
  return NIGHT_FLOOR + (1 - NIGHT_FLOOR) * Math.max(am, pm, midday, evening);
}

/** Weekend demand as a fraction of the weekday AM peak, in [NIGHT_FLOOR, 1): later, flatter, lower. */
export function weekendDemandFactor(hour: number): number {
  const lateMorning = 0.66 * bell(hour, 11, 2);
  const afternoon = 0.72 * bell(hour, 16.5, 2.4);
  const evening = 0.5 * bell(hour, 20.5, 1.8);
  return NIGHT_FLOOR + (1 - NIGHT_FLOOR) * Math.max(lateMorning, afternoon, evening);
}

/** +1 at the AM peak (traffic heads into the centre), −1 at the PM peak (heads out), 0 otherwise. */
export function commuteDirection(hour: number): number {
  return bell(hour, 8, 1.3) - bell(hour, 18, 1.6);
}
