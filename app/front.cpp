// keel: the program users and scripts start. The commands that only read and write the
// workspace (lightcommands.cpp) run here, in a process that loads Qt Core, SQLite and little
// else, so a CI script that calls `keel registry alias ...` hundreds of times pays milliseconds
// per call. Everything else, the window and the commands that load models, run pipelines or use
// the worker pool, is keel-app beside this program, which this process becomes (exec: the same
// process id, arguments, environment and standard streams).
#include "app/appsetup.h"
#include "app/cli/cli.h"
#include "compute/openblaskernels.h"

#include <QCoreApplication>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

#include <unistd.h>

int main(int argc, char **argv)
{
    const keel::cli::Invocation invocation = keel::cli::classify(argc, argv);
    if (invocation.headless && (invocation.version || keel::cli::findCommand(keel::cli::lightCommands(), invocation.command))) {
        QCoreApplication app(argc, argv);
        keel::setApplicationIdentity();
        keel::installTranslations(app, invocation.language);
        return keel::cli::run(app.arguments(), keel::cli::lightCommands());
    }
    char self[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string app = length > 0 ? std::string(self, std::size_t(length)) : std::string(argv[0]);
    app = app.substr(0, app.rfind('/') + 1) + "keel-app";
    // On Intel CPUs keel-app starts with OPENBLAS_CORETYPE naming the kernels the CPU's features
    // allow: Debian's OpenBLAS runs its SSE3 ones on Intel models newer than it knows.
    keel::compute::nameOpenBlasKernelsForExec();
    execv(app.c_str(), argv);
    std::fprintf(stderr, "keel: cannot start %s: %s\n", app.c_str(), std::strerror(errno));
    return 1;
}
