#!/usr/bin/env bash
# `npm run cluster -- --instances 3`: a local cluster to try scale-out and failover (docs/cluster.md): Debian's
# mosquitto 2 as the shared broker, a one-node etcd for junction ownership, a private InfluxDB, N processors on
# consecutive HTTP ports (from HTTP_PORT, default 8080) and the traffic simulator (`--no-sim` leaves it out).
# Data under data/cluster/. Status lines every 10 s; Ctrl-C (or SIGTERM) stops everything.
source "$(dirname "$0")/lib.sh"

instances=3
with_sim=1
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances="${2:-}"; shift 2 ;;
    --no-sim) with_sim=0; shift ;;
    *) say "unknown option $1 (use --instances N, --no-sim)"; exit 2 ;;
  esac
done
[[ "$instances" =~ ^[1-9][0-9]?$ ]] || { say "--instances must be 1-99"; exit 2; }

check_node
ensure_apt curl:curl mosquitto:mosquitto etcd:etcd-server influxd:influxdb
ensure_npm
build_all

dir="$REPO_ROOT/data/cluster"
mqtt_port="${CLUSTER_MQTT_PORT:-1883}"
etcd_port="${CLUSTER_ETCD_PORT:-2379}"
influx_port="${CLUSTER_INFLUX_PORT:-8086}"
http_base="${HTTP_PORT:-8080}"
network="${NETWORK_FILE:-firmware-contracts/networks/demo.geojson}"
mkdir -p "$dir/mosquitto" "$dir/etcd"

pids=()
names=()
cleanup() {
  trap - INT TERM EXIT
  say "stopping"
  # Reverse start order: simulator, processors (they leave the cluster and flush), then etcd, mosquitto, InfluxDB.
  stop_in_reverse 100 ${pids[@]+"${pids[@]}"}
}
trap cleanup INT TERM EXIT

started() { pids+=("$1"); names+=("$2"); }

start_local_influx "$influx_port" "$dir/influxdb"

# mosquitto: anonymous on loopback (a development cluster), persistent sessions across its own restarts.
cat > "$dir/mosquitto/mosquitto.conf" <<CONF
listener $mqtt_port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $dir/mosquitto/
max_queued_messages 100000
user $(id -un)
CONF
mosquitto -c "$dir/mosquitto/mosquitto.conf" > "$dir/mosquitto/mosquitto.log" 2>&1 &
started $! mosquitto

etcd_url="http://127.0.0.1:$etcd_port"
peer_url="http://127.0.0.1:$((etcd_port + 1))"
etcd --name arterial-cluster --data-dir "$dir/etcd/data" --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
  --listen-peer-urls "$peer_url" --initial-advertise-peer-urls "$peer_url" --initial-cluster "arterial-cluster=$peer_url" \
  > "$dir/etcd/etcd.log" 2>&1 &
started $! etcd
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$etcd_url/health" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$etcd_url/health" || { say "etcd did not start; see data/cluster/etcd/etcd.log"; exit 1; }

urls=()
for ((n=0; n<instances; n++)); do
  id="p$((n + 1))"
  port=$((http_base + n))
  mkdir -p "$dir/$id"
  # One after another: the first start may create the shared token secret (data/token-secret) the others then read.
  MQTT_URL="mqtt://127.0.0.1:$mqtt_port" ETCD_URLS="$etcd_url" INSTANCE_ID="$id" HTTP_PORT="$port" \
    INFLUX_URL="http://127.0.0.1:$influx_port" SPOOL_DIR="$dir/$id/spool" NETWORK_FILE="$network" \
    CONTROL_STRATEGY="${CONTROL_STRATEGY:-max-pressure}" LOG_LEVEL="${LOG_LEVEL:-info}" \
    node services/processor/dist/main.js > "$dir/$id/processor.log" 2>&1 &
  started $! "$id"
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health/live" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health/live" || { say "processor $id did not start; see data/cluster/$id/processor.log"; exit 1; }
  urls+=("http://127.0.0.1:$port")
  say "processor $id (pid ${pids[-1]}): control room http://127.0.0.1:$port   metrics http://127.0.0.1:$port/metrics"
done

if [ "$with_sim" -eq 1 ]; then
  node simulators/traffic/dist/cli.js --mqtt-url "mqtt://127.0.0.1:$mqtt_port" --network "$network" --speed "${SIM_SPEED:-1}" > "$dir/simulator.log" 2>&1 &
  started $! simulator
fi
say "broker mqtt://127.0.0.1:$mqtt_port   etcd $etcd_url   InfluxDB http://127.0.0.1:$influx_port   logs in data/cluster/"
say "try a failover: kill -9 one processor's pid; its junctions move to the others within ~16 s (lease TTL 10 s)"

# From /metrics (open without a token, unlike /api/health): the cluster gauges and the accepted-messages counter.
status_line() {
  local url metrics
  for url in "${urls[@]}"; do
    metrics="$(curl -fsS --max-time 2 "$url/metrics" 2>/dev/null || true)"
    node -e '
      const text = process.argv[1], url = process.argv[2];
      const value = (name) => { const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text); return m ? Number(m[1]) : undefined; };
      const id = /^arterial_cluster_info\{instance_id="([^"]+)"/m.exec(text)?.[1];
      if (!id) { console.log(`[cluster] ${url} not answering`); process.exit(0); }
      const accepted = /^arterial_ingest_messages_total\{outcome="accepted"\} (\S+)$/m.exec(text)?.[1] ?? "0";
      console.log(`[cluster] ${id}: owns ${value("arterial_cluster_owned_junctions")} junctions, ${value("arterial_cluster_peers")} peers, lease ${value("arterial_cluster_lease_alive") === 1 ? "alive" : "LOST"}, handovers ${value("arterial_cluster_handovers_total")}, accepted ${accepted}`);
    ' "$metrics" "$url"
  done
}

while true; do
  for ((i=0; i<${#pids[@]}; i++)); do
    kill -0 "${pids[$i]}" 2>/dev/null || say "${names[$i]} (pid ${pids[$i]}) is not running"
  done
  status_line
  sleep 10
done
