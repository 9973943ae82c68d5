#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace keel::serve {

class Server;

struct BatchSummary {
    std::size_t total = 0;     // requests in the input
    std::size_t skipped = 0;   // already in the output from an earlier run (resumed)
    std::size_t succeeded = 0; // answered 2xx now
    std::size_t failed = 0;    // answered 4xx/5xx now (written with their error)
    double seconds = 0;
};

// OpenAI's Batch API file format, run on a started `server`: each input line is
// {"custom_id", "method": "POST", "url": "/v1/chat/completions" | "/v1/completions" |
// "/v1/embeddings", "body"}; each output line {"id", "custom_id", "response": {"status_code",
// "request_id", "body"}, "error"}. The whole input is checked first (keel::Error naming the file
// and line: not JSON, a field missing or of the wrong type, a repeated custom_id, stream: true).
// `concurrency` requests go at once, so they share the server's batches. Resumable: custom_ids
// already in `output` are skipped (a line cut short by a crash is dropped and run again), and
// every result is appended and flushed as it arrives. `stop` ends it early, between requests.
BatchSummary runBatch(Server &server, const std::filesystem::path &input, const std::filesystem::path &output, std::size_t concurrency,
                      const std::function<void(std::size_t done, std::size_t total)> &progress = {}, const std::atomic<bool> *stop = nullptr);

} // namespace keel::serve
