#!/usr/bin/env bash
# The soak (docs/reliability.md): builds the bench module and what it depends on with the JDK ./build selects (tests
# skipped), then holds many sgc subscribers on an embedded Switchboard server while publications arrive at a steady
# rate, and writes bench/results/soak-<time>/soak.csv, soak.svg and soak.md. Defaults: 10,000 connections on 100
# channels, 50 publications a second (5,000 deliveries a second), for an hour, a row every ten seconds.
#   bench/soak.sh
#   bench/soak.sh --connections 2000 --duration 10m --rate 20 --interval 5s
set -euo pipefail
cd "$(dirname "$0")/.."
# Each open connection is a file descriptor in the driver and in the server: use the whole allowance.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec ./build mvn -B -q -pl bench -am verify -Psoak -DskipTests -DskipITs -Dautobahn.skip=true "-Dsoak.args=$*"
