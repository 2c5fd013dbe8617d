#!/usr/bin/env bash
# `npm start`: the central platform and one terminal on this machine, with simulated devices, and the kiosk UI.
#
#   npm start                                   service-hall kiosk profile
#   npm start -- --profile bank-teller-machine  another built-in profile (or --config FILE)
#   npm start -- --help                         every option
#
# Steps: Debian packages (runtime) -> npm ci when needed -> renderer build -> platform + terminal host
# -> wait until both answer -> open the UI (Electron if its binary is installed, else Chromium in app mode,
# else just the URL). Ctrl-C stops everything.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: npm start -- [options]        (or: bash scripts/start.sh [options])

  --profile NAME         built-in profile: service-hall-kiosk, bank-teller-machine, counter-window
                         (env YICHUANG_PROFILE; default service-hall-kiosk)
  --config FILE          a kiosk config file instead of a profile (env YICHUANG_CONFIG)
  --host-port N          terminal host port (env YICHUANG_HOST_PORT; default 7710)
  --platform-port N      platform port (env YICHUANG_PLATFORM_PORT; default 7720)
  --data-dir DIR         terminal data: key, audit log (env YICHUANG_DATA; default .data/terminal)
  --platform-data DIR    platform database folder, PGlite (env YICHUANG_PLATFORM_DATA; default .data/platform)
  --kiosk                open Chromium full-screen in kiosk mode instead of an app window (env YICHUANG_KIOSK=1)
  --no-open              do not open a window; print the URL (env YICHUANG_NO_OPEN=1)
  --no-build             use the renderer already in dist/renderer
  -h, --help             this text

The platform uses PostgreSQL instead of PGlite when DATABASE_URL is set.
EOF
}

cd "$(dirname "$0")/.."
root=$PWD

profile=${YICHUANG_PROFILE:-}
config=${YICHUANG_CONFIG:-}
host_port=${YICHUANG_HOST_PORT:-7710}
platform_port=${YICHUANG_PLATFORM_PORT:-7720}
data_dir=${YICHUANG_DATA:-.data/terminal}
platform_data=${YICHUANG_PLATFORM_DATA:-.data/platform}
kiosk=${YICHUANG_KIOSK:-0}
no_open=${YICHUANG_NO_OPEN:-0}
build=1

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || {
    echo "start: $1 needs a value" >&2
    exit 64
  }
}
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) need_value "$@"; profile=$2; config=""; shift 2 ;;
    --profile=*) profile=${1#*=}; config=""; shift ;;
    --config) need_value "$@"; config=$2; profile=""; shift 2 ;;
    --config=*) config=${1#*=}; profile=""; shift ;;
    --host-port) need_value "$@"; host_port=$2; shift 2 ;;
    --host-port=*) host_port=${1#*=}; shift ;;
    --platform-port) need_value "$@"; platform_port=$2; shift 2 ;;
    --platform-port=*) platform_port=${1#*=}; shift ;;
    --data-dir) need_value "$@"; data_dir=$2; shift 2 ;;
    --data-dir=*) data_dir=${1#*=}; shift ;;
    --platform-data) need_value "$@"; platform_data=$2; shift 2 ;;
    --platform-data=*) platform_data=${1#*=}; shift ;;
    --kiosk) kiosk=1; shift ;;
    --no-open) no_open=1; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "start: unknown option $1" >&2; usage >&2; exit 64 ;;
  esac
done
for port in "$host_port" "$platform_port"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || {
    echo "start: a port must be a number 1..65535, got '$port'" >&2
    exit 64
  }
done
# The host takes either a config file or a profile, never both.
if [ -n "$config" ]; then
  terminal_source=(--config "$config")
else
  terminal_source=(--profile "${profile:-service-hall-kiosk}")
fi

section() { printf '\n==== %s ====\n' "$*"; }

section "System packages"
bash scripts/ensure-system-deps.sh runtime
echo "ok"

section "Node packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
else
  echo "node_modules is up to date with package-lock.json"
fi

if [ "$build" = 1 ]; then
  section "Renderer build"
  npm run --silent build
fi

# ---- processes -------------------------------------------------------------------------------------
# Each child runs in its own process group (set -m), so Ctrl-C reaches only this script, which then asks
# every child once to stop (SIGTERM) and waits for it: the host closes its devices, the platform its database.
set -m
pids=()
names=()
stopping=0

stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  local i
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "stopping ${names[$i]} ..."
      kill -TERM "${pids[$i]}" 2>/dev/null || true
    fi
  done
  # A child that has not stopped after 15 seconds is killed, with its process group.
  (
    sleep 15
    for i in "${!pids[@]}"; do kill -KILL -- "-${pids[$i]}" 2>/dev/null && echo "killed ${names[$i]}: it did not stop"; done
  ) &
  local watchdog=$!
  for i in "${!pids[@]}"; do wait "${pids[$i]}" 2>/dev/null || true; done
  kill -- "-$watchdog" 2>/dev/null || true
}
# The signal traps only take note; the script leaves at its next check, and the EXIT trap stops the children.
interrupted=""
trap 'interrupted=130' INT
trap 'interrupted=143' TERM
trap stop_all EXIT
leave_if_interrupted() {
  if [ -n "$interrupted" ]; then exit "$interrupted"; fi
}

# Starts "$@" in the background, its output prefixed with [name].
spawn() {
  local name=$1
  shift
  # The prefixing sed ignores Ctrl-C so that it outlives the child's last words.
  "$@" > >(trap '' INT; exec sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
  names+=("$name")
}

tsx=$root/node_modules/.bin/tsx
platform_url="http://127.0.0.1:$platform_port"
host_url="http://127.0.0.1:$host_port"

section "Starting the platform and the terminal host"
# The flag given here is the one meant (flags win over the environment).
spawn platform "$tsx" sync/server/main.ts --port "$platform_port" --data-dir "$platform_data" --dev-terminals
spawn host "$tsx" main/node/index.ts --port "$host_port" "${terminal_source[@]}" \
  --platform-url "$platform_url" --data-dir "$data_dir"

# Whether $1 answers HTTP at all (node, not curl: a fresh Debian may not have curl).
answers() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then(() => process.exit(0), () => process.exit(1))' "$1"
}

# Waits until $url answers any HTTP status (the host answers 503 while the renderer is not built).
wait_for() {
  local name=$1 url=$2 pid=$3
  local deadline=$((SECONDS + 90))
  until answers "$url"; do
    leave_if_interrupted
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start: the $name stopped before it answered on $url (see its output above)" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "start: the $name did not answer on $url within 90 seconds" >&2
      exit 1
    fi
    sleep 0.3
  done
}
wait_for platform "$platform_url/health" "${pids[0]}"
wait_for host "$host_url/" "${pids[1]}"

cat <<EOF

  一窗 Yichuang is running.
    Terminal (kiosk UI):   $host_url
    Central platform:      $platform_url   (health: $platform_url/health)
  Devices are simulated; the developer panel on the terminal page drives them.
  Press Ctrl-C to stop.

EOF

# ---- the kiosk window ------------------------------------------------------------------------------
electron_bin=$root/node_modules/electron/dist/electron
chromium_bin=/usr/bin/chromium

# The Electron entry is compiled with tsc into dist/ (package.json "main": dist/main/electron/main.js, the
# preload beside it, the renderer in dist/renderer); kiosk-config's JSON files are copied next to the compiled
# loader, which looks for them beside itself. Type errors elsewhere do not stop the emit.
build_electron_entry() {
  section "Building the Electron entry (tsc -> dist/)"
  "$root/node_modules/.bin/tsc" -p tsconfig.json --noEmit false --outDir dist --rootDir . ||
    echo "tsc reported errors; using what it emitted."
  mkdir -p dist/kiosk-config
  cp -r kiosk-config/profiles kiosk-config/catalog dist/kiosk-config/
  [ -f dist/main/electron/main.js ] && [ -f dist/main/electron/preload.js ]
}

open_window() {
  if [ "$no_open" = 1 ]; then
    echo "Not opening a window (--no-open): open $host_url in a browser."
    return
  fi
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display (DISPLAY/WAYLAND_DISPLAY unset): not opening a window. Open $host_url in a browser."
    return
  fi
  if [ -x "$electron_bin" ] && [ -f main/electron/main.ts ] && build_electron_entry; then
    # Attach mode: with YICHUANG_HOST_URL set, the Electron window shows the Node host started above
    # (the same lockdown as in production, no host of its own; see main/electron/main.ts).
    local sandbox=()
    if [ "$(id -u)" -eq 0 ]; then sandbox=(--no-sandbox); fi
    YICHUANG_HOST_URL=$host_url spawn electron "$electron_bin" "${sandbox[@]}" .
    echo "Opened the Electron kiosk window; closing it leaves the servers running."
    return
  fi
  if [ -x "$chromium_bin" ]; then
    local flags=(
      "--user-data-dir=$root/.data/chromium-profile"
      --no-first-run
      --disable-background-networking
      --disable-component-update
      --disable-sync
      --disable-features=Translate
    )
    [ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)
    if [ "$kiosk" = 1 ]; then flags+=(--kiosk "$host_url"); else flags+=("--app=$host_url"); fi
    spawn chromium "$chromium_bin" "${flags[@]}"
    echo "Opened Chromium ($([ "$kiosk" = 1 ] && echo kiosk mode || echo app window)); closing it leaves the servers running."
    return
  fi
  echo "Neither Electron nor /usr/bin/chromium is installed: open $host_url in a browser."
}
open_window

# Runs until Ctrl-C, or until the platform or the host stops by itself (then everything stops).
status=0
wait -n "${pids[0]}" "${pids[1]}" || status=$?
leave_if_interrupted
echo "start: a server stopped (exit $status); stopping the rest." >&2
exit 1
