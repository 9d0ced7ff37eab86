#!/usr/bin/env bash
# Installs what the end-to-end journey needs, once, into .cache/ (idempotent):
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep
#     (VS Code's search binary), libkrb5-dev (to build code-server's kerberos module);
#   - code-server (VS Code 1.100.3 served to the browser) with its native modules
#     built, into .cache/code-server — never into the repository's node_modules.
# A marker file records a finished install; the native modules are re-checked each run.
set -euo pipefail

CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$ROOT/.cache}"
CS_HOME="$CACHE/code-server"
CS_PKG="$CS_HOME/node_modules/code-server"
VSC="$CS_PKG/lib/vscode"
MARKER="$CS_HOME/.setup-done-$CS_VERSION"

log() { printf '[e2e setup] %s\n' "$*"; }
die() { printf '[e2e setup] ERROR: %s\n' "$*" >&2; exit 1; }

# npm >= 11.1x holds back dependency install scripts not covered by an allowScripts
# policy; this directory is ours and only holds code-server, so allow them all there.
SCRIPT_FLAGS=()
if npm help config 2>/dev/null | grep -q 'dangerously-allow-all-scripts'; then
    SCRIPT_FLAGS=(--dangerously-allow-all-scripts)
fi
NPM_QUIET=(--no-audit --no-fund --loglevel=error)

# ---------------------------------------------------------------- apt packages
need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages (${need_apt[*]}); run as root or install them: apt-get install -y ${need_apt[*]}"
    log "apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# ---------------------------------------------------------------- native module check
native_ok() {
    local missing=0 f
    for f in \
        "$VSC/node_modules/node-pty/build/Release/pty.node" \
        "$VSC/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
        "$VSC/node_modules/native-watchdog/build/Release/watchdog.node" \
        "$VSC/node_modules/kerberos/build/Release/kerberos.node" \
        "$VSC/node_modules/@vscode/ripgrep/bin/rg"; do
        if [ ! -e "$f" ]; then echo "  missing: $f" >&2; missing=1; fi
    done
    # @parcel/watcher ships prebuilt binaries in a platform package.
    if ! ls "$VSC"/node_modules/@parcel/watcher-linux-x64-glibc/watcher.node >/dev/null 2>&1 &&
       ! ls "$VSC"/node_modules/@parcel/watcher/build/Release/watcher.node >/dev/null 2>&1; then
        echo "  missing: @parcel/watcher native binary" >&2; missing=1
    fi
    if ! find "$CS_HOME/node_modules/argon2" -name argon2.node -path '*binding*' 2>/dev/null | grep -q .; then
        echo "  missing: argon2 binding" >&2; missing=1
    fi
    [ -e "$VSC/node_modules.asar" ] || { echo "  missing: $VSC/node_modules.asar" >&2; missing=1; }
    [ -d "$VSC/extensions/node_modules" ] || { echo "  missing: $VSC/extensions/node_modules" >&2; missing=1; }
    return $missing
}

if [ -f "$MARKER" ] && native_ok; then
    log "code-server $CS_VERSION ready in $CS_PKG (cached)"
    exit 0
fi

# ---------------------------------------------------------------- code-server
start=$(date +%s)
mkdir -p "$CS_HOME"
[ -f "$CS_HOME/package.json" ] || echo '{ "name": "mlops-e2e-code-server", "private": true }' > "$CS_HOME/package.json"

if [ ! -f "$CS_PKG/package.json" ] || ! grep -q "\"version\": \"$CS_VERSION\"" "$CS_PKG/package.json"; then
    log "npm install code-server@$CS_VERSION (scripts off) into $CS_HOME"
    (cd "$CS_HOME" && npm install --ignore-scripts "${NPM_QUIET[@]}" "code-server@$CS_VERSION")
fi

log "installing VS Code's runtime dependencies (lib/vscode)"
(cd "$VSC" && npm install --omit=dev --ignore-scripts "${NPM_QUIET[@]}")

# Use Debian's ripgrep instead of @vscode/ripgrep's download (no GitHub access here).
mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VSC/node_modules/@vscode/ripgrep/bin/rg"

log "building native modules (node-pty, spdlog, kerberos, watchdog, ...)"
(cd "$VSC" && npm_config_yes=true npm rebuild "${SCRIPT_FLAGS[@]}" "${NPM_QUIET[@]}")

ln -sfn node_modules "$VSC/node_modules.asar"

log "installing the built-in extensions' dependencies"
(cd "$VSC/extensions" && npm install --omit=dev "${SCRIPT_FLAGS[@]}" "${NPM_QUIET[@]}")

log "building argon2"
(cd "$CS_HOME" && npm rebuild argon2 "${SCRIPT_FLAGS[@]}" "${NPM_QUIET[@]}")

if ! native_ok; then
    die "code-server's native modules are not all built (see 'missing:' above). npm may have held back install scripts; check 'npm rebuild' output in $VSC."
fi

date -u +%FT%TZ > "$MARKER"
log "code-server $CS_VERSION ready in $CS_PKG ($(( $(date +%s) - start )) s)"
