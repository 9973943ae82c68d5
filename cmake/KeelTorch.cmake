# libtorch: Debian's libtorch-dev (CPU) by default; KEEL_TORCH_DIR (or Torch_DIR) picks another,
# for example the libtorch inside a CUDA PyTorch install.
if(KEEL_TORCH_DIR)
  list(PREPEND CMAKE_PREFIX_PATH "${KEEL_TORCH_DIR}")
  if(EXISTS "${KEEL_TORCH_DIR}/share/cmake/Torch")
    set(Torch_DIR "${KEEL_TORCH_DIR}/share/cmake/Torch")
  elseif(EXISTS "${KEEL_TORCH_DIR}/Torch")
    set(Torch_DIR "${KEEL_TORCH_DIR}/Torch")
  endif()
endif()
find_package(Torch REQUIRED)
# Torch's config appends its flags to CMAKE_CXX_FLAGS; keep them (the ABI flag must match),
# but its include directories go only to the targets that link keel::torch.
# ATen's parallel_for is a header template that splits work with `#pragma omp parallel` only
# when the including file is compiled with OpenMP; without it every parallel_for in our code
# runs on one thread.
find_package(OpenMP REQUIRED)
add_library(keel_torch INTERFACE)
target_link_libraries(keel_torch INTERFACE ${TORCH_LIBRARIES} OpenMP::OpenMP_CXX)
target_include_directories(keel_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
add_library(keel::torch ALIAS keel_torch)
