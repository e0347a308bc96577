#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the project's own dependencies:
#   - Debian's Chromium (driven by playwright-core) and the build deps of code-server's native modules;
#   - code-server 4.100.3 (VS Code 1.100.3) from npm into a cache folder (default
#     ~/.cache/vla-lab-e2e, override with VLA_LAB_E2E_CACHE), reused between runs.
# @vscode/ripgrep downloads ripgrep from GitHub at install time unless its cache already holds the
# archive, so we put Debian's rg there under the name it looks for (see docs: shared notes).
# Idempotent: a second run with everything in place takes well under a second.
set -euo pipefail
CACHE=${VLA_LAB_E2E_CACHE:-$HOME/.cache/vla-lab-e2e}
CODE_SERVER_VERSION=4.100.3
RIPGREP_PACKAGE_VERSION=1.15.11            # @vscode/ripgrep version code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
if [ ! -x "$CACHE/node_modules/.bin/code-server" ]; then
  command -v g++ >/dev/null || need+=(build-essential)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  for p in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x "$CACHE/node_modules/.bin/code-server" ]; then
  echo "e2e setup: installing code-server@$CODE_SERVER_VERSION into $CACHE (native modules build from source, ~2 min)"
  mkdir -p "$CACHE"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  rgcache="$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  mkdir -p "$rgcache/stage"
  cp "$(command -v rg)" "$rgcache/stage/rg"
  tar -C "$rgcache/stage" -czf "$rgcache/$RIPGREP_ASSET" rg
  [ -f "$CACHE/package.json" ] || echo '{"name":"vla-lab-e2e-cache","private":true}' > "$CACHE/package.json"
  ( cd "$CACHE" && TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true \
      npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" )
  # npm 11 warns about install scripts not covered by allowScripts; make sure they really ran.
  [ -f "$CACHE/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] \
    || { echo "e2e setup: code-server's native modules were not built (npm skipped install scripts?)"; exit 1; }
fi
echo "e2e setup: ready ($("$CACHE/node_modules/.bin/code-server" --version | head -1))"
