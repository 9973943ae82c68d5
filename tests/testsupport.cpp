#include "testsupport.h"

#include <QDir>

#include "core/sha256.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
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

QString modelsDir()
{
    QString dir = qEnvironmentVariable("KEEL_MODELS");
    if (dir.isEmpty())
        dir = (qEnvironmentVariableIsEmpty("XDG_CACHE_HOME") ? QDir::homePath() + QStringLiteral("/.cache") : qEnvironmentVariable("XDG_CACHE_HOME")) +
              QStringLiteral("/keel/models");
    return dir;
}

} // namespace keel::test
