#!/usr/bin/env bash
# Throughput of RagAgent.Hosting beside a Flask/gunicorn server of the same mlp policy (benchmarks/hosting/flask_server.py),
# interleaved in one sitting: for each round, wrk against our server, then against gunicorn (2 sync workers, one per
# core), single observation per request; then a batch of 64 instances per request on both.
# Usage: benchmarks/hosting/compare-gunicorn.sh CHECKPOINT   (an mlp checkpoint of a flat spec, e.g. cartpole)
# Needs: apt-get install -y wrk gunicorn python3-flask python3-numpy. Env: ROUNDS (3), DURATION (10s), CONNECTIONS (16).
set -euo pipefail
checkpoint=$1
ours=8080; theirs=8090
export KEY=bench-key
models=$(mktemp -d); mkdir -p "$models/cartpole/1"; cp "$checkpoint" "$models/cartpole/1/policy.safetensors"
dotnet build RagAgent.Hosting.Server -c Release -v q -nologo > /dev/null
RagAgent__ApiKeys__0__Name=bench \
RagAgent__ApiKeys__0__Sha256=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) \
RagAgent__ApiKeys__0__Roles__0=predict \
RagAgent__RateLimitPermitsPerSecond=0 \
Logging__LogLevel__Default=Warning \
  dotnet RagAgent.Hosting.Server/bin/Release/net10.0/RagAgent.Hosting.Server.dll --models "$models" --state "$(mktemp -d)" \
  --urls "http://127.0.0.1:$ours" > /tmp/ragagent-compare.log 2>&1 &
server=$!
MODEL="$models/cartpole/1/policy.safetensors" /usr/bin/python3 -m gunicorn -w 2 -b "127.0.0.1:$theirs" --chdir benchmarks/hosting \
  --log-level warning flask_server:app > /tmp/ragagent-gunicorn.log 2>&1 &
gunicorn=$!
trap 'kill $server $gunicorn 2>/dev/null || true; rm -rf "$models"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ours/readyz" > /dev/null && curl -s -o /dev/null "http://127.0.0.1:$theirs/" && break; sleep 0.2; done
act() { curl -s -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" --data-binary "@$2" "http://127.0.0.1:$1/v1/policies/cartpole:act"; }
echo "ours:     $(act $ours benchmarks/hosting/cartpole-act.json)"
echo "gunicorn: $(act $theirs benchmarks/hosting/cartpole-act.json)"
run() { # port body label
  BODY=$2 wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-10s}" --latency -s benchmarks/hosting/act.lua "http://127.0.0.1:$1/v1/policies/cartpole:act" \
    | awk -v label="$3" '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%-28s %10s req/s  p99 %8s  non-2xx %s\n", label, rps, p99, (bad == "" ? 0 : bad)}'
}
BODY=benchmarks/hosting/cartpole-act.json wrk -t2 -c16 -d3s -s benchmarks/hosting/act.lua "http://127.0.0.1:$ours/v1/policies/cartpole:act" > /dev/null
BODY=benchmarks/hosting/cartpole-act.json wrk -t2 -c16 -d3s -s benchmarks/hosting/act.lua "http://127.0.0.1:$theirs/v1/policies/cartpole:act" > /dev/null
uptime
for round in $(seq "${ROUNDS:-3}"); do
  run $ours benchmarks/hosting/cartpole-act.json "round $round ragagent single"
  run $theirs benchmarks/hosting/cartpole-act.json "round $round gunicorn single"
done
for round in $(seq "${ROUNDS:-3}"); do
  run $ours benchmarks/hosting/cartpole-act-64.json "round $round ragagent batch-64"
  run $theirs benchmarks/hosting/cartpole-act-64.json "round $round gunicorn batch-64"
done
uptime
