# Shared helpers for the start and test scripts: install what is missing, build what is stale.
# Every step checks first, so a second run does almost nothing.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

say() { printf '\033[1m[arterial]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    say "need root to run: $* (install sudo or run as root)"; return 1
  fi
}

# Node.js 20.19+ runs the project (require of ES modules and the toolchain need it).
check_node() {
  local v
  v="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ -z "$v" ]; then say "Node.js 20 is required but not found"; exit 1; fi
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || { say "Node.js >= 20.19 is required, found $v"; exit 1; }
}

# Debian packages, installed only when their command (or, for an absolute path, that file) is missing. Services are never auto-started:
# the mosquitto package would otherwise take port 1883 from the embedded broker.
ensure_apt() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair##*:}"
    if [ "${cmd#/}" != "$cmd" ]; then [ -e "$cmd" ] || missing+=("$pkg"); continue; fi
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy"; created=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ $created -eq 1 ] && as_root rm -f "$policy"
  return 0
}

# npm packages: `npm ci` only when package-lock.json changed since the last install.
ensure_npm() {
  local stamp=node_modules/.arterial-lock.sha256 want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

# TypeScript is incremental (tsc -b); the web bundle is rebuilt only when its sources changed.
build_all() {
  say "building TypeScript"
  npx tsc -b
  local stamp=web/dist/.arterial-src.sha256 want
  want="$(find web/src web/index.html web/vite.config.ts firmware-contracts/src -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "building web app"
  npm run build -w web --silent
  echo "$want" > "$stamp"
}

# A private InfluxDB (Debian's 1.6.7) with its data under data/influxdb (or the folder given second), unless one already answers.
# Sets LOCAL_INFLUX_PID when it started one, so the caller can stop it again.
LOCAL_INFLUX_PID=""
start_local_influx() {
  local port="${1:-8086}" dir="${2:-$REPO_ROOT/data/influxdb}"
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/ping" 2>/dev/null; then return 0; fi
  mkdir -p "$dir/meta" "$dir/data" "$dir/wal"
  cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((port + 2))"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$port"
  log-enabled = false
CONF
  say "starting private InfluxDB on 127.0.0.1:$port (data in ${dir#"$REPO_ROOT"/})"
  nohup influxd -config "$dir/influxdb.conf" > "$dir/influxd.log" 2>&1 &
  LOCAL_INFLUX_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/ping" 2>/dev/null && return 0
    sleep 0.2
  done
  say "InfluxDB did not start; see ${dir#"$REPO_ROOT"/}/influxd.log"; return 1
}

# Registers (or re-registers, with a fresh password) one gateway device owning every detector and controller of
# a network, for the simulator to connect with when the embedded broker requires credentials. Sets SIM_MQTT_USERNAME
# and SIM_MQTT_PASSWORD; the password is never written anywhere but the registry's hash.
SIM_MQTT_USERNAME=""
SIM_MQTT_PASSWORD=""
provision_simulator_devices() {
  local network="$1" name="${2:-sim-gateway}" cli=services/processor/dist/auth/devices/device.cli.js credentials
  node "$cli" revoke "$name" >/dev/null 2>&1 || true
  credentials="$(node "$cli" add "$name" --role gateway --owns-network "$network" | tail -n 1)" || { say "could not register the simulator's devices"; return 1; }
  SIM_MQTT_USERNAME="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).username)' "$credentials")"
  SIM_MQTT_PASSWORD="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).password)' "$credentials")"
  say "registered device $SIM_MQTT_USERNAME (gateway for the simulator) in ${DEVICE_REGISTRY_FILE:-data/devices.json}"
}

# Stops processes in reverse start order (each: SIGTERM, up to GRACE_STEPS × 0.2 s, then SIGKILL), then the local
# InfluxDB: `stop_in_reverse GRACE_STEPS PID…`.
stop_in_reverse() {
  local steps="$1"; shift
  local started=("$@") i pid
  for ((i=${#started[@]}-1; i>=0; i--)); do
    pid="${started[$i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 "$steps"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "${LOCAL_INFLUX_PID:-}" ]; then kill -TERM "$LOCAL_INFLUX_PID" 2>/dev/null || true; fi
}
