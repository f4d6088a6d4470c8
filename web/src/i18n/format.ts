/** Locale-aware number and time formatting; formatters are cached per language and shape. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(value: number, language: string, fractionDigits = 0): string {
  const key = `${language}|${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatTime(epochMs: number, language: string, withSeconds = true): string {
  const key = `${language}|${withSeconds}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hour12: false });
    timeFormats.set(key, format);
  }
  return format.format(epochMs);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Month, day and time (24 h): for events that may be from another day, such as alerts and chart tooltips. */
export function formatDateTime(epochMs: number, language: string, withSeconds = false): string {
  const key = `${language}|${withSeconds}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hour12: false });
    dateTimeFormats.set(key, format);
  }
  return format.format(epochMs);
}
