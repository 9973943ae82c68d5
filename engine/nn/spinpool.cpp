#include "nn/spinpool.h"

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
    m_wake.notify_all();
}

void SpinPool::work(std::size_t index)
{
    std::uint64_t seen = 0;
    for (;;) {
        // Wait for the next generation of work: spinning while a session wants it, else asleep.
        for (;;) {
            if (m_generation.load(std::memory_order_acquire) != seen)
                break;
            if (m_spinning.load(std::memory_order_acquire)) {
                relax();
                continue;
            }
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || m_spinning.load() || m_generation.load() != seen; });
            if (m_stop)
                return;
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
    p.m_body = &body;
    p.m_n = n;
    p.m_parts = parts;
    p.m_error = nullptr;
    p.m_pending.store(p.m_workers.size(), std::memory_order_relaxed);
    {
        std::lock_guard lock(p.m_mutex); // a sleeping worker sees the new generation on waking
        p.m_generation.fetch_add(1, std::memory_order_acq_rel);
    }
    if (!p.m_spinning.load(std::memory_order_relaxed))
        p.m_wake.notify_all();
    std::exception_ptr mine;
    try {
        body(0, std::min(n, (n + parts - 1) / parts));
    } catch (...) {
        mine = std::current_exception();
    }
    while (p.m_pending.load(std::memory_order_acquire) != 0)
        relax();
    if (mine)
        std::rethrow_exception(mine);
    if (p.m_error)
        std::rethrow_exception(p.m_error);
}

} // namespace keel::nn
