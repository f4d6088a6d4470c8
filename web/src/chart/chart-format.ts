/** Locale-aware formatters for ECharts axes and tooltips, built on the app's Intl helpers. */
import { formatDateTime, formatNumber, formatTime } from '../i18n/format';

/** The fewest decimals (up to 3) that show a tick value exactly: ticks 0.5 apart must not both read "2". */
export function tickDigits(value: number): number {
  for (let digits = 0; digits < 3; digits += 1) {
    const scale = 10 ** digits;
    if (Math.abs(Math.round(value * scale) - value * scale) < 1e-6) return digits;
  }
  return 3;
}

/** Axis ticks: as many decimals as each tick needs, in the reader's locale. */
export function axisFormatter(language: string): (value: number) => string {
  return (value) => formatNumber(value, language, tickDigits(value));
}

/** Clock time for ranges within a day, date and time beyond. */
export function timeFormatter(language: string, spanMs: number): (value: number) => string {
  return spanMs > 24 * 3600_000 ? (value) => formatDateTime(value, language) : (value) => formatTime(value, language, false);
}

/** Tooltip values: a dash for a missing value instead of "NaN" or "null". */
export function tooltipValue(language: string, fractionDigits: number, unit = ''): (value: unknown) => string {
  return (value) => (typeof value === 'number' && Number.isFinite(value) ? `${formatNumber(value, language, fractionDigits)}${unit}` : '–');
}
