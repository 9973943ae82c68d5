#pragma once

#include "tracking/records.h"

#include <QDialog>
#include <QString>

#include <vector>

class QLabel;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class QTreeWidget;

namespace keel {

class Session;

// Everything about one run, as MLflow's run page shows it: its attributes (status, times, user,
// source and commit), description, parent and children, datasets with their digests; params,
// metrics (latest value, steps and range of the history) and tags; the artifact tree with file
// sizes and a preview of the chosen file (text, JSON, YAML, CSV, images, the MLmodel file); and
// "Register this model…", which the Experiments area carries out.
class RunPage : public QDialog {
    Q_OBJECT
public:
    RunPage(Session &session, const QString &runUuid, QWidget *parent = nullptr);

    QString runUuid() const { return m_uuid; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeWidget *artifacts() const { return m_artifacts; }
    QTextBrowser *preview() const { return m_preview; }
    QTableWidget *params() const { return m_params; }
    QTableWidget *metrics() const { return m_metrics; }
    QLabel *overview() const { return m_overview; }
    // Shows the artifact at `path` (inside the run's artifact folder) in the preview.
    bool previewArtifact(const QString &path);

Q_SIGNALS:
    void openRun(const QString &runUuid);       // a parent or child link
    void registerRequested(const QString &runUuid);

private:
    void load();

    Session &m_session;
    QString m_uuid;
    QLabel *m_title, *m_overview, *m_image;
    QTabWidget *m_tabs;
    QTableWidget *m_params, *m_metrics, *m_tags;
    QTreeWidget *m_artifacts;
    QTextBrowser *m_preview;
    std::vector<tracking::RunArtifact> m_files; // the run's artifacts, as load() read them
};

} // namespace keel
