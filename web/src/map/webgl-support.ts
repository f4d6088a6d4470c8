/** Whether this browser can give MapLibre a WebGL context; checked before creating the map, so the map area can say why it is empty. */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (context === null) return false;
    // Release the probe's context at once: browsers cap live contexts and the map needs one.
    context.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  } catch {
    return false;
  }
}
