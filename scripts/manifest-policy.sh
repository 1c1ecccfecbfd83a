#!/usr/bin/env bash
# Usage: scripts/manifest-policy.sh --build | <kustomization directory>
# The manifests' policy check (scripts/manifest-policy: kustomize's renderer + the Pod Security "restricted"
# profile, Go modules pinned in its go.mod/go.sum, fetched from the Go module proxy). Built once into the git-ignored
# .tools/, named by a digest of its sources, so a changed pin rebuilds and an unchanged one costs nothing; the
# bootstrap builds it beside the other test tools (--with-python). --build only builds.
set -euo pipefail
cd "$(dirname "$0")/.."
src=scripts/manifest-policy
digest=$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-16)
target=".tools/manifest-policy-$digest"
if [ ! -x "$target/manifest-policy" ]; then
  command -v go >/dev/null 2>&1 || { echo "manifest-policy: needs Go (go 1.26+) to build $src" >&2; exit 2; }
  echo "manifest-policy: building $src into $target (Go modules from the module proxy; a few minutes once)" >&2
  rm -rf "$target.partial.$$"
  mkdir -p "$target.partial.$$"
  (cd "$src" && go build -trimpath -o "../../$target.partial.$$/manifest-policy" .)
  rm -rf "$target"
  mv "$target.partial.$$" "$target"
fi
if [ "${1:-}" = "--build" ]; then exit 0; fi
exec "$target/manifest-policy" "$@"
