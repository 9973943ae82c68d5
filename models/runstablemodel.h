#pragma once

#include "tracking/records.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace keel {

class Session;

// The runs of the chosen experiments that match a search filter, in MLflow's order (newest
// first) with each run's children right after it (nested runs, as MLflow shows them), one row each; the view sets the query and reloads it when the workspace changes.
// Columns are
// the run's attributes, then one per metric (latest value) and one per param. Which keys
// show is the caller's to choose (the column chooser).
class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RunUuidRole = Qt::UserRole + 1, SortRole, StatusRole, ColumnKindRole, ColumnKeyRole,
        ParentRowRole,   // int: the row of the run's parent among these rows (mlflow.parentRunId), -1 for none
        DepthRole,       // int: 0 for a top-level run, 1 for a child, ...
        ChildCountRole,  // int: the run's children among these rows
        ColumnGroupRole, // headerData: "Metrics", "Parameters" or "" (the run's attributes), MLflow's column groups
    };
    enum FixedColumn { NameColumn, StatusColumn, StartColumn, DurationColumn, ExperimentColumn, FixedColumnCount };

    explicit RunsTableModel(Session &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Runs the search; on a syntax error keeps the current rows and returns the message.
    QString setQuery(const std::vector<qint64> &experimentIds, const QString &filter);
    const QString &filter() const { return m_filter; }

    const QStringList &metricKeys() const { return m_metricKeys; }   // every key the rows have
    const QStringList &paramKeys() const { return m_paramKeys; }
    void setHiddenKeys(const QStringList &metrics, const QStringList &params);
    const QStringList &hiddenMetrics() const { return m_hiddenMetrics; }
    const QStringList &hiddenParams() const { return m_hiddenParams; }

    // A row's run; its colour in every chart is runColour(row).
    const tracking::RunData *runAt(int row) const;
    int rowOf(const QString &uuid) const;
    // The visible table as CSV (RFC 4180), header first.
    QString toCsv() const;

public Q_SLOTS:
    void reload();

private:
    struct ColumnRef {
        enum Kind { Fixed, Metric, Param } kind;
        QString key;
    };
    ColumnRef column(int section) const;
    void rebuildColumns();
    void nestRuns();

    Session &m_session;
    std::vector<qint64> m_experimentIds;
    QString m_filter;
    std::vector<tracking::RunData> m_runs;
    QHash<qint64, QString> m_experimentNames;
    QStringList m_metricKeys, m_paramKeys;
    QStringList m_hiddenMetrics, m_hiddenParams;
    QStringList m_visibleMetrics, m_visibleParams;
    std::vector<int> m_parentRow, m_depth, m_children;
};

} // namespace keel
