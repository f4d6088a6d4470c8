#!/usr/bin/env node
/**
 * `npm run eval:control -- --scenario arterial --end 1800`: compares SUMO's own controllers with the platform's
 * strategies on one scenario (eval-control.main.ts). Each variant runs in a child process (variant-worker.cli.ts).
 */
import { main } from './eval-control.main';

void main();
