/** What the operator is looking at in the side panel. */
export type SelectionKind = 'intersection' | 'detector';
export interface Selection {
  kind: SelectionKind;
  id: string;
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);
}
