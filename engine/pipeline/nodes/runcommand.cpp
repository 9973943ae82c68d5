#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "core/numbertext.h"
#include "core/subprocess.h"

#include <sstream>

namespace keel::pipeline {

NodeType runCommandNode()
{
    NodeType t;
    t.id = "run-command";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Run command");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Utilities");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Runs a program with arguments, environment and a working folder (relative to the pipeline file's), capturing "
                    "what it prints; a non-zero exit code or running past the timeout fails the node. Runs every time (it may "
                    "change the world); an input only orders it after the node it comes from.");
    t.inputs = {{"after", PortType::Any, false, KEEL_UI_TEXT("keel::pipeline", "run after this node's output is ready")}};
    t.outputs = {{"output", PortType::Text, true, KEEL_UI_TEXT("keel::pipeline", "what the program printed (stdout and stderr)")}};
    t.params = {
        {"command", ParamSpec::Kind::Columns, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the program and its arguments: [python3, train.py, --epochs, 3]")},
        {"working_dir", ParamSpec::Kind::Path, false, "", {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "where it runs (default: the pipeline file's folder)")},
        {"env", ParamSpec::Kind::Mapping, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "NAME: value pairs added to its environment")},
        {"timeout", ParamSpec::Kind::Number, false, 600.0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "seconds before it is stopped (0: never)")},
    };
    t.cacheable = false;
    t.run = [](NodeContext &ctx) {
        const std::vector<std::string> command = ctx.list("command");
        if (command.empty())
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": command is empty");
        std::filesystem::path dir = ctx.text("working_dir");
        dir = dir.empty() ? ctx.baseDir() : dir.is_relative() ? ctx.baseDir() / dir : dir;
        std::map<std::string, std::string> env;
        if (const auto e = ctx.param("env"); e.is_object())
            for (const auto &[k, v] : e.items())
                env[k] = v.is_string() ? v.get<std::string>() : v.dump();
        const double timeout = ctx.number("timeout");
        const ProcessResult r = runProcess(command, dir, env, timeout, [&] {
            try {
                ctx.throwIfStopped();
                return false;
            } catch (...) {
                return true;
            }
        }, [&](const std::string &line) { ctx.log(line); });
        ctx.throwIfStopped();
        std::string tail = r.output.size() > 600 ? "…" + r.output.substr(r.output.size() - 600) : r.output;
        if (r.timedOut)
            throwError(ErrorKind::Conflict, command.front() + " did not finish within " + shortestNumber(timeout) + " s and was stopped");
        if (r.signal)
            throwError(ErrorKind::Conflict, command.front() + " was ended by signal " + std::to_string(r.signal));
        if (r.exitCode != 0)
            throwError(ErrorKind::Conflict, command.front() + " exited with code " + std::to_string(r.exitCode) + (tail.empty() ? "" : ":\n" + tail));
        ctx.log(command.front() + " exited with code 0 after " + std::to_string(r.seconds) + " s");
        ctx.output("output", textValue(r.output));
    };
    return t;
}

} // namespace keel::pipeline
