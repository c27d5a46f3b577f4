#!/usr/bin/env bash
# The full Switchboard benchmark (docs/benchmarks.md): builds the bench module and what it depends on with the JDK
# ./build selects (tests skipped), then runs every scenario against the embedded Switchboard server and the raw
# Jetty baseline (and the cluster fan-out against two clustered nodes) and writes bench/results/results.md and
# results.json. Takes about a quarter of an hour.
#   bench/run.sh                       wait (at most 15 min) for a load average below 1.0, then run everything
#   bench/run.sh --only echo,fanout    some scenarios only (echo, fanout, idle, sse, cluster-fanout)
#   bench/run.sh --only cluster-fanout --cluster-history none   the cluster's nodes without history (default jdbc)
#   bench/run.sh --jfr                 also record the servers with Java Flight Recorder (bench/results/*.jfr)
set -euo pipefail
cd "$(dirname "$0")/.."
# Each open connection is a file descriptor in the driver and in the server: use the whole allowance.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec ./build mvn -B -q -pl bench -am verify -Pbench -DskipTests -DskipITs -Dautobahn.skip=true \
  "-Dbench.args=--max-load 1.0 --load-wait-seconds 900 $*"
