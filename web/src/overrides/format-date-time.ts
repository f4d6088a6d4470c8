/** Short local date and time (month, day, hh:mm:ss) in the UI language, for history rows. */
const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(epochMs: number, language: string): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    formats.set(language, format);
  }
  return format.format(epochMs);
}
