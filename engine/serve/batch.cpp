#include "serve/batch.h"

#include "core/error.h"
#include "serve/routes.h"
#include "serve/server.h"

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace keel::serve {

namespace {

struct BatchRequest {
    std::string customId, url, body;
};

std::vector<BatchRequest> readInput(const std::filesystem::path &input)
{
    std::ifstream in(input, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, input.string() + ": cannot read the batch file");
    std::vector<BatchRequest> requests;
    std::map<std::string, std::size_t> seen;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = input.string() + ":" + std::to_string(number);
        Json j;
        try {
            j = Json::parse(line);
        } catch (const Json::parse_error &e) {
            throwError(ErrorKind::BadInput, where + ":" + std::to_string(e.byte) + ": not JSON");
        } catch (const Json::exception &e) {
            throwError(ErrorKind::BadInput, where + ": cannot be read as JSON: " + e.what());
        }
        if (!j.is_object())
            throwError(ErrorKind::BadInput, where + ": each line must be a JSON object");
        for (const char *field : {"custom_id", "method", "url"})
            if (!j.contains(field) || !j[field].is_string())
                throwError(ErrorKind::BadInput, where + ": \"" + field + "\" must be a string");
        if (!j.contains("body") || !j["body"].is_object())
            throwError(ErrorKind::BadInput, where + ": \"body\" must be an object");
        if (j["method"] != "POST")
            throwError(ErrorKind::BadInput, where + ": \"method\" must be POST");
        const std::string url = j["url"].get<std::string>();
        if (url != "/v1/chat/completions" && url != "/v1/completions" && url != "/v1/embeddings")
            throwError(ErrorKind::BadInput, where + ": \"url\" must be /v1/chat/completions, /v1/completions or /v1/embeddings, not " + url);
        if (j["body"].value("stream", false))
            throwError(ErrorKind::BadInput, where + ": \"stream\" cannot be true in a batch");
        const std::string id = j["custom_id"].get<std::string>();
        if (const auto [it, added] = seen.emplace(id, number); !added)
            throwError(ErrorKind::BadInput, where + ": custom_id \"" + id + "\" repeats line " + std::to_string(it->second));
        requests.push_back({id, url, j["body"].dump()});
    }
    if (requests.empty())
        throwError(ErrorKind::BadInput, input.string() + ": no requests");
    return requests;
}

// The custom_ids the output already holds; a last line without its newline (a crash mid-write)
// is cut off so that request runs again.
std::set<std::string> finishedIn(const std::filesystem::path &output)
{
    std::set<std::string> done;
    std::ifstream in(output, std::ios::binary);
    if (!in)
        return done;
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto complete = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    if (complete < text.size()) {
        in.close();
        std::filesystem::resize_file(output, complete);
    }
    std::size_t at = 0;
    while (at < complete) {
        const auto nl = text.find('\n', at);
        try {
            const Json j = Json::parse(text.substr(at, nl - at));
            if (j.contains("custom_id") && j["custom_id"].is_string())
                done.insert(j["custom_id"].get<std::string>());
        } catch (const Json::exception &) {
            throwError(ErrorKind::Corrupt, output.string() + ": a line is not a batch result; is this the output of another batch?");
        }
        at = nl + 1;
    }
    return done;
}

} // namespace

BatchSummary runBatch(Server &server, const std::filesystem::path &input, const std::filesystem::path &output, std::size_t concurrency,
                      const std::function<void(std::size_t, std::size_t)> &progress, const std::atomic<bool> *stop)
{
    const auto started = std::chrono::steady_clock::now();
    const std::vector<BatchRequest> requests = readInput(input);
    const std::set<std::string> done = finishedIn(output);
    BatchSummary summary;
    summary.total = requests.size();
    std::vector<const BatchRequest *> todo;
    for (const BatchRequest &r : requests)
        if (done.count(r.customId))
            ++summary.skipped;
        else
            todo.push_back(&r);
    const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        throwError(ErrorKind::Io, output.string() + ": cannot write: " + systemErrorText(errno));
    std::mutex writing;
    std::atomic<std::size_t> next{0}, finished{summary.skipped};
    std::atomic<std::size_t> succeeded{0}, failed{0};
    std::string writeError;
    auto worker = [&] {
        httplib::Client client("127.0.0.1", server.port());
        client.set_read_timeout(3600, 0);
        for (std::size_t i; (i = next++) < todo.size();) {
            if (stop && *stop)
                return;
            const BatchRequest &r = *todo[i];
            Json line{{"id", newId("batch_req_")}, {"custom_id", r.customId}};
            const auto res = client.Post(r.url, r.body, "application/json");
            if (res) {
                Json body;
                try {
                    body = Json::parse(res->body);
                } catch (const Json::exception &) {
                    body = res->body;
                }
                line["response"] = {{"status_code", res->status}, {"request_id", newId("req_")}, {"body", body}};
                line["error"] = nullptr;
                (res->status < 300 ? succeeded : failed)++;
            } else {
                line["response"] = nullptr;
                line["error"] = {{"code", "connection_error"}, {"message", "the request did not reach the server: " + httplib::to_string(res.error())}};
                ++failed;
            }
            const std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
            {
                std::lock_guard lock(writing);
                if (::write(fd, text.data(), text.size()) != ssize_t(text.size()) && writeError.empty())
                    writeError = systemErrorText(errno);
            }
            const std::size_t n = ++finished;
            if (progress)
                progress(n, summary.total);
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t k = 0; k < std::max<std::size_t>(1, std::min(concurrency, todo.size())); ++k)
        workers.emplace_back(worker);
    for (auto &t : workers)
        t.join();
    ::fsync(fd);
    ::close(fd);
    if (!writeError.empty())
        throwError(ErrorKind::Io, output.string() + ": writing failed: " + writeError);
    summary.succeeded = succeeded;
    summary.failed = failed;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace keel::serve
