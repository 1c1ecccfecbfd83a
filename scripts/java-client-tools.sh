#!/usr/bin/env bash
# What test/generated-clients/java-client needs, installed once and kept in the git-ignored .tools/: openapi-generator's
# CLI (Maven Central, pinned in tool-versions.sh) and, in .tools/maven-repository, every plugin and library a
# generated Java client builds with (warmed by building a client of a one-operation document). A JDK (11+) and Maven
# come from the machine; as root on Debian, missing ones are installed from Debian's packages. Idempotent: a second
# run does nothing. Prints the generator jar's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tool-versions.sh

if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "java-client-tools: installing a JDK and Maven (Debian packages)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jdk-headless maven >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jdk-headless maven >&2; }
  else
    echo "java-client-tools: a JDK (11+) and Maven are needed: install Debian's default-jdk-headless and maven" >&2
    exit 1
  fi
fi

repo="$PWD/.tools/maven-repository"
jar="$PWD/.tools/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar"
ready="$PWD/.tools/java-client-$OPENAPI_GENERATOR_VERSION.ready"
mvn_q() { mvn -B -q -Dmaven.repo.local="$repo" "$@"; }

if [ ! -f "$jar" ]; then
  echo "java-client-tools: fetching openapi-generator-cli $OPENAPI_GENERATOR_VERSION from Maven Central" >&2
  mvn_q dependency:get -Dtransitive=false -Dartifact="org.openapitools:openapi-generator-cli:$OPENAPI_GENERATOR_VERSION" >&2
  cp "$repo/org/openapitools/openapi-generator-cli/$OPENAPI_GENERATOR_VERSION/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar" "$jar.partial"
  mv "$jar.partial" "$jar"
fi

if [ ! -f "$ready" ]; then
  echo "java-client-tools: warming .tools/maven-repository with a generated client's build" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/spec.json" <<'SPEC'
{"openapi":"3.1.0","info":{"title":"warm-up","version":"1"},"paths":{"/ping":{"get":{"operationId":"ping",
"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pong"}}}}}}}},
"components":{"schemas":{"Pong":{"type":"object","properties":{"ok":{"type":"boolean"}}}}}}
SPEC
  bash scripts/generate-java-client.sh "$work/spec.json" "$work/client" >&2
  (cd "$work/client" && mvn_q -DskipTests -Dmaven.javadoc.skip=true package dependency:build-classpath -Dmdep.outputFile=cp.txt >&2)
  touch "$ready"
fi
echo "$jar"
