#pragma once

#include <cstdlib>

// The OpenBLAS kernels this CPU's features allow, for OPENBLAS_CORETYPE: Debian 12's OpenBLAS
// (0.3.21, under libtorch) picks its kernels by CPU model, and on an Intel model newer than it
// knows it falls back to its SSE3 ones ("Prescott"). On a 5th-generation Xeon (family 6, model
// 207) all-MiniLM-L6-v2 embedded 11.5 texts/s with those and 48 with its AVX-512 ones. The
// `keel` front names these for keel-app on Intel CPUs (nameOpenBlasKernelsForExec); `keel
// devices` says when a process runs slower ones. Header-only: the front links nothing heavy.
// nullptr: no such kernels (not x86-64, or older than AVX2), or the CPU is not Intel's (OpenBLAS
// tells AMD's families apart by family, not model).
namespace keel::compute {

inline const char *openBlasKernelsForThisCpu()
{
#if defined(__x86_64__)
    if (!__builtin_cpu_is("intel"))
        return nullptr;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd"))
        return "SkylakeX"; // what OpenBLAS picks on the AVX-512 models it knows
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
#endif
    return nullptr;
}

// The environment's OPENBLAS_CORETYPE for the program this process becomes (exec), unless it
// names kernels already; KEEL_OPENBLAS_CORETYPE marks it as Keel's, for forgetOpenBlasKernels.
inline void nameOpenBlasKernelsForExec()
{
    if (const char *kernels = openBlasKernelsForThisCpu(); kernels && !std::getenv("OPENBLAS_CORETYPE")) {
        ::setenv("OPENBLAS_CORETYPE", kernels, 0);
        ::setenv("KEEL_OPENBLAS_CORETYPE", kernels, 1);
    }
}

// In keel-app, once OpenBLAS has read it (it does as it loads, before main): the processes it
// starts (a pipeline's steps, peers) get the user's environment, not Keel's choice.
inline void forgetOpenBlasKernels()
{
    if (std::getenv("KEEL_OPENBLAS_CORETYPE")) {
        ::unsetenv("OPENBLAS_CORETYPE");
        ::unsetenv("KEEL_OPENBLAS_CORETYPE");
    }
}

} // namespace keel::compute
