#include "core/subprocess.h"

#include "core/clock.h"
#include "core/error.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace keel {

ProcessResult runProcess(const std::vector<std::string> &argv, const std::filesystem::path &workingDir,
                         const std::map<std::string, std::string> &environment, double timeoutSeconds, const std::function<bool()> &stop,
                         const std::function<void(const std::string &)> &onLine)
{
    if (argv.empty() || argv.front().empty())
        throwError(ErrorKind::BadInput, "no command to run");
    int out[2], failed[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(failed, O_CLOEXEC) != 0)
        throwError(ErrorKind::Io, "cannot make a pipe: " + systemErrorText(errno));
    // The child's environment and arguments, made here: after fork only async-signal-safe calls.
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        const std::string entry = *e;
        if (!environment.count(entry.substr(0, entry.find('='))))
            env.push_back(entry);
    }
    for (const auto &[k, v] : environment)
        env.push_back(k + "=" + v);
    std::vector<char *> envp, args;
    for (std::string &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    const std::int64_t started = steadyNs();
    const pid_t pid = ::fork();
    if (pid < 0)
        throwError(ErrorKind::Io, "cannot start " + argv.front() + ": " + systemErrorText(errno));
    if (pid == 0) {
        // The child: only async-signal-safe calls until exec.
        ::setpgid(0, 0);
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        if (!workingDir.empty() && ::chdir(workingDir.c_str()) != 0) {
            const int e = errno;
            (void)!::write(failed[1], &e, sizeof e);
            ::_exit(127);
        }
        ::execvpe(args[0], args.data(), envp.data());
        const int e = errno;
        (void)!::write(failed[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(failed[1]);
    int execError = 0;
    const bool notStarted = ::read(failed[0], &execError, sizeof execError) == sizeof execError; // EOF: exec succeeded
    ::close(failed[0]);
    if (notStarted) {
        ::close(out[0]);
        ::waitpid(pid, nullptr, 0);
        throwError(ErrorKind::NotFound, "cannot run " + argv.front() + (workingDir.empty() ? "" : " in " + workingDir.string()) + ": " +
                                            systemErrorText(execError));
    }
    ProcessResult r;
    std::string pending;
    std::int64_t termAt = 0;
    bool open = true;
    for (;;) {
        if (open) {
            pollfd p{out[0], POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) {
                char buf[4096];
                const ssize_t n = ::read(out[0], buf, sizeof buf);
                if (n <= 0) {
                    open = false;
                } else {
                    r.output.append(buf, std::size_t(n));
                    pending.append(buf, std::size_t(n));
                    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
                        if (onLine)
                            onLine(pending.substr(0, nl));
                }
            }
        } else {
            ::usleep(20000);
        }
        int status = 0;
        if (!open && ::waitpid(pid, &status, WNOHANG) == pid) {
            if (WIFEXITED(status))
                r.exitCode = WEXITSTATUS(status);
            else if (WIFSIGNALED(status))
                r.signal = WTERMSIG(status);
            break;
        }
        const double elapsed = double(steadyNs() - started) / 1e9;
        if (!termAt && ((timeoutSeconds > 0 && elapsed > timeoutSeconds) || (stop && stop()))) {
            (timeoutSeconds > 0 && elapsed > timeoutSeconds ? r.timedOut : r.stopped) = true;
            ::kill(-pid, SIGTERM);
            termAt = steadyNs();
        } else if (termAt && steadyNs() - termAt > 2'000'000'000) {
            ::kill(-pid, SIGKILL);
        }
    }
    if (!pending.empty() && onLine)
        onLine(pending);
    ::close(out[0]);
    r.seconds = double(steadyNs() - started) / 1e9;
    return r;
}

} // namespace keel
