#!/usr/bin/env bash
# Load benchmark of single-observation :act: starts the server (Release) over MODELS, runs wrk against 127.0.0.1,
# prints wrk's report and the server's batch-size metrics, stops the server.
# Usage: benchmarks/hosting/run-wrk.sh MODELS POLICY [extra server args...]
# Env: DURATION (20s), CONNECTIONS (16), THREADS (2), BODY (benchmarks/hosting/graph-nav-act.json), PORT (8080)
set -euo pipefail
models=$1; policy=$2; shift 2
port=${PORT:-8080}
export KEY=bench-key BODY=${BODY:-benchmarks/hosting/graph-nav-act.json}
dotnet build RagAgent.Hosting.Server -c Release -v q -nologo > /dev/null
RagAgent__ApiKeys__0__Name=bench \
RagAgent__ApiKeys__0__Sha256=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) \
RagAgent__ApiKeys__0__Roles__0=predict \
RagAgent__RateLimitPermitsPerSecond=0 \
Logging__LogLevel__Default=Warning \
  dotnet RagAgent.Hosting.Server/bin/Release/net10.0/RagAgent.Hosting.Server.dll --models "$models" --state "$(mktemp -d)" \
  --urls "http://127.0.0.1:$port" "$@" > /tmp/ragagent-hosting-bench.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.2; done
url="http://127.0.0.1:$port/v1/policies/$policy:act"
wrk -t2 -c16 -d5s -s benchmarks/hosting/act.lua "$url" > /dev/null   # warm-up (JIT, tiered PGO)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime in clock ticks
before=$(cpu $server)
/usr/bin/time -f "wrk cpu: %U s user %S s system" \
  wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-16}" -d"${DURATION:-20s}" --latency -s benchmarks/hosting/act.lua "$url"
echo "server cpu: $(( ($(cpu $server) - before) * 1000 / $(getconf CLK_TCK) )) ms"
curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/metrics" | grep -E "ragagent_batch_size_(sum|count)"
