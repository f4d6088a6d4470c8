/**
 * `GET /metrics` for Prometheus. Outside the `/api` prefix (bootstrap excludes it) because scrapers expect
 * `/metrics`, and outside the REST contract because its body is Prometheus' text format, not JSON.
 */
import { Controller, Get, Res } from '@nestjs/common';
import { MetricsService } from './metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: { type(contentType: string): unknown }): Promise<string> {
    res.type(this.metrics.contentType);
    return this.metrics.exposition();
  }
}
