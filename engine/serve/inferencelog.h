#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace keel::store {
class Workspace;
}

namespace keel::serve {

// Every row a registry model predicted while served: its inputs, the prediction, the version
// that answered, the latency and the time, in the workspace's inference_log table. Bounded per
// model: past `maxRows` the oldest rows go. Writes take `dbMutex` (the server's one connection).
class InferenceLog {
public:
    InferenceLog(store::Workspace &workspace, std::mutex &dbMutex, std::size_t maxRows);
    void append(const std::string &model, int version, const std::string &alias, const std::string &requestId,
                const std::vector<nlohmann::ordered_json> &inputs, const std::vector<std::string> &predictions, double latencyMs);

private:
    store::Workspace &m_workspace;
    std::mutex &m_db;
    std::size_t m_maxRows;
    std::size_t m_sinceTrim = 0;
};

} // namespace keel::serve
