#!/usr/bin/env bash
# The body of `npm test`, run by scripts/with-node.sh on the project's Node after the bootstrap: lint + format check,
# type-check and build side by side (2 cores: each is one busy thread), then every jest suite, in parallel lanes.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm workspaces (packages/*), if any, build first: the product's lint, type-check and build read their types.
if node -e 'process.exit(require("./package.json").workspaces ? 0 : 1)'; then
  npm run -s build --workspaces --if-present
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
steps=(lint typecheck build)
pids=()
for step in "${steps[@]}"; do
  npm run -s "$step" >"$out/$step" 2>&1 &
  pids+=($!)
done
failed=()
for i in "${!steps[@]}"; do
  if ! wait "${pids[$i]}"; then failed+=("${steps[$i]}"); fi
  cat "$out/${steps[$i]}"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "npm test: failed: ${failed[*]}" >&2
  exit 1
fi
echo "npm test: ${steps[*]} passed"

npm run -s jest
