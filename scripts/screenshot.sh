#!/usr/bin/env bash
# Screenshots under Xvfb.
#   scripts/screenshot.sh [OUT.png] [keel options]
#     the README's picture of the main window, on a fresh workspace holding the MLflow runs of
#     tests/data/mlflow (real scikit-learn training, logged by MLflow's client);
#   scripts/screenshot.sh --areas WORKSPACE [OUTDIR] [AREA ...]
#     every area (or those named) at 1280x800 and 1600x1000, in English and German, on a
#     workspace such as the demo one (KEEL_DEMO_WORKSPACE=DIR scripts/run.sh makes it), as
#     OUTDIR/AREA-LANG-WxH.png (default OUTDIR: docs/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."

KEEL=${KEEL_BUILD_DIR:-build}/bin/keel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

if [ "${1:-}" = "--areas" ]; then
  ws=$(cd "${2:?--areas needs a workspace}" && pwd)
  out=${3:-docs/screenshots}
  shift $(( $# < 3 ? $# : 3 ))
  areas=("$@")
  [ ${#areas[@]} -gt 0 ] || areas=(experiments registry drift pipelines rag evals models)
  mkdir -p "$out"
  for area in "${areas[@]}"; do
    for lang in en de; do
      for size in 1280x800 1600x1000; do
        # A fresh settings folder each time: no window geometry or splitter sizes carried over.
        rm -rf "$XDG_CONFIG_HOME"
        xvfb-run -a -s "-screen 0 ${size}x24" "$KEEL" --workspace "$ws" --lang "$lang" --area "$area" \
          -geometry "$size" --screenshot "$out/$area-$lang-$size.png" > /dev/null 2>&1
        echo "screenshot: $out/$area-$lang-$size.png"
      done
    done
  done
  exit 0
fi

OUT=${1:-docs/screenshot-main-window.png}
"$KEEL" workspace init "$tmp/workspace" > /dev/null
cp tests/data/mlflow/mlflow.db "$tmp/mlflow.db"
"$KEEL" import mlflow "$tmp/mlflow.db" --workspace "$tmp/workspace" > /dev/null
mkdir -p "$(dirname "$OUT")"
xvfb-run -a -s "-screen 0 1440x900x24" "$KEEL" --workspace "$tmp/workspace" --screenshot "$OUT" "${@:2}"
echo "screenshot: $OUT"
