/**
 * `/api/docs`: the REST reference, rendered by Swagger UI from the generated `openapi.yaml`. Everything is served
 * from installed packages (swagger-ui-dist and the contract package), so the page works without internet access.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';

/** The slice of Express' response used here (keeps @types/express out of the build). */
interface FileResponse {
  sendFile(file: string, options: { root: string; maxAge: string }, done: (error?: Error) => void): void;
}

/** The Swagger UI files the page loads; nothing else from the package is served. */
const ASSETS: ReadonlySet<string> = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

/** Where swagger-ui-dist is installed (its package has no exports map, so its package.json is resolvable). */
export function swaggerUiDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * `firmware-contracts/openapi.yaml`, found through the contract package's own entry so the path holds from the
 * processor's src (tests) and dist (`node services/processor/dist/main.js`) alike: the entry is `<package>/{src,dist}/api/v1`.
 */
export function openApiFile(): string {
  return path.resolve(path.dirname(require.resolve('@arterial/contracts/api/v1')), '..', '..', '..', 'openapi.yaml');
}

// Absolute URLs, so the page works at /api/docs and /api/docs/ alike.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Arterial REST API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/arterial-docs.js"></script>
  </body>
</html>
`;

// A separate script rather than an inline one, so the page also runs under a Content-Security-Policy without 'unsafe-inline'.
// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

@Controller('docs')
export class ApiDocsController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('arterial-docs.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  initScript(): string {
    return INIT_SCRIPT;
  }

  /** Read on each request: small, rarely fetched, and a regenerated file shows without a restart. */
  @Get('openapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  document(): string {
    return fs.readFileSync(openApiFile(), 'utf8');
  }

  @Get(':asset')
  async asset(@Param('asset') asset: string, @Res() res: FileResponse): Promise<void> {
    if (!ASSETS.has(asset)) throw new NotFoundException(`no ${asset} under /api/docs`);
    await new Promise<void>((resolve, reject) => res.sendFile(asset, { root: swaggerUiDir(), maxAge: '1d' }, (error) => (error ? reject(error) : resolve())));
  }
}
