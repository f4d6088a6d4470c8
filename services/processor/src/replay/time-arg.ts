/** A command-line time: epoch milliseconds or ISO-8601 (UTC unless it names a zone). */
export function parseTime(flag: string, text: string): number {
  if (/^-?[0-9]+$/.test(text)) return Number(text);
  const zoned = /T.*(Z|[+-][0-9]{2}:?[0-9]{2})$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  if (!Number.isFinite(ms)) throw new Error(`--${flag} ${JSON.stringify(text)}: expected epoch milliseconds or an ISO-8601 time`);
  return ms;
}
