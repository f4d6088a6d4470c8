import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { isValidId } from '@arterial/contracts';
import { CLOCK, type Clock } from '../clock/clock';
import { NetworkService } from '../network/network.service';
import { LiveStateService } from '../state/live-state.service';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { parsePositiveInt, parseTime } from './query-params';

/** Upper bound on buckets per request, so a careless query cannot pull years of raw data. */
export const MAX_SERIES_POINTS = 10_000;

@Controller('detectors')
export class DetectorsController {
  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly network: NetworkService,
    private readonly state: LiveStateService,
  ) {}

  /** History of one detector: `from`/`to` (epoch ms or ISO, default last hour), `step` in seconds (default fits ~360 buckets). */
  @Get(':id/series')
  async series(@Param('id') id: string, @Query('from') fromRaw?: string, @Query('to') toRaw?: string, @Query('step') stepRaw?: string) {
    if (!isValidId(id)) throw new BadRequestException(`detector id ${JSON.stringify(id)} is not valid`);
    const toMs = parseTime('to', toRaw) ?? this.clock.now();
    const fromMs = parseTime('from', fromRaw) ?? toMs - 3600_000;
    if (fromMs >= toMs) throw new BadRequestException('from must be before to');
    const stepS = parsePositiveInt('step', stepRaw) ?? Math.max(1, Math.ceil((toMs - fromMs) / 1000 / 360));
    const buckets = Math.ceil((toMs - fromMs) / 1000 / stepS);
    if (buckets > MAX_SERIES_POINTS) throw new BadRequestException(`range/step gives ${buckets} points; at most ${MAX_SERIES_POINTS} allowed — use a larger step`);
    const points = await this.store.detectorSeries(id, { fromMs, toMs }, stepS);
    return { detectorId: id, known: this.network.detector(id) !== undefined, from: fromMs, to: toMs, stepS, live: this.state.detector(id) ?? null, points };
  }
}
