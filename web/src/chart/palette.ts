/**
 * Colour-blind-safe colours for charts: Okabe-Ito for categories (series, districts), a viridis ramp for ordered
 * scales (heat maps). Both stay distinguishable under deuteranopia and protanopia and in greyscale print.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Viridis, 9 stops from dark (low) to yellow (high). */
export const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] as const;
