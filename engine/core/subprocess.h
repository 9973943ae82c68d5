#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace keel {

struct ProcessResult {
    int exitCode = -1;     // the process's exit status, when it exited
    int signal = 0;        // the signal that ended it, when one did
    bool timedOut = false; // killed for running past the timeout
    bool stopped = false;  // killed because `stop` said so
    std::string output;    // stdout and stderr as they came, interleaved
    double seconds = 0.0;
};

// Runs argv[0] (looked up on the PATH) with the rest as its arguments in `workingDir` (empty:
// this process's), with `environment` added to this process's, and its stdout and stderr read
// as they come (onLine gets each line). Past `timeoutSeconds` (0: none), or when `stop` returns
// true, the process and its children get SIGTERM, then SIGKILL two seconds later. Throws
// keel::Error (NotFound) naming the program when it cannot be started.
ProcessResult runProcess(const std::vector<std::string> &argv, const std::filesystem::path &workingDir,
                         const std::map<std::string, std::string> &environment, double timeoutSeconds,
                         const std::function<bool()> &stop = {}, const std::function<void(const std::string &)> &onLine = {});

} // namespace keel
