/** CSV export of chart data: ISO 8601 times, the contract's field names as headers, RFC 4180 quoting. */
export type CsvValue = string | number | boolean | null | undefined;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line then one line per row; a column named `ts` (or ending in `At`) holding epoch ms is written as ISO time. */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const isTime = columns.map((name) => name === 'ts' || name.endsWith('At'));
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) {
    lines.push(row.map((value, i) => cell(isTime[i] && typeof value === 'number' ? new Date(value).toISOString() : value)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next tick: some browsers start the download asynchronously.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
