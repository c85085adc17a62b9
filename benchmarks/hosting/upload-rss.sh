#!/usr/bin/env bash
# Resident memory of the server during one checkpoint upload: starts the server (Release) over an empty models folder
# with the GC heap limited to 1 GiB as in the deploy manifest's container (DOTNET_GCHeapHardLimit; HEAP_LIMIT= lifts it),
# uploads FILE with curl
# (streamed from disk), samples VmRSS every 50 ms, and prints the RSS before, the peak (VmHWM) and the RSS after.
# Usage: benchmarks/hosting/upload-rss.sh FILE   (make one: dotnet run --project benchmarks/hosting/large-checkpoint -c Release -- FILE 200)
set -euo pipefail
file=$1
port=${PORT:-8081}
key=upload-key
models=$(mktemp -d)
dotnet build RagAgent.Hosting.Server -c Release -v q -nologo > /dev/null
DOTNET_GCHeapHardLimit=${HEAP_LIMIT-0x40000000} \
RagAgent__ApiKeys__0__Name=uploader \
RagAgent__ApiKeys__0__Sha256=$(printf %s "$key" | sha256sum | cut -d' ' -f1) \
RagAgent__ApiKeys__0__Roles__0=admin \
Logging__LogLevel__Default=Warning \
  dotnet RagAgent.Hosting.Server/bin/Release/net10.0/RagAgent.Hosting.Server.dll --models "$models" \
  --urls "http://127.0.0.1:$port" > /tmp/ragagent-upload-rss.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$models"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.2; done
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }
echo "file: $(stat -c %s "$file") bytes"
echo "rss before upload: $(rss) MiB"
( while kill -0 $server 2>/dev/null; do rss >> /tmp/ragagent-upload-rss.samples; sleep 0.05; done ) &
sampler=$!
: > /tmp/ragagent-upload-rss.samples
start=$(date +%s.%N)
curl -s -o /tmp/ragagent-upload-rss.body -w "status %{http_code}\n" -X POST -T "$file" \
  -H "Authorization: Bearer $key" -H "Content-Type: application/octet-stream" "http://127.0.0.1:$port/v1/policies/large/versions"
echo "upload took $(echo "$(date +%s.%N) - $start" | bc) s"
head -c 300 /tmp/ragagent-upload-rss.body; echo
sleep 3
echo "rss 3 s after upload: $(rss) MiB"
echo "peak rss (VmHWM): $(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$server/status") MiB; max sampled: $(sort -n /tmp/ragagent-upload-rss.samples | tail -1) MiB"
kill $sampler 2>/dev/null || true
