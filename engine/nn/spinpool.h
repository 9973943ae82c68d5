#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace keel::nn {

// The decoder's own worker threads. A decoding step splits a few hundred small pieces of work
// (each matrix, the attention) between the cores, milliseconds apart in all; waking sleeping
// threads for each (as an OpenMP team does once more threads exist than cores, which a desktop
// app's worker pools guarantee) costs more than the work. While a Session lives, the workers
// spin for the next piece instead, yielding the core when none comes soon and sleeping when
// none comes for longer (a busy machine's other processes get the core); between sessions they
// sleep.
class SpinPool {
public:
    explicit SpinPool(std::size_t threads); // threads counting the caller's own
    ~SpinPool();
    SpinPool(const SpinPool &) = delete;
    SpinPool &operator=(const SpinPool &) = delete;

    std::size_t threads() const { return m_workers.size() + 1; }

    // One caller at a time runs work on the pool: a Session holds it.
    class Session {
    public:
        explicit Session(SpinPool &pool);
        ~Session();
        Session(const Session &) = delete;
        Session &operator=(const Session &) = delete;
        // body(from, to) over [0, n) in up to threads() contiguous parts of at least `grain`
        // items; the caller runs the first part. Rethrows the first part's exception.
        void run(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)> &body);
        // Workers sleep instead of spinning (around work that brings its own threads).
        void pauseSpinning();
        void resumeSpinning();

    private:
        SpinPool &m_pool;
        std::unique_lock<std::mutex> m_hold;
    };

private:
    void work(std::size_t index);
    void setSpinning(bool on);

    std::vector<std::thread> m_workers;
    std::mutex m_callers;          // held by the Session
    std::mutex m_mutex;            // guards sleeping
    std::condition_variable m_wake;
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<std::size_t> m_pending{0};
    std::atomic<bool> m_spinning{false};
    std::size_t m_sleepers = 0; // workers waiting on m_wake (guarded by m_mutex)
    // The caller's view of contention (under m_callers): see Session::run.
    std::uint32_t m_slowRuns = 0, m_fastRuns = 0, m_soloRuns = 0, m_soloLength = 2048;
    std::chrono::steady_clock::time_point m_spinningSince;
    bool m_stop = false;
    const std::function<void(std::size_t, std::size_t)> *m_body = nullptr;
    std::size_t m_n = 0, m_parts = 0;
    std::exception_ptr m_error;
    std::mutex m_errorMutex;
};

} // namespace keel::nn
