#include "nn/spinpool.h"

#include <chrono>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace keel::nn {
namespace {

void relax()
{
#if defined(__x86_64__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
}

// Spinning is bounded: a worker that has seen no work for this many pauses (tens of
// microseconds, longer than a decoding step's gaps) yields its core at each check, and after as
// many yields again sleeps until work comes. On a machine where another process wants the
// core, the yields hand it over instead of burning the time slice the descheduled thread that
// holds the work needs (one busy process on a 2-core machine: one stream 49 tokens/s before).
constexpr std::uint32_t kPausesBeforeYield = 4096;
constexpr std::uint32_t kYieldsBeforeSleep = 4096;
// A caller that waited much longer than its own part took this many runs in a row runs the
// next kSoloRuns alone (a few decoding steps), then tries the workers again; contended again at
// once, it runs alone twice as long each time (up to 256 times), back to kSoloRuns once the
// workers have kept up for kSoloRuns runs.
constexpr std::uint32_t kSlowRunsBeforeSolo = 4;
constexpr std::uint32_t kSoloRuns = 2048;

} // namespace

SpinPool::SpinPool(std::size_t threads)
{
    for (std::size_t i = 1; i < std::max<std::size_t>(threads, 1); ++i)
        m_workers.emplace_back([this, i] { work(i); });
}

SpinPool::~SpinPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_workers)
        t.join();
}

void SpinPool::setSpinning(bool on)
{
    {
        std::lock_guard lock(m_mutex);
        m_spinning.store(on, std::memory_order_release);
    }
    if (on)
        m_spinningSince = std::chrono::steady_clock::now();
    m_wake.notify_all();
}

void SpinPool::work(std::size_t index)
{
    std::uint64_t seen = 0;
    for (;;) {
        // Wait for the next generation of work: spinning while a session wants it (then
        // yielding, then asleep when none comes), else asleep.
        for (std::uint32_t waited = 0;; ++waited) {
            if (m_generation.load(std::memory_order_acquire) != seen)
                break;
            if (m_spinning.load(std::memory_order_acquire) && waited < kPausesBeforeYield + kYieldsBeforeSleep) {
                if (waited < kPausesBeforeYield)
                    relax();
                else
                    std::this_thread::yield();
                continue;
            }
            std::unique_lock lock(m_mutex);
            const bool idleInSession = m_spinning.load();
            ++m_sleepers;
            // In a session, only new work (or the end) wakes it; between sessions, a session too.
            m_wake.wait(lock, [&] { return m_stop || m_generation.load() != seen || (!idleInSession && m_spinning.load()); });
            --m_sleepers;
            if (m_stop)
                return;
            waited = 0;
        }
        seen = m_generation.load(std::memory_order_acquire);
        if (index < m_parts) {
            const std::size_t chunk = (m_n + m_parts - 1) / m_parts, from = index * chunk, to = std::min(m_n, from + chunk);
            if (from < to) {
                try {
                    (*m_body)(from, to);
                } catch (...) {
                    std::lock_guard lock(m_errorMutex);
                    if (!m_error)
                        m_error = std::current_exception();
                }
            }
        }
        m_pending.fetch_sub(1, std::memory_order_acq_rel);
    }
}

SpinPool::Session::Session(SpinPool &pool)
    : m_pool(pool)
    , m_hold(pool.m_callers)
{
    if (!m_pool.m_workers.empty())
        m_pool.setSpinning(true);
}

SpinPool::Session::~Session()
{
    if (!m_pool.m_workers.empty())
        m_pool.setSpinning(false);
}

void SpinPool::Session::pauseSpinning()
{
    if (!m_pool.m_workers.empty())
        m_pool.setSpinning(false);
}

void SpinPool::Session::resumeSpinning()
{
    if (!m_pool.m_workers.empty())
        m_pool.setSpinning(true);
}

void SpinPool::Session::run(std::size_t n, std::size_t grain, const std::function<void(std::size_t, std::size_t)> &body)
{
    if (n == 0)
        return;
    const std::size_t parts = std::min(m_pool.threads(), (n + std::max<std::size_t>(grain, 1) - 1) / std::max<std::size_t>(grain, 1));
    if (parts <= 1) {
        body(0, n);
        return;
    }
    SpinPool &p = m_pool;
    // Contended (another process has the cores the workers need): the caller runs the work alone
    // for a while, then tries the workers again. Each item's result is the same however the
    // range is split.
    if (p.m_soloRuns > 0) {
        --p.m_soloRuns;
        body(0, n);
        return;
    }
    p.m_body = &body;
    p.m_n = n;
    p.m_parts = parts;
    p.m_error = nullptr;
    p.m_pending.store(p.m_workers.size(), std::memory_order_relaxed);
    bool sleepers = false;
    {
        std::lock_guard lock(p.m_mutex); // a sleeping worker sees the new generation on waking
        p.m_generation.fetch_add(1, std::memory_order_acq_rel);
        sleepers = p.m_sleepers > 0;
    }
    if (sleepers)
        p.m_wake.notify_all();
    std::exception_ptr mine;
    const auto started = std::chrono::steady_clock::now();
    try {
        body(0, std::min(n, (n + parts - 1) / parts));
    } catch (...) {
        mine = std::current_exception();
    }
    const auto ownDone = std::chrono::steady_clock::now();
    for (std::uint32_t waited = 0; p.m_pending.load(std::memory_order_acquire) != 0; ++waited) {
        if (waited < kPausesBeforeYield)
            relax();
        else
            std::this_thread::yield(); // a worker holding a part may be waiting for this core
    }
    // Waiting far longer than its own part took, run after run: the workers are not getting
    // cores of their own. A run that had to wake sleeping workers, or came within 2 ms of a
    // session's start, does not count (waking them takes tens of microseconds on an idle
    // machine). Contended again right after running
    // alone: twice as long alone the next time, until the workers keep up for a while.
    const auto own = ownDone - started, waitedFor = std::chrono::steady_clock::now() - ownDone;
    if (sleepers || ownDone - p.m_spinningSince < std::chrono::milliseconds(2)) {
        // says nothing about contention: workers were asleep, or only just woken
    } else if (waitedFor > 4 * own + std::chrono::microseconds(50)) {
        p.m_fastRuns = 0;
        if (++p.m_slowRuns >= kSlowRunsBeforeSolo) {
            p.m_slowRuns = 0;
            p.m_soloRuns = p.m_soloLength;
            p.m_soloLength = std::min<std::uint32_t>(p.m_soloLength * 2, kSoloRuns << 8);
        }
    } else {
        p.m_slowRuns = 0;
        if (++p.m_fastRuns >= kSoloRuns)
            p.m_soloLength = kSoloRuns;
    }
    if (mine)
        std::rethrow_exception(mine);
    if (p.m_error)
        std::rethrow_exception(p.m_error);
}

} // namespace keel::nn
