#!/usr/bin/env bash
# End-to-end PPO steps/s of two builds side by side, interleaved (old new old new ...) so machine load hits both alike.
# Usage: benchmarks/scripts/compare-sps.sh OLD_TREE NEW_TREE [PAIRS]
#   Each tree must be built with `dotnet build benchmarks/RagAgent.Benchmarks -c Release`. The harness is
#   `ppo-sps default 100000 1 ENV` (CleanRL defaults: 4 envs x 128 steps, seed 1, one thread, after a 4-update
#   warm-up). For a tree at 82c33ed, whose harness ran CartPole only, apply 82c33ed-ppo-sps-env.patch first (it only
#   adds the ENV argument and builds the architecture the env's spec implies, as the CLI does).
set -euo pipefail
old=$1; new=$2; pairs=${3:-5}
run() { dotnet "$1/benchmarks/RagAgent.Benchmarks/bin/Release/net10.0/RagAgent.Benchmarks.dll" ppo-sps default 100000 1 "$2"; }
wall() { grep -o '= [0-9]* steps/s' <<<"$1" | grep -o '[0-9]*'; }
cpu() { grep -o '= [0-9]* steps per CPU' <<<"$1" | grep -o '[0-9]*'; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| pair | env | old steps/s (wall) | new steps/s (wall) | old steps/CPU-s | new steps/CPU-s |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for i in $(seq 1 "$pairs"); do
  for env in cartpole graph-nav; do
    a=$(run "$old" "$env"); b=$(run "$new" "$env")
    echo "| $i | $env | $(wall "$a") | $(wall "$b") | $(cpu "$a") | $(cpu "$b") |"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
