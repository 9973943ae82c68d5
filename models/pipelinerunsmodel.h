#pragma once

#include "pipeline/executor.h"

#include <QAbstractTableModel>

#include <map>

#include <vector>

namespace keel {

class Session;

// The pipeline runs kept in the open workspace, newest first.
class PipelineRunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RunColumn, PipelineColumn, StateColumn, TriggerColumn, StartedColumn, DurationColumn, ColumnCount };
    enum Role { FileRole = Qt::UserRole + 1, TrackingRunRole, StateRole };

    explicit PipelineRunsModel(Session &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The newest run of `file` in the workspace, node by node (empty when it never ran here).
    std::map<QString, pipeline::NodeStatus> lastRunOf(const QString &file) const;
    // The outputs the workspace's cache still holds for those node states (by their cache keys),
    // so a file opens with what its nodes last produced; damaged or evicted entries are left out.
    std::map<std::string, std::map<std::string, pipeline::Value>> outputsOf(const std::map<QString, pipeline::NodeStatus> &nodes) const;
    QString lastRunSummary(const QString &file) const; // "last run 3, 2026-12-01 22:10, succeeded (manual)"
    // "Succeeded", "Failed", "Cancelled" or "Running" for a run's stored state.
    static QString stateText(const QString &state);

public Q_SLOTS:
    void reload();

private:
    struct Row {
        qint64 id = 0;
        QString pipeline, file, state, trigger, trackingRun;
        qint64 startedMs = 0, finishedMs = 0;
    };
    Session &m_session;
    std::vector<Row> m_rows;
};

} // namespace keel
