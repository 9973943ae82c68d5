#!/usr/bin/env bash
# Builds and runs the benchmarks; prints each table beside the peer measured in the same run.
# Peers that need Python packages run from a virtualenv in build/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh > /dev/null
B=${KEEL_BUILD_DIR:-build}

echo "== Worker pool =="
"$B/bench/bench_workerpool"

echo
echo "== Histogram (drift's binning): 10,000,000 doubles, 100 bins, best of 5 =="
VENV="$B/bench-venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import numpy" 2>/dev/null || "$VENV/bin/pip" install -q numpy > /dev/null 2>&1 || true
keel_out=$("$B/bench/bench_histogram")
if peer_out=$("$VENV/bin/python" bench/histogram_peer.py 2>/dev/null); then :; else peer_out="numpy - - - unavailable"; fi
echo "| implementation                | time (ms) | Mvalues/s | counted    |"
echo "|-------------------------------|-----------|-----------|------------|"
echo "$keel_out" | while read -r who n ms total rest; do
  if [ "$ms" = "-" ]; then
    printf '| %-29s | %9s | %9s | %-10s |\n' "Keel CUDA kernel" "-" "-" "not run: $total $rest"
  else
    label="Keel CPU twin (1 thread)"; [ "$who" = keel_cuda ] && label="Keel CUDA kernel"
    printf '| %-29s | %9.1f | %9.0f | %-10s |\n' "$label" "$ms" "$(awk -v n="$n" -v ms="$ms" 'BEGIN{print n/ms/1000}')" "${total:-}"
  fi
done
read -r _ pn pms ptotal pver <<< "$peer_out"
if [ "$pms" = "-" ]; then
  echo "| numpy.histogram (peer)        |         - |         - | unavailable |"
else
  printf '| %-29s | %9.1f | %9.0f | %-10s |\n' "numpy $pver histogram (peer)" "$pms" "$(awk -v n="$pn" -v ms="$pms" 'BEGIN{print n/ms/1000}')" "$ptotal"
fi
