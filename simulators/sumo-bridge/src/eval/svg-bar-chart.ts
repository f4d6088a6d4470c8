/** A small horizontal bar chart as standalone SVG (reports are read in a browser or on GitHub; no chart library). */
export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 720;
const ROW_H = 34;
const MARGIN = { left: 150, right: 90, top: 48, bottom: 24 };

export function renderBarChart(title: string, unit: string, bars: readonly Bar[]): string {
  const height = MARGIN.top + MARGIN.bottom + ROW_H * Math.max(1, bars.length);
  const max = Math.max(...bars.map((b) => b.value), 0);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const best = Math.min(...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = MARGIN.top + i * ROW_H;
    const w = max > 0 ? Math.max(1, (b.value / max) * plotW) : 1;
    const fill = b.value === best ? '#2ca02c' : '#1f77b4';
    return [
      `<text x="${MARGIN.left - 8}" y="${y + ROW_H / 2 + 4}" text-anchor="end">${escapeXml(b.label)}</text>`,
      `<rect x="${MARGIN.left}" y="${y + 6}" width="${w.toFixed(1)}" height="${ROW_H - 12}" fill="${fill}"/>`,
      `<text x="${(MARGIN.left + w + 6).toFixed(1)}" y="${y + ROW_H / 2 + 4}">${b.value.toFixed(1)} ${escapeXml(unit)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${height - MARGIN.bottom}" stroke="#333"/>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
