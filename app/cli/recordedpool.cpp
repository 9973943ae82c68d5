#include "app/cli/recordedpool.h"

#include <exception>

namespace keel::cli {

RecordedPool::RecordedPool(const compute::PoolOptions &options, const std::filesystem::path &databasePath)
    : m_pool(options)
    , m_history(databasePath)
{
    m_pool.addObserver(&m_history);
}

RecordedPool::~RecordedPool()
{
    m_history.flush();
    m_pool.removeObserver(&m_history);
}

compute::JobInfo RecordedPool::run(compute::JobSpec spec)
{
    std::exception_ptr thrown;
    spec.work = [work = std::move(spec.work), &thrown](compute::JobContext &ctx) {
        try {
            work(ctx);
        } catch (...) {
            thrown = std::current_exception();
            throw;
        }
    };
    const compute::JobInfo done = m_pool.wait(m_pool.submit(std::move(spec)));
    m_history.flush();
    if (thrown)
        std::rethrow_exception(thrown);
    return done;
}

} // namespace keel::cli
