#pragma once

#include "compute/job.h"
#include "eval/evalrun.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>

#include <set>
#include <string>
#include <vector>

namespace keel {

class Session;

// What the suite editor shows while the user types: the suite's shape, or the first error with
// its line and column (1-based; 0 when the message names none).
struct SuiteCheck {
    bool ok = false;
    QString error;
    int line = 0, column = 0;
    QStringList warnings;      // unsupported keys, with their lines
    QStringList caseErrors;    // cases that cannot run as written (unknown assertion types...)
    int cases = 0, prompts = 0, providers = 0, assertions = 0;
    QStringList providerNames;
};

// The Evals area's engine side: the workspace's suites and eval runs, runs of a suite as pool
// jobs (Jobs dock: cells done / total and tokens/s, cancel), and the results and traces of a
// run read back. Results come back as signals on the GUI thread.
class EvalWorkbench : public QObject {
    Q_OBJECT
public:
    explicit EvalWorkbench(Session &session, QObject *parent = nullptr);

    // Parses `yaml` as the suite file `file` would hold it (file:// paths relative to its folder).
    static SuiteCheck check(const QString &yaml, const QString &file);

    // The suite files of the workspace (<workspace>/evals/*.yaml), newest first.
    QStringList suiteFiles() const;
    // Local text-generation models (`keel models`): label and path.
    QList<QPair<QString, QString>> localModels() const;

    const std::vector<eval::EvalRunInfo> &runs() const { return m_runs; }
    const eval::EvalRunInfo *run(const QString &uuid) const;
    // Reads the workspace's eval runs again; runsChanged() follows.
    void refresh();

    struct RunRequest {
        QString suitePath;
        QStringList extraModels;             // local models run beside the suite's providers
        std::set<std::string> onlyCaseKeys;  // re-run just these cases
        QString baselineUuid;                // recorded with the run
        QString resumeUuid;                  // continue a cancelled run
    };
    // Submits the run as a job; throws keel::Error when there is no workspace.
    compute::JobId start(const RunRequest &request);

    // A run's cells for the grid: without the prompts as sent and the retrieved contexts, which
    // cell() reads for the one shown (a run of 100,000 cells stays small in the window).
    std::vector<eval::EvalCellResult> results(const QString &uuid) const;
    std::optional<eval::EvalCellResult> cell(const QString &uuid, std::int64_t resultId) const;
    std::vector<eval::EvalTrace> traces(const QString &uuid, std::int64_t resultId) const;

Q_SIGNALS:
    void runsChanged();
    void progress(const QString &suitePath, const keel::eval::EvalProgress &progress);
    void runFinished(const QString &runUuid, const QString &status);
    void runFailed(const QString &suitePath, const QString &message);

private:
    Session &m_session;
    std::vector<eval::EvalRunInfo> m_runs;
};

} // namespace keel

Q_DECLARE_METATYPE(keel::eval::EvalProgress)
