#include "testsupport.h"

#include <QDir>

#include "core/sha256.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QWidget>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <unistd.h>

namespace keel::test {

std::map<std::string, std::string> snapshot(const std::filesystem::path &dir)
{
    std::map<std::string, std::string> files;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
        const std::string rel = std::filesystem::relative(entry.path(), dir).string();
        files[rel] = entry.is_regular_file() ? std::to_string(entry.file_size()) + ":" + sha256File(entry.path()) : "dir";
    }
    return files;
}

std::filesystem::path freshPath(const QString &base, const char *name)
{
    return std::filesystem::path(base.toStdString()) / name;
}

void screenshot(QWidget *widget, const char *name)
{
    const QByteArray dir = qgetenv("KEEL_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QTest::qWait(150);
    widget->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name));
}

KeelResult runKeel(const QStringList &args, const QString &home)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("KEEL_WORKSPACE"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    if (!home.isEmpty()) {
        env.insert(QStringLiteral("HOME"), home);
        env.remove(QStringLiteral("XDG_DATA_HOME"));
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(KEEL_BINARY), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString findMlflow()
{
    const QString env = qEnvironmentVariable("KEEL_MLFLOW");
    if (!env.isEmpty() && QFileInfo(env).isExecutable())
        return env;
    const QString venv = QStringLiteral(KEEL_TEST_DATA "/../.venv/bin/mlflow");
    if (QFileInfo(venv).isExecutable())
        return venv;
    if (const QString peer = peerTool(QStringLiteral("mlflow"), QStringLiteral("mlflow")); !peer.isEmpty())
        return peer; // scripts/install-peers.sh's

    return QStandardPaths::findExecutable(QStringLiteral("mlflow"));
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

MlflowServer::MlflowServer(const QString &mlflow, const std::filesystem::path &store)
{
    const int port = freePort();
    m_process = new QProcess;
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(mlflow, {QStringLiteral("server"), QStringLiteral("--backend-store-uri"),
                              QStringLiteral("sqlite:///") + QString::fromStdString(store.string()), QStringLiteral("--host"),
                              QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(port), QStringLiteral("--workers"),
                              QStringLiteral("1")});
    if (!m_process->waitForStarted())
        return;
    QByteArray log;
    QDeadlineTimer deadline(120000);
    while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(500);
        log += m_process->readAll();
        if (log.contains("startup complete") || log.contains("running on")) {
            m_url = "http://127.0.0.1:" + std::to_string(port);
            return;
        }
    }
}

MlflowServer::~MlflowServer()
{
    m_process->terminate();
    if (!m_process->waitForFinished(10000))
        m_process->kill();
    delete m_process;
}

QString peerTool(const QString &venv, const QString &tool)
{
    QString dir = qEnvironmentVariable("KEEL_PEERS");
    if (dir.isEmpty())
        dir = (qEnvironmentVariableIsEmpty("XDG_CACHE_HOME") ? QDir::homePath() + QStringLiteral("/.cache") : qEnvironmentVariable("XDG_CACHE_HOME")) +
              QStringLiteral("/keel/peers");
    const QString path = dir + QLatin1Char('/') + venv + QStringLiteral("/bin/") + tool;
    return QFileInfo(path).isExecutable() ? path : QString();
}

RayHead::RayHead(const QString &ray)
    : m_ray(ray)
{
    // Ray's socket paths must stay short: a folder directly under /tmp.
    char pattern[] = "/tmp/keel-ray-XXXXXX";
    if (!::mkdtemp(pattern))
        return;
    m_tempDir = QString::fromLatin1(pattern);
    const int dashboardPort = freePort();
    QProcess start;
    start.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAY_USAGE_STATS_ENABLED"), QStringLiteral("0"));
    start.setProcessEnvironment(env);
    start.start(ray, {QStringLiteral("start"), QStringLiteral("--head"), QStringLiteral("--port"), QString::number(freePort()),
                      QStringLiteral("--dashboard-host"), QStringLiteral("127.0.0.1"), QStringLiteral("--dashboard-port"),
                      QString::number(dashboardPort), QStringLiteral("--include-dashboard"), QStringLiteral("true"), QStringLiteral("--num-cpus"),
                      QStringLiteral("2"), QStringLiteral("--temp-dir"), m_tempDir, QStringLiteral("--disable-usage-stats")});
    start.waitForFinished(180000);
    m_log = QString::fromUtf8(start.readAll());
    if (start.exitStatus() != QProcess::NormalExit || start.exitCode() != 0)
        return;
    // The dashboard answers a little after `ray start` returns.
    const std::string url = "http://127.0.0.1:" + std::to_string(dashboardPort);
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        QProcess probe; // the virtualenv's own Python, beside `ray`
        probe.start(QFileInfo(ray).absolutePath() + QStringLiteral("/python"),
                    {QStringLiteral("-c"), QStringLiteral("import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())"),
                     QString::fromStdString(url + "/api/version")});
        probe.waitForFinished(10000);
        if (probe.exitCode() == 0 && probe.readAllStandardOutput().contains("ray_version")) {
            m_dashboard = url;
            return;
        }
        QThread::msleep(500);
    }
    m_log += QStringLiteral("\nthe dashboard did not answer at ") + QString::fromStdString(url);
}

RayHead::~RayHead()
{
    if (m_ray.isEmpty())
        return;
    QProcess stop;
    stop.start(m_ray, {QStringLiteral("stop"), QStringLiteral("--force")});
    stop.waitForFinished(60000);
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

QString modelsDir()
{
    QString dir = qEnvironmentVariable("KEEL_MODELS");
    if (dir.isEmpty())
        dir = (qEnvironmentVariableIsEmpty("XDG_CACHE_HOME") ? QDir::homePath() + QStringLiteral("/.cache") : qEnvironmentVariable("XDG_CACHE_HOME")) +
              QStringLiteral("/keel/models");
    return dir;
}

} // namespace keel::test
