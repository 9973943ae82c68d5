#pragma once

#include <QString>
#include <QStringList>

#include <filesystem>
#include <map>
#include <string>

class QWidget;

namespace keel::test {

// With KEEL_SCREENSHOTS=DIR set, saves a picture of `widget` as DIR/name (after the event loop
// has turned, so charts have laid out their axes); does nothing otherwise.
void screenshot(QWidget *widget, const char *name);

// Every file under `dir` with its size and SHA-256, to show that an operation changed nothing.
std::map<std::string, std::string> snapshot(const std::filesystem::path &dir);

// A temporary folder path that does not exist yet (inside a QTemporaryDir the caller keeps).
std::filesystem::path freshPath(const QString &base, const char *name);

// scripts/fetch-models.sh's cache: $KEEL_MODELS, else $XDG_CACHE_HOME/keel/models, else
// ~/.cache/keel/models.
QString modelsDir();

// The keel binary run as CI runs it (LANG=C, no $KEEL_WORKSPACE; `home` as $HOME when given):
// its exit code (-1 when it crashed or hung past two minutes), stdout and stderr.
struct KeelResult {
    int code = -1;
    QString out;
    QString err;
};
KeelResult runKeel(const QStringList &args, const QString &home = {});

// mlflow's command: $KEEL_MLFLOW, the tests' virtualenv, the peers' (scripts/install-peers.sh), or the
// PATH; empty when absent.
QString findMlflow();
// A loopback port nothing listens on right now.
int freePort();

// A program in one of the peers' virtualenvs that scripts/install-peers.sh makes
// ($KEEL_PEERS, else $XDG_CACHE_HOME/keel/peers, else ~/.cache/keel/peers): VENV/bin/TOOL,
// or empty when it is not installed.
QString peerTool(const QString &venv, const QString &tool);

// A Ray head (`ray start --head`, its dashboard and Jobs API on 127.0.0.1, its files in a
// folder of its own), stopped when destroyed. dashboard() is empty when it did not start,
// and log() says why.
class RayHead {
public:
    explicit RayHead(const QString &ray);
    ~RayHead();
    const std::string &dashboard() const { return m_dashboard; }
    const QString &log() const { return m_log; }

private:
    QString m_ray, m_tempDir, m_log;
    std::string m_dashboard;
};

// `mlflow server` on 127.0.0.1 over an SQLite store, stopped when destroyed.
class MlflowServer {
public:
    // Starts and waits until it answers; url() is empty when it could not start.
    MlflowServer(const QString &mlflow, const std::filesystem::path &store);
    ~MlflowServer();
    const std::string &url() const { return m_url; }

private:
    class QProcess *m_process = nullptr;
    std::string m_url;
};

} // namespace keel::test
