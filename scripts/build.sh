#!/usr/bin/env bash
# Configures and builds Keel (Release by default) into build/ (or $KEEL_BUILD_DIR).
# Extra arguments go to CMake, e.g. scripts/build.sh -DKEEL_CUDA=OFF
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${KEEL_BUILD_DIR:-build}
BUILD_TYPE=${KEEL_BUILD_TYPE:-Release}
# ccache must ignore what precompiled headers change, or it never hits.
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

start=$(date +%s)
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "$@"
fi
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
echo "build: done in $(( $(date +%s) - start )) s ($BUILD_DIR)"
