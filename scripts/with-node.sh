#!/usr/bin/env bash
# Usage: scripts/with-node.sh [--with-python] '<shell command>' [argument…]
# Runs the bootstrap (which brings Node.js 24 into .tools/ when the machine's node is another major; --with-python is
# passed on), then the command, in the repository root, with that Node first on PATH: `npm test` and `npm run demo`
# are started by the machine's npm and node, and everything they run — npm, tsc, eslint, jest and the processes the
# suites spawn with process.execPath — must run on 24.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tool-versions.sh
source scripts/project-node.sh
bootstrap_args=()
if [ "${1:-}" = "--with-python" ]; then
  bootstrap_args+=("$1")
  shift
fi
if [ $# -lt 1 ]; then
  echo "usage: scripts/with-node.sh [--with-python] '<shell command>' [argument…]" >&2
  exit 2
fi
use_project_node
NODE=$(command -v node)
echo "Node.js $(node -v) ($NODE)"

# npm sets these to the node that started it; tools that spawn "the current node" read them.
export NODE npm_node_execpath=$NODE
bash scripts/bootstrap.sh "${bootstrap_args[@]}"
# Arguments after the command (`npm run chaos -- --requests 50`) are its "$@".
exec bash -c "$1" with-node "${@:2}"
