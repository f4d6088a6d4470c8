#!/usr/bin/env node
/**
 * Writes the map's label glyphs (SDF glyph PBFs, the format MapLibre's `glyphs` URL serves) into
 * web/public/glyphs/arterial-sans/{start}-{end}.pbf, so the app ships its own font and needs no CDN.
 *
 * Glyphs are rasterised by Debian's Chromium with TinySDF (the same code and parameters MapLibre uses for local
 * glyphs: 24 px, 3 px buffer, radius 8, cutoff 0.25) from the fonts installed here (DejaVu Sans, Noto Sans CJK for
 * CJK punctuation). CJK ideographs are not generated: MapLibre draws them in the browser (`localIdeographFontFamily`).
 * Run again after changing the ranges: `node web/scripts/generate-glyphs.mjs`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const here = path.dirname(fileURLToPath(import.meta.url));
const FONT_NAME = 'arterial-sans';
const OUT_DIR = path.resolve(here, '..', 'public', 'glyphs', FONT_NAME);
const FONT_FAMILY = "'DejaVu Sans', 'Noto Sans CJK SC', sans-serif";
/** Latin-1, Latin Extended-A/B, general punctuation (– — · …), CJK symbols (、。「」), full-width forms (，：（）). */
const RANGE_STARTS = [0, 256, 8192, 12288, 65280];

// --- protobuf writing (glyphs.proto: glyphs { fontstack stacks = 1 }, fontstack { name = 1, range = 2, glyph glyphs = 3 }) ---
function varint(n, out) {
  let v = n >>> 0;
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
}
const zigzag = (n) => ((n << 1) ^ (n >> 31)) >>> 0;
function key(field, wire, out) {
  varint((field << 3) | wire, out);
}
function bytesField(field, bytes, out) {
  key(field, 2, out);
  varint(bytes.length, out);
  for (const b of bytes) out.push(b);
}
function glyphMessage(g) {
  const out = [];
  key(1, 0, out);
  varint(g.id, out);
  if (g.bitmap.length > 0) bytesField(2, g.bitmap, out);
  key(3, 0, out);
  varint(g.width, out);
  key(4, 0, out);
  varint(g.height, out);
  key(5, 0, out);
  varint(zigzag(g.left), out);
  key(6, 0, out);
  varint(zigzag(g.top), out);
  key(7, 0, out);
  varint(g.advance, out);
  return out;
}
function rangePbf(start, glyphs) {
  const stack = [];
  bytesField(1, Buffer.from(FONT_NAME), stack);
  bytesField(2, Buffer.from(`${start}-${start + 255}`), stack);
  for (const g of glyphs) bytesField(3, glyphMessage(g), stack);
  const out = [];
  bytesField(1, stack, out);
  return Buffer.from(out);
}

const tinySdfSource = fs.readFileSync(require.resolve('@mapbox/tiny-sdf'), 'utf8').replace('export default class TinySDF', 'window.TinySDF = class TinySDF');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.setContent('<html><body></body></html>');
  await page.addScriptTag({ content: tinySdfSource });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const start of RANGE_STARTS) {
    const glyphs = await page.evaluate(
      async ({ start, family }) => {
        await document.fonts.load(`24px ${family}`);
        const sdf = new window.TinySDF({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: family });
        const out = [];
        for (let id = start; id < start + 256; id += 1) {
          // Control characters and lone surrogates have no glyph.
          if (id < 32 || (id >= 127 && id < 160)) continue;
          const g = sdf.draw(String.fromCharCode(id));
          if (g.glyphAdvance === 0 && g.glyphWidth === 0) continue;
          out.push({
            id,
            bitmap: g.glyphWidth > 0 ? Array.from(g.data) : [],
            width: g.glyphWidth,
            height: g.glyphHeight,
            left: Math.round(g.glyphLeft),
            // PBF tops are relative to the baseline at 24 px with MapLibre's 3 px buffer, hence the shift.
            top: Math.round(g.glyphTop - 27),
            advance: Math.round(g.glyphAdvance),
          });
        }
        return out;
      },
      { start, family: FONT_FAMILY },
    );
    const file = path.join(OUT_DIR, `${start}-${start + 255}.pbf`);
    fs.writeFileSync(file, rangePbf(start, glyphs));
    process.stderr.write(`${path.relative(process.cwd(), file)}: ${glyphs.length} glyphs\n`);
  }
} finally {
  await browser.close();
}
