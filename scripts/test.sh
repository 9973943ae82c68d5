#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest on the offscreen
# platform. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
export QT_QPA_PLATFORM=offscreen
cd "${KEEL_BUILD_DIR:-build}"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
