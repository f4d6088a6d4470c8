#!/usr/bin/env bash
# `npm test`: install what is missing, then lint, typecheck, unit and integration tests (real broker,
# real InfluxDB, mosquitto clients, headless Chromium). Integration suites start their own private servers.
source "$(dirname "$0")/lib.sh"

check_node
ensure_apt curl:curl influxd:influxdb mosquitto:mosquitto mosquitto_pub:mosquitto-clients chromium:chromium \
  sumo:sumo /usr/share/sumo/data/xsd:sumo-tools etcd:etcd-server \
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
ensure_npm

say "lint"
npx eslint --max-warnings 0 .
say "typecheck and build"
build_all
npm run typecheck -w web --silent

results="$REPO_ROOT/data/test-results"
mkdir -p "$results"
status=0
say "unit tests"
npx jest --selectProjects unit --ci --json --outputFile="$results/unit.json" || status=1
say "integration tests"
NODE_ENV=test npx jest --selectProjects integration --ci --runInBand --json --outputFile="$results/integration.json" || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of process.argv.slice(1)) {
  if (!fs.existsSync(f)) { failed += 1; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`Summary: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/unit.json" "$results/integration.json"
exit $status
