/**
 * The on-disk text of a network model: indented JSON where every value short enough sits on one line
 * (coordinates, splits, movements), so a generated file stays small yet diffs line by line.
 */
import type { NetworkModel } from '@arterial/contracts/network';

const INLINE_MAX_CHARS = 80;

export function serializeNetwork(model: NetworkModel): string {
  return `${format(model, '')}\n`;
}

function format(value: unknown, indent: string): string {
  const compact = JSON.stringify(value);
  if (compact === undefined) throw new Error('network model holds a value JSON cannot represent');
  if (value === null || typeof value !== 'object' || compact.length <= INLINE_MAX_CHARS) return compact;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${format(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
}
