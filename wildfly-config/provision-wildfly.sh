#!/usr/bin/env bash
# Prepares a stock WildFly for Switchboard: unpacks the distribution (when asked to) and applies the jboss-cli
# scripts of cli/ to a server configuration offline, through an embedded server. See README.md.
#
#   provision-wildfly.sh [--zip FILE] [--server-config NAME]... [--base-config NAME] [--cluster HOST:PORT]
#                        [--application-user USER:PASSWORD[:ROLES]]... JBOSS_HOME
#
#   --zip FILE             the wildfly-dist zip Maven downloaded; unpacked when JBOSS_HOME does not exist yet.
#                          Default: the wildfly-dist $WILDFLY_VERSION zip in the local Maven repository.
#   --server-config NAME   a configuration in standalone/configuration to prepare; repeatable.
#                          Default: standalone-full.xml and standalone.xml (with --cluster: standalone-full.xml).
#   --base-config NAME     a --server-config that does not exist yet is first created as a copy of this one,
#                          for example standalone-full-cluster.xml from standalone-full.xml.
#   --cluster HOST:PORT    also applies cli/40-cluster.cli: Switchboard joins the cluster whose Artemis broker
#                          accepts at HOST:PORT. Only for configurations with the messaging subsystem
#                          (standalone-full*.xml). Without it, the server is a single node and needs no broker.
#   --application-user U:P[:ROLES]
#                          adds (or updates) a user of the ApplicationRealm with WildFly's add-user, roles
#                          comma-separated; repeatable. Switchboard's container credential store
#                          (switchboard.auth.container=true) checks such users through Elytron.
#   JBOSS_HOME             the WildFly installation to prepare (created from the zip when missing).
#
# The scripts are idempotent, so running this again on a prepared server changes nothing.
set -euo pipefail

WILDFLY_VERSION="${WILDFLY_VERSION:-39.0.1.Final}"
here="$(cd "$(dirname "$0")" && pwd)"
zip=""
configs=()
base=""
cluster=""
users=()
home=""

usage() {
  sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --zip) [ $# -ge 2 ] || usage; zip="$2"; shift 2 ;;
    --zip=*) zip="${1#--zip=}"; shift ;;
    --server-config) [ $# -ge 2 ] || usage; configs+=("$2"); shift 2 ;;
    --server-config=*) configs+=("${1#--server-config=}"); shift ;;
    --base-config) [ $# -ge 2 ] || usage; base="$2"; shift 2 ;;
    --base-config=*) base="${1#--base-config=}"; shift ;;
    --cluster) [ $# -ge 2 ] || usage; cluster="$2"; shift 2 ;;
    --cluster=*) cluster="${1#--cluster=}"; shift ;;
    --application-user) [ $# -ge 2 ] || usage; users+=("$2"); shift 2 ;;
    --application-user=*) users+=("${1#--application-user=}"); shift ;;
    -h|--help) usage ;;
    -*) echo "provision-wildfly: unknown option $1" >&2; usage ;;
    *) [ -z "$home" ] || usage; home="$1"; shift ;;
  esac
done
[ -n "$home" ] || usage
if [ ${#configs[@]} -eq 0 ]; then
  if [ -n "$cluster" ]; then
    configs=(standalone-full.xml)
  else
    configs=(standalone-full.xml standalone.xml)
  fi
fi

if [ ! -x "$home/bin/jboss-cli.sh" ]; then
  if [ -z "$zip" ]; then
    zip="${MAVEN_REPOSITORY:-$HOME/.m2/repository}/org/wildfly/wildfly-dist/$WILDFLY_VERSION/wildfly-dist-$WILDFLY_VERSION.zip"
  fi
  if [ ! -f "$zip" ]; then
    echo "provision-wildfly: no WildFly at $home and no distribution zip at $zip." >&2
    echo "  Download it with: ./build mvn dependency:get -Dartifact=org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip -Dtransitive=false" >&2
    exit 1
  fi
  parent="$(dirname "$home")"
  mkdir -p "$parent"
  staging="$(mktemp -d "$parent/.wildfly-unpack.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  echo "provision-wildfly: unpacking $(basename "$zip") into $home"
  unzip -q "$zip" -d "$staging"
  top=("$staging"/*)
  [ ${#top[@]} -eq 1 ] && [ -x "${top[0]}/bin/jboss-cli.sh" ] || { echo "provision-wildfly: $zip is not a WildFly distribution" >&2; exit 1; }
  mv "${top[0]}" "$home"
fi

# 40-cluster.cli needs a broker to talk to, so it is applied only on request.
scripts=()
for script in "$here"/cli/*.cli; do
  [ "${script##*/}" = 40-cluster.cli ] || scripts+=("$script")
done
cli_options=()
if [ -n "$cluster" ]; then
  broker_host="${cluster%:*}"
  broker_port="${cluster##*:}"
  broker_host="${broker_host#[}"
  broker_host="${broker_host%]}"
  case "$broker_port" in
    ''|*[!0-9]*) echo "provision-wildfly: --cluster needs HOST:PORT, got $cluster" >&2; exit 2 ;;
  esac
  [ -n "$broker_host" ] && [ "$broker_host" != "$cluster" ] || { echo "provision-wildfly: --cluster needs HOST:PORT, got $cluster" >&2; exit 2; }
  scripts+=("$here/cli/40-cluster.cli")
  # The script writes the broker's address as ${switchboard.cluster.broker.host:...} expressions; resolving them
  # here with these properties stores the given values in the configuration instead (the other scripts hold no
  # expressions).
  cli_options=(--resolve-parameter-values "-Dswitchboard.cluster.broker.host=$broker_host"
               "-Dswitchboard.cluster.broker.port=$broker_port")
fi

configuration_dir="$home/standalone/configuration"
for config in "${configs[@]}"; do
  if [ ! -f "$configuration_dir/$config" ] && [ -n "$base" ]; then
    if [ ! -f "$configuration_dir/$base" ]; then
      echo "provision-wildfly: $configuration_dir/$base does not exist" >&2
      exit 1
    fi
    echo "provision-wildfly: creating $config as a copy of $base"
    cp "$configuration_dir/$base" "$configuration_dir/$config"
  fi
  if [ ! -f "$configuration_dir/$config" ]; then
    echo "provision-wildfly: $configuration_dir/$config does not exist" >&2
    exit 1
  fi
  if [ -n "$cluster" ] && ! grep -q 'urn:jboss:domain:messaging-activemq:' "$configuration_dir/$config"; then
    echo "provision-wildfly: $config has no messaging subsystem; --cluster needs a standalone-full configuration" >&2
    exit 1
  fi
  # One embedded server per configuration: it boots in admin-only mode, opens no port, and writes the file.
  batch="$(mktemp)"
  {
    echo "embed-server --std-out=discard --server-config=$config"
    cat "${scripts[@]}"
    echo
    echo "stop-embedded-server"
  } > "$batch"
  echo "provision-wildfly: applying ${scripts[*]##*/} to $config${cluster:+ (cluster broker $broker_host:$broker_port)}"
  if ! JAVA_OPTS="${JAVA_OPTS:--Xmx256m}" "$home/bin/jboss-cli.sh" ${cli_options[@]+"${cli_options[@]}"} \
      --file="$batch" > "$batch.log" 2>&1; then
    cat "$batch.log" >&2
    rm -f "$batch" "$batch.log"
    echo "provision-wildfly: jboss-cli failed on $config" >&2
    exit 1
  fi
  rm -f "$batch" "$batch.log"
done
for entry in "${users[@]}"; do
  user="${entry%%:*}"
  rest="${entry#*:}"
  [ -n "$user" ] && [ "$rest" != "$entry" ] || { echo "provision-wildfly: --application-user needs USER:PASSWORD[:ROLES]" >&2; exit 2; }
  password="${rest%%:*}"
  roles=""
  [ "$rest" = "$password" ] || roles="${rest#*:}"
  # add-user -s updates an existing user in place, so provisioning stays idempotent.
  if ! "$home/bin/add-user.sh" -a -s -u "$user" -p "$password" ${roles:+-g "$roles"} > /dev/null; then
    echo "provision-wildfly: add-user failed for $user" >&2
    exit 1
  fi
  echo "provision-wildfly: application user $user${roles:+ (roles $roles)}"
done
echo "provision-wildfly: $home is ready for Switchboard (${configs[*]})"
