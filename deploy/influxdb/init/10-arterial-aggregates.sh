#!/bin/bash
# First start of the influxdb:2 image only (it runs /docker-entrypoint-initdb.d/*.sh after `setup`, with the
# influx CLI already configured for the admin token). Creates what InfluxDB 1.x's schema set-up created:
#  - the aggregates bucket (the 1.x retention policy agg_1m, 400 d),
#  - DBRP mappings so InfluxQL (the processor's reads, Grafana) sees db "arterial" with rp "raw" (default) and "agg_1m",
#  - the task computing the 1-minute detector aggregates (the 1.x continuous query).
set -euo pipefail

org="${DOCKER_INFLUXDB_INIT_ORG:?}"
raw_bucket="${DOCKER_INFLUXDB_INIT_BUCKET:?}"
db="${ARTERIAL_DB:-arterial}"
agg_bucket="${ARTERIAL_AGG_BUCKET:-arterial_agg_1m}"
agg_retention="${ARTERIAL_AGG_RETENTION:-400d}"
task_file=/etc/arterial/influxdb/tasks/detector-measurement-1m.flux

bucket_id() {
  influx bucket list --org "$org" --name "$1" --hide-headers | cut -f1
}

influx bucket create --org "$org" --name "$agg_bucket" --retention "$agg_retention" >/dev/null
influx v1 dbrp create --org "$org" --db "$db" --rp raw --bucket-id "$(bucket_id "$raw_bucket")" --default >/dev/null
influx v1 dbrp create --org "$org" --db "$db" --rp agg_1m --bucket-id "$(bucket_id "$agg_bucket")" >/dev/null

# The task file names the default buckets; substitute the configured ones.
sed -e "s/from(bucket: \"arterial\")/from(bucket: \"${raw_bucket}\")/" \
    -e "s/to(bucket: \"arterial_agg_1m\")/to(bucket: \"${agg_bucket}\")/" "$task_file" > /tmp/detector-measurement-1m.flux
influx task create --org "$org" --file /tmp/detector-measurement-1m.flux >/dev/null
echo "arterial: bucket ${agg_bucket}, DBRP ${db}/raw and ${db}/agg_1m, task detector_measurement_1m created"
