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
  # Reverse start order: the simulator says goodbye (offline statuses) while the broker is still up.
  stop_in_reverse 50 ${pids[@]+"${pids[@]}"}
}
trap cleanup INT TERM EXIT

pretty=(cat)
[ -t 1 ] && pretty=(npx --no-install pino-pretty --colorize --ignore pid,hostname,service)

# A simulator running faster than real time sends proportionally more per device: scale the per-device rate limit.
if [ -z "${MQTT_DEVICE_RATE_PER_S:-}" ]; then
  MQTT_DEVICE_RATE_PER_S="$(node -e 'process.stdout.write(String(Math.max(20, Math.ceil(20 * Number(process.argv[1])))))' "${SIM_SPEED:-1}")"
  export MQTT_DEVICE_RATE_PER_S
fi
# The demo lets the platform drive its signals; CONTROL_STRATEGY=off (or another strategy) overrides it.
# heap limits of services/processor/src/runtime-flags.ts (bounded RSS under overload)
processor_node_options="$(node -p "require('./services/processor/dist/runtime-flags').PROCESSOR_NODE_OPTIONS")"
# and its malloc settings (PROCESSOR_MALLOC_ENV: ~20 KB less RSS per TLS connection), unless set already
mapfile -t processor_malloc_env < <(node -e "for (const [k, v] of Object.entries(require('./services/processor/dist/runtime-flags').PROCESSOR_MALLOC_ENV)) console.log(process.env[k] === undefined ? k + '=' + v : k + '=' + process.env[k])")
env "${processor_malloc_env[@]}" NODE_OPTIONS="${NODE_OPTIONS:-$processor_node_options}" CONTROL_STRATEGY="${CONTROL_STRATEGY:-max-pressure}" node services/processor/dist/main.js > >("${pretty[@]}") 2>&1 &
pids+=($!)

http="http://127.0.0.1:${HTTP_PORT:-8080}"
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "$http/api/health/live" 2>/dev/null && break
  sleep 0.2
done

mqtt_url="${MQTT_URL:-mqtt://127.0.0.1:${MQTT_PORT:-1883}}"
network="${NETWORK_FILE:-firmware-contracts/networks/demo.geojson}"
sim_env=()
# The embedded broker requires credentials unless MQTT_ALLOW_ANONYMOUS=true; an external broker (MQTT_URL) has its own.
if [ -z "${MQTT_URL:-}" ] && [ "${MQTT_ALLOW_ANONYMOUS:-false}" != "true" ]; then
  provision_simulator_devices "$network"
  sim_env=(MQTT_USERNAME="$SIM_MQTT_USERNAME" MQTT_PASSWORD="$SIM_MQTT_PASSWORD")
fi
env ${sim_env[@]+"${sim_env[@]}"} node simulators/traffic/dist/cli.js --mqtt-url "$mqtt_url" --network "$network" --speed "${SIM_SPEED:-1}" > >("${pretty[@]}") 2>&1 &
pids+=($!)

say "control room: $http (sign in as admin: the password is printed once above at the first start; npm run user -- passwd admin sets a new one)"
say "health: $http/api/health/ready   live feed: ws://127.0.0.1:${HTTP_PORT:-8080}/ws (with a token)"
if [ ${#sim_env[@]} -eq 0 ]; then
  say "watch the traffic: mosquitto_sub -h 127.0.0.1 -p ${MQTT_PORT:-1883} -t 'arterial/v1/#' -v"
else
  say "watch the traffic: npm run device -- add watcher --role centre (prints a password), then"
  say "  mosquitto_sub -h 127.0.0.1 -p ${MQTT_PORT:-1883} -u watcher -P PASSWORD -t 'arterial/v1/#' -v   (docs/security.md)"
fi
wait -n "${pids[@]}" || true
