#!/usr/bin/env bash
# Installs the Debian 12 packages Keel builds and runs with, when any is missing.
# Idempotent and quick when everything is there. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-translations-l10n libgl-dev libvulkan-dev
  libtorch-dev libopenblas0-openmp libxgboost-dev libcpp-httplib-dev
  libsqlite3-dev libssl-dev libyaml-cpp-dev libcurl4-openssl-dev nlohmann-json3-dev libicu-dev libfast-float-dev
  # RAG: vector indexes, and Markdown, HTML and PDF documents.
  libfaiss-dev libcmark-dev libgumbo-dev libpoppler-cpp-dev
  # Evals: API keys of remote providers kept in the OS keychain.
  qtkeychain-qt6-dev
  # A real corpus on disk for the demo's RAG index and the RAG benchmark: Python's HTML docs.
  python3-doc
  xvfb xauth fonts-dejavu-core
  # Run and experiment names in Chinese, Japanese, Korean and emoji render instead of boxes.
  fonts-wqy-microhei fonts-noto-color-emoji
  python3 python3-venv
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# libtorch calls libblas.so.3: make sure that is OpenBLAS (OpenMP flavour, matching libtorch's
# OpenMP backend), not Debian's reference BLAS, which is ~37x slower on matmul.
arch_triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
openblas="/usr/lib/${arch_triplet}/openblas-openmp/libblas.so.3"
current=$(readlink -f "/usr/lib/${arch_triplet}/libblas.so.3" || true)
if [ -e "$openblas" ] && [ "$current" != "$(readlink -f "$openblas")" ]; then
  echo "install-deps: pointing libblas.so.3 at OpenBLAS (was ${current:-none})"
  $SUDO update-alternatives --set "libblas.so.3-${arch_triplet}" "$openblas"
  lapack="/usr/lib/${arch_triplet}/openblas-openmp/liblapack.so.3"
  [ -e "$lapack" ] && $SUDO update-alternatives --set "liblapack.so.3-${arch_triplet}" "$lapack" || true
fi
