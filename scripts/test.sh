#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every check.
#
#   Debian packages -> npm ci (when needed) -> typecheck -> lint -> PostgreSQL test cluster
#   -> vitest (unit, pty integration, PostgreSQL) -> renderer build -> Playwright in Debian's Chromium
#
# A failing check does not stop the ones after it (you see everything that is wrong in one run), except
# that Playwright is skipped when the renderer does not build. Set-up failures stop the run at once.
# The last line is always the count over vitest and Playwright: `N passed, N failed[, N skipped]`;
# the exit status is non-zero if any step or test failed.
set -euo pipefail

cd "$(dirname "$0")/.."
results=test-results
mkdir -p "$results"
vitest_json=$PWD/$results/vitest.json
playwright_json=$PWD/$results/playwright.json
rm -f "$vitest_json" "$playwright_json"

failed_steps=()
pg_dir=""

section() { printf '\n==== %s ====\n' "$*"; }

# Runs a named step; records (does not exit on) its failure.
step() {
  local name=$1
  shift
  if "$@"; then return 0; fi
  failed_steps+=("$name")
  return 1
}

# A set-up step that the rest depends on: its failure ends the run.
setup() {
  step "$@" || exit 1
}

finish() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$pg_dir" ]; then bash scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; fi
  local summary
  # scripts/test-summary.ts sums the JSON reports; it exits 1 when a test failed.
  summary=$(node_modules/.bin/tsx scripts/test-summary.ts "$vitest_json" "$playwright_json") || status=1
  echo
  if [ ${#failed_steps[@]} -gt 0 ]; then
    echo "Failed steps: ${failed_steps[*]}"
    status=1
  fi
  echo "${summary:-0 passed, 0 failed}"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

section "System packages"
setup system-packages bash scripts/ensure-system-deps.sh test
echo "ok"

section "Node packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  setup npm-ci npm ci
else
  echo "node_modules is up to date with package-lock.json"
fi

section "Typecheck"
step typecheck npm run --silent typecheck && echo "ok" || true

section "Lint"
step lint npm run --silent lint && echo "ok" || true

section "PostgreSQL test cluster"
pg_env=$(bash scripts/pg-test-cluster.sh start) || {
  failed_steps+=(postgres)
  exit 1
}
pg_dir=$(sed -n 's/^PG_TEST_DIR=//p' <<<"$pg_env")
TEST_DATABASE_URL=$(sed -n 's/^TEST_DATABASE_URL=//p' <<<"$pg_env")
export TEST_DATABASE_URL
echo "TEST_DATABASE_URL=$TEST_DATABASE_URL"

section "Unit and integration tests (vitest)"
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$vitest_json" || true

section "Renderer build"
if step build npm run --silent build; then
  if [ -f e2e/playwright.config.ts ]; then
    section "Browser journeys (Playwright, Debian Chromium)"
    step playwright env PLAYWRIGHT_JSON_OUTPUT_NAME="$playwright_json" \
      npx playwright test -c e2e/playwright.config.ts --reporter=list,json || true
  fi
else
  echo "The renderer did not build: Playwright journeys are not run."
fi
