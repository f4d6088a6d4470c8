#!/usr/bin/env bash
# `npm start`: install what is missing, then run broker + processor + simulator + web app on embedded defaults.
source "$(dirname "$0")/lib.sh"

check_node
apt_needs=(curl:curl mosquitto_sub:mosquitto-clients)
[ -z "${INFLUX_URL:-}" ] && apt_needs+=(influxd:influxdb)
ensure_apt "${apt_needs[@]}"
ensure_npm
build_all

if [ -z "${INFLUX_URL:-}" ]; then start_local_influx 8086; fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  say "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

pretty=(cat)
[ -t 1 ] && pretty=(npx --no-install pino-pretty --colorize --ignore pid,hostname,service)

node services/processor/dist/main.js 2>&1 | "${pretty[@]}" &
pids+=($!)

http="http://127.0.0.1:${HTTP_PORT:-8080}"
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "$http/api/health" 2>/dev/null && break
  sleep 0.2
done

mqtt_url="${MQTT_URL:-mqtt://127.0.0.1:${MQTT_PORT:-1883}}"
node simulators/traffic/dist/cli.js --mqtt-url "$mqtt_url" --speed "${SIM_SPEED:-1}" 2>&1 | "${pretty[@]}" &
pids+=($!)

say "control room: $http   health: $http/api/health   live feed: ws://127.0.0.1:${HTTP_PORT:-8080}/ws"
say "watch the traffic: mosquitto_sub -h 127.0.0.1 -p ${MQTT_PORT:-1883} -t 'arterial/v1/#' -v"
wait -n "${pids[@]}" || true
