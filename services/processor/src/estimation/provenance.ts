/**
 * Every value the estimation and quality code hands on says where it came from, so an imputed or derived
 * number is never mistaken for a measurement (Chen et al. 2003, TRR 1855: "keep a flag per value").
 *
 * The types are the wire shapes of the contract (`@arterial/contracts/api/v1`), so REST and /ws carry them unchanged.
 */
import type { Provenance, Quantity } from '@arterial/contracts/api/v1';

export type { Provenance, Quantity };

export type KnownQuantity = Exclude<Quantity, { provenance: 'missing' }>;

export function measured(value: number): Quantity {
  return { value, provenance: 'measured' };
}

export function estimated(value: number, method: string): Quantity {
  return { value, provenance: 'estimated', method };
}

export function imputed(value: number, method: string): Quantity {
  return { value, provenance: 'imputed', method };
}

export const MISSING: Quantity = Object.freeze({ value: null, provenance: 'missing' });

export function isKnown(q: Quantity): q is KnownQuantity {
  return q.provenance !== 'missing';
}

const RANK: Record<Exclude<Provenance, 'missing'>, number> = { measured: 0, estimated: 1, imputed: 2 };

/** The least trustworthy of the inputs' provenances (imputed > estimated > measured); `missing` if any input is missing. */
export function weakestProvenance(inputs: readonly Quantity[]): Provenance {
  let worst: Exclude<Provenance, 'missing'> = 'measured';
  for (const q of inputs) {
    if (q.provenance === 'missing') return 'missing';
    if (RANK[q.provenance] > RANK[worst]) worst = q.provenance;
  }
  return worst;
}

/**
 * A value computed by a model from `inputs`: never better than `estimated`, and `imputed` as soon as one input was
 * imputed, so imputation is carried through every derivation instead of laundering into an estimate.
 */
export function derived(value: number, method: string, inputs: readonly Quantity[]): Quantity {
  const weakest = weakestProvenance(inputs);
  if (weakest === 'missing' || !Number.isFinite(value)) return MISSING;
  return weakest === 'imputed' ? imputed(value, method) : estimated(value, method);
}

/**
 * A summary of like values (sum or mean of lane flows, for example) keeps the inputs' weakest provenance: the mean of
 * measured flows is still a measurement, the mean of a measured and an imputed flow is imputed.
 */
export function aggregated(value: number, method: string, inputs: readonly Quantity[]): Quantity {
  const weakest = weakestProvenance(inputs);
  if (weakest === 'missing' || inputs.length === 0 || !Number.isFinite(value)) return MISSING;
  if (weakest === 'measured') return measured(value);
  return weakest === 'imputed' ? imputed(value, method) : estimated(value, method);
}

/** The same value with a weaker provenance when `floor` is weaker than the value's own (never strengthens it). */
export function weakenTo(q: Quantity, floor: 'estimated' | 'imputed', method: string): Quantity {
  if (q.provenance === 'missing') return q;
  if (RANK[q.provenance] >= RANK[floor]) return q;
  return floor === 'imputed' ? imputed(q.value, method) : estimated(q.value, method);
}
