/**
 * InfluxQL schema of an InfluxDB 1.x database: retention policies and the 1-minute continuous query.
 * (On InfluxDB 2.x/3.x, buckets and retention are managed in the server; see docs/storage.md.)
 */
import { ident } from './influx-query.adapter';
import { MEASUREMENTS } from './line-protocol';

export const RAW_RP = 'raw';
export const RAW_RETENTION = '7d';
export const RAW_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const AGG_RP = 'agg_1m';
export const AGG_RETENTION = '400d';
export const AGG_MEASUREMENT = `${MEASUREMENTS.detector}_1m`;
export const CQ_NAME = 'cq_detector_measurement_1m';
/** The continuous query recomputes this far back each minute, so data that arrives late (up to this) is still aggregated. */
export const CQ_RESAMPLE_FOR = '10m';

function aggregateSelect(db: string): string {
  return (
    `SELECT sum("volume") AS "volume", mean("occupancyPct") AS "occupancyPct", mean("speedKph") AS "speedKph", count("volume") AS "samples" ` +
    `INTO ${ident(db)}.${ident(AGG_RP)}.${ident(AGG_MEASUREMENT)} FROM ${ident(db)}.${ident(RAW_RP)}.${ident(MEASUREMENTS.detector)}`
  );
}

export function createDatabase(db: string): string {
  // Creating the database with `raw` as its default policy in one statement means no write ever lands in autogen.
  return `CREATE DATABASE ${ident(db)} WITH DURATION ${RAW_RETENTION} REPLICATION 1 NAME ${ident(RAW_RP)}`;
}

export function retentionPolicy(db: string, name: string, duration: string, isDefault: boolean, exists: boolean): string {
  return `${exists ? 'ALTER' : 'CREATE'} RETENTION POLICY ${ident(name)} ON ${ident(db)} DURATION ${duration} REPLICATION 1${isDefault ? ' DEFAULT' : ''}`;
}

export function createContinuousQuery(db: string): string {
  return `CREATE CONTINUOUS QUERY ${ident(CQ_NAME)} ON ${ident(db)} RESAMPLE EVERY 1m FOR ${CQ_RESAMPLE_FOR} BEGIN ${aggregateSelect(db)} GROUP BY time(1m), "detectorId" END`;
}

/** Recomputes the 1-minute aggregates of [fromMs, toMs) (minute-aligned), e.g. after an outage drained the spool. */
export function backfillAggregates(db: string, fromMs: number, toMs: number): string {
  return `${aggregateSelect(db)} WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1m), "detectorId"`;
}
