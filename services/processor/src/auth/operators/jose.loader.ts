/**
 * jose 6 is an ES module only, and the processor compiles to CommonJS: it is loaded with `import()` (kept as is by
 * the Node16 module setting; Jest's CommonJS build turns it into a require of jose compiled by jest.config.js).
 */
export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
export type JWTPayload = import('jose', { with: { 'resolution-mode': 'import' } }).JWTPayload;

let loading: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  return (loading ??= import('jose'));
}
