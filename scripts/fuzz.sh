#!/usr/bin/env bash
# Fuzzes Keel's model-file parsers with libFuzzer (clang from Debian) under AddressSanitizer and
# UndefinedBehaviorSanitizer: GGUF (+ the BPE tokenizer and chat template from its metadata), safetensors, and
# WordPiece tokenizer.json / vocab.txt. Each target starts from the committed seed corpus
# (tests/fuzz/corpus/, written by tests/fuzz/make_corpus.py) and runs for SECONDS (default 60);
# what it learns is kept in build-fuzz/corpus-*, a crashing input in build-fuzz/crash-*.
# serve: keel serve's request parsing (OpenAI chat/completions, KServe v2 tensors as a table).
#   scripts/fuzz.sh [SECONDS] [TARGET...]      TARGET: gguf safetensors tokenizer serve
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(gguf safetensors tokenizer serve)

need=()
command -v clang++ > /dev/null || need+=(clang)
dpkg -s libicu-dev > /dev/null 2>&1 || need+=(libicu-dev)
dpkg -s nlohmann-json3-dev > /dev/null 2>&1 || need+=(nlohmann-json3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -q "${need[@]}"
fi
CLANG=clang++
RT=$($CLANG -print-resource-dir)
ls "$RT"/lib/linux/libclang_rt.fuzzer-x86_64.a > /dev/null 2>&1 || { echo "clang has no libFuzzer runtime ($RT)"; exit 1; }

OUT=build-fuzz
mkdir -p "$OUT"
# The parsers and what they need; no libtorch, no Qt.
SOURCES=(engine/core/error.cpp engine/nn/mappedfile.cpp engine/nn/dtype.cpp engine/nn/gguf.cpp engine/nn/safetensors.cpp
         engine/nn/unicode.cpp engine/nn/wordpiece.cpp engine/nn/bpe.cpp engine/nn/chattemplate.cpp engine/nn/grammar.cpp
         engine/serve/requestparsing.cpp engine/data/table.cpp)
FLAGS=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Iengine)
status=0
for t in "${TARGETS[@]}"; do
  bin="$OUT/fuzz_$t"
  if [ ! -x "$bin" ] || [ -n "$(find "${SOURCES[@]}" engine/nn/*.h engine/core/*.h engine/serve/*.h engine/data/*.h tests/fuzz/fuzz_$t.cpp tests/fuzz/fuzzinput.h -newer "$bin" 2>/dev/null)" ]; then
    echo "== building fuzz_$t"
    $CLANG "${FLAGS[@]}" "tests/fuzz/fuzz_$t.cpp" "${SOURCES[@]}" -licuuc -o "$bin"
  fi
  mkdir -p "$OUT/corpus-$t"
  echo "== fuzz_$t for ${SECONDS_EACH}s"
  # -rss_limit_mb: a parser that believes a hostile count and allocates for it is a finding too.
  if ! "$bin" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$OUT/" "$OUT/corpus-$t" "tests/fuzz/corpus/$t" 2> "$OUT/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t FOUND A PROBLEM: see $OUT/fuzz_$t.log and $OUT/crash-* / leak-* / timeout-*"
    grep -E 'ERROR|SUMMARY|runtime error' "$OUT/fuzz_$t.log" | head -5
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$OUT/fuzz_$t.log" | tr '\n' ' '
  echo "corpus: $(ls "$OUT/corpus-$t" | wc -l) inputs"
done
exit $status
