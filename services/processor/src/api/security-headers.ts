/**
 * Browser-facing policy of the HTTP server: security headers (helmet) with a Content-Security-Policy the control room
 * and the API docs run under, and CORS limited to the configured origins (none: same origin only).
 */
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';

export function applyBrowserPolicy(app: NestExpressApplication, corsOrigins: readonly string[]): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // MapLibre runs its workers from blob: URLs and paints tiles from blob:/data: images.
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      // Plain HTTP on a control-room LAN is common; HSTS belongs to the TLS terminator in front.
      strictTransportSecurity: false,
    }),
  );
  // Tokens travel only in the Authorization header, so no credentials (cookies) are ever allowed cross-origin.
  if (corsOrigins.length > 0) app.enableCors({ origin: [...corsOrigins], methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type'], credentials: false, maxAge: 600 });
}
