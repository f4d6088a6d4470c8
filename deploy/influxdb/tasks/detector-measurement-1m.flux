// 1-minute detector aggregates on InfluxDB 2: the Flux equivalent of the 1.x continuous query
// cq_detector_measurement_1m (services/processor/src/storage/influx-schema.ts). Every minute it recomputes the
// last 10 complete minutes (the CQ's RESAMPLE FOR 10m), so late data is still aggregated; rewriting a window
// overwrites the same points. Fields as in the CQ: sum(volume), mean(occupancyPct), mean(speedKph) and
// count(volume) AS samples, per detectorId, stamped at the window's start (InfluxQL GROUP BY time labels).
// The init script replaces the bucket names below when the deployment uses others.
import "date"

option task = {name: "detector_measurement_1m", every: 1m, offset: 5s}

stop = date.truncate(t: now(), unit: 1m)
start = date.sub(d: 10m, from: stop)

raw =
    from(bucket: "arterial")
        |> range(start: start, stop: stop)
        |> filter(fn: (r) => r._measurement == "detector_measurement")

perMinute = (tables=<-, field, fn) =>
    tables
        |> filter(fn: (r) => r._field == field)
        |> aggregateWindow(every: 1m, fn: fn, createEmpty: false, timeSrc: "_start")

volume = raw |> perMinute(field: "volume", fn: sum)
samples = raw |> perMinute(field: "volume", fn: count) |> set(key: "_field", value: "samples")
occupancy = raw |> perMinute(field: "occupancyPct", fn: mean)
speed = raw |> perMinute(field: "speedKph", fn: mean)

union(tables: [volume, samples, occupancy, speed])
    |> keep(columns: ["_time", "_field", "_value", "detectorId"])
    |> set(key: "_measurement", value: "detector_measurement_1m")
    |> to(bucket: "arterial_agg_1m")
