// keel-app: the window, or `keel <command>` headless for scripts and CI. Users start `keel`
// (front.cpp), which runs the light commands itself and becomes this program for the rest.
#include "app/appsetup.h"
#include "app/cli/cli.h"
#include "app/mainwindow.h"
#include "compute/devices.h"
#include "compute/openblaskernels.h"
#include "core/error.h"
#include "core/paths.h"
#include "models/session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include <malloc.h>

namespace {

int runWindow(int argc, char **argv, const QString &language)
{
    QApplication app(argc, argv);
    keel::setApplicationIdentity();
    keel::installTranslations(app, language);

    QCommandLineParser parser;
    parser.addOption({QStringLiteral("workspace"), QStringLiteral("workspace"), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("lang"), QStringLiteral("lang"), QStringLiteral("LANG")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("threads"), QStringLiteral("N")});
    // Saves a picture of the window once it is shown, then quits (for the README's screenshot).
    parser.addOption({QStringLiteral("screenshot"), QStringLiteral("screenshot"), QStringLiteral("FILE")});
    // The area to open on (experiments, registry, drift, pipelines, rag, evals, models), else the last one.
    parser.addOption({QStringLiteral("area"), QStringLiteral("area"), QStringLiteral("NAME")});
    // Raises a dock (jobs, devices, costs: the Devices dock on its Costs tab) over the others, and how long --screenshot waits (ms).
    parser.addOption({QStringLiteral("dock"), QStringLiteral("dock"), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("screenshot-after"), QStringLiteral("screenshot-after"), QStringLiteral("MS")});
    parser.process(app);

    keel::compute::configureThreads(keel::threadSetting(parser.value(QStringLiteral("threads")).toInt()));
    keel::Session session(keel::compute::discoverDevices());
    keel::MainWindow window(session);

    QString dir = parser.value(QStringLiteral("workspace"));
    if (dir.isEmpty())
        dir = qEnvironmentVariable("KEEL_WORKSPACE");
    if (dir.isEmpty()) {
        const QString last = QSettings().value(QStringLiteral("workspaces/last")).toString();
        dir = !last.isEmpty() && QFileInfo::exists(last) ? last : QString::fromStdString(keel::defaultWorkspaceDir().string());
    }
    window.show();
    window.openWorkspaceAt(QDir(dir).absolutePath());
    if (parser.isSet(QStringLiteral("area"))) {
        static const QStringList areas{QStringLiteral("experiments"), QStringLiteral("registry"), QStringLiteral("drift"), QStringLiteral("pipelines"),
                                       QStringLiteral("rag"), QStringLiteral("evals"), QStringLiteral("models")};
        const int area = int(areas.indexOf(parser.value(QStringLiteral("area")).toLower()));
        if (area < 0) {
            std::fprintf(stderr, "keel: --area takes one of %s\n", qPrintable(areas.join(QStringLiteral(", "))));
            return 2;
        }
        window.showArea(keel::MainWindow::Area(area));
    }
    if (parser.isSet(QStringLiteral("dock")) && !window.raiseDock(parser.value(QStringLiteral("dock")))) {
        std::fprintf(stderr, "keel: --dock takes jobs, devices or costs\n");
        return 2;
    }

    const QString screenshot = parser.value(QStringLiteral("screenshot"));
    if (!screenshot.isEmpty()) {
        const int after = parser.isSet(QStringLiteral("screenshot-after")) ? parser.value(QStringLiteral("screenshot-after")).toInt() : 1500;
        QTimer::singleShot(after, &window, [&window, screenshot] {
            const bool saved = window.grab().save(screenshot);
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    // Tensor work allocates and frees blocks of tens of megabytes per layer. glibc's defaults hand
    // each back to the kernel and fault it in again next time (10-30% of an encoder's time here);
    // keeping them in the heap made MiniLM 1.5x faster. Other allocations are unaffected.
    mallopt(M_MMAP_THRESHOLD, 512 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    keel::compute::forgetOpenBlasKernels(); // read by OpenBLAS already; not for the processes started from here
    const keel::cli::Invocation invocation = keel::cli::classify(argc, argv);
    if (invocation.headless) {
        QCoreApplication app(argc, argv);
        keel::setApplicationIdentity();
        keel::installTranslations(app, invocation.language);
        keel::cli::Cli::setThreadConfigurer(keel::compute::configureThreads);
        return keel::cli::run(app.arguments(), keel::cli::allCommands());
    }
    return runWindow(argc, argv, invocation.language);
}
