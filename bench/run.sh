#!/usr/bin/env bash
# The full Switchboard benchmark (docs/benchmarks.md): builds the bench module and what it depends on with the JDK
# ./build selects (tests skipped), then runs every scenario against the embedded Switchboard server and the raw
# Jetty baseline (echo, fan-out and idle also against the Node.js ws peer, the cluster fan-out against two clustered
# nodes, the STOMP fan-out against Spring's simple broker, the MQTT fan-out against Mosquitto) and writes
# bench/results/results.md and results.json. Takes about twenty minutes.
#   bench/run.sh                       wait (at most 15 min) for a load average below 1.0, then run everything
#   bench/run.sh --only echo,fanout    some scenarios only (echo, fanout, idle, sse, cluster-fanout, stomp-fanout,
#                                      mqtt-fanout)
#   bench/run.sh --only cluster-fanout --cluster-history none   the cluster's nodes without history (default jdbc)
#   bench/run.sh --jfr                 also record the servers with Java Flight Recorder (bench/results/*.jfr)
#   bench/run.sh --only echo,fanout --twin   also an identical second Switchboard, for the run's A/A spread
#   bench/run.sh --only idle --idle-connections 50000   the idle scenario at one size (--idle-hold SECONDS)
#   bench/run.sh --node off            echo, fan-out and idle without the Node.js ws peer (default on; in the smoke
#                                      profile on only when node and npm are on PATH)
# The MQTT fan-out runs Debian's mosquitto: installed here with apt-get when it is missing (--mosquitto off, or the
# smoke profile, runs that scenario against Switchboard alone and needs no Mosquitto).
# The Node.js ws peer needs node and npm (Node.js 20 or newer): its dependencies are installed here with
# npm ci --prefix bench/node when the run includes it.
set -euo pipefail
cd "$(dirname "$0")/.."

needs_mosquitto=yes
node_scenarios=yes
node_option=
profile=full
previous=
for argument in "$@"; do
  case "$previous" in
    --only)
      case ",$argument," in *,mqtt-fanout,*) ;; *) needs_mosquitto=no ;; esac
      case ",$argument," in *,echo,* | *,fanout,* | *,idle,*) ;; *) node_scenarios=no ;; esac
      ;;
    --mosquitto) [ "$argument" = off ] && needs_mosquitto=no ;;
    --profile) profile=$argument; [ "$argument" = smoke ] && needs_mosquitto=no ;;
    --node) node_option=$argument ;;
  esac
  previous=$argument
done

# The Node.js ws peer of echo, fan-out and idle: on unless --node off; the smoke profile (whose harness default is
# off) takes it when node and npm are here.
node_binary=${NODE:-node}
needs_node=no
if [ "$node_scenarios" = yes ]; then
  case "$node_option" in
    on) needs_node=yes ;;
    off) ;;
    *)
      if [ "$profile" != smoke ]; then
        needs_node=yes
      elif command -v "$node_binary" >/dev/null && command -v npm >/dev/null; then
        needs_node=yes
        set -- "$@" --node on
      else
        echo "bench/run.sh: no node and npm on PATH: the smoke run leaves out the Node.js ws peer" >&2
      fi
      ;;
  esac
fi
if [ "$needs_node" = yes ]; then
  if ! command -v "$node_binary" >/dev/null || ! command -v npm >/dev/null; then
    echo "error: echo, fan-out and idle run against the Node.js ws peer, which needs node and npm (Node.js 20 or" >&2
    echo "       newer) on PATH; install Node.js, set NODE to its binary, or pass --node off (or --only without" >&2
    echo "       echo, fanout and idle)." >&2
    exit 1
  fi
  echo "bench/run.sh: installing the Node.js ws peer's dependencies (npm ci --prefix bench/node)" >&2
  if ! npm ci --prefix bench/node --no-audit --no-fund >&2; then
    echo "error: npm ci --prefix bench/node failed; the Node.js ws peer needs its ws package from the npm registry" >&2
    echo "       (or npm's cache). Fix that, or pass --node off." >&2
    exit 1
  fi
fi
if [ "$needs_mosquitto" = yes ] && [ ! -x "${MOSQUITTO:-/usr/sbin/mosquitto}" ]; then
  echo "bench/run.sh: installing mosquitto for the MQTT fan-out (apt-get)" >&2
  if ! { command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; }; }; then
    echo "error: the MQTT fan-out needs Mosquitto (/usr/sbin/mosquitto) and apt-get cannot install it here;" >&2
    echo "       install the mosquitto package, set MOSQUITTO to its binary, or pass --mosquitto off" >&2
    echo "       (or --only without mqtt-fanout)." >&2
    exit 1
  fi
  as_root=
  [ "$(id -u)" = 0 ] || as_root=sudo
  if ! { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq mosquitto; } >&2 \
      || [ ! -x /usr/sbin/mosquitto ]; then
    echo "error: apt-get could not install mosquitto, which the MQTT fan-out needs; install it by hand, set MOSQUITTO" >&2
    echo "       to its binary, or pass --mosquitto off (or --only without mqtt-fanout)." >&2
    exit 1
  fi
fi

# Each open connection is a file descriptor in the driver and in the server: use the whole allowance.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The idle scenario's 50,000 connections need 51,000 descriptors in the driver and in each server; with less it
# holds fewer and says so in the results.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 51000 ]; then
  echo "bench/run.sh: open-file limit $(ulimit -n) (the hard limit): the idle scenario will hold at most" \
    "$(( $(ulimit -n) - 1000 )) connections, not 50,000; raise the hard limit to 51,000 or more where the run" \
    "starts (ulimit -Hn 65536 as root, docker run --ulimit nofile=65536:65536, LimitNOFILE=65536)" >&2
fi
exec ./build mvn -B -q -pl bench -am verify -Pbench -DskipTests -DskipITs -Dautobahn.skip=true \
  "-Dbench.args=--max-load 1.0 --load-wait-seconds 900 $*"
