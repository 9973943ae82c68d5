#pragma once

#include "tracking/records.h"

#include <QAbstractTableModel>

#include <utility>
#include <vector>

namespace keel {

// Params, latest metrics and tags of the selected runs side by side: one row per key, one column
// per run. "Show differences only" hides the rows where every run has the same value.
class RunComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { DiffersRole = Qt::UserRole + 1, KindRole };

    explicit RunComparisonModel(QObject *parent = nullptr);

    // `attributes`: rows shown first under their own names, not as params (a model version's
    // "Artifact (SHA-256)" and "Stage"), one value per run.
    void setRuns(std::vector<tracking::RunData> runs, std::vector<std::pair<QString, QStringList>> attributes = {});
    void setDifferencesOnly(bool on);
    bool differencesOnly() const { return m_diffOnly; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum class Kind { Param, Metric, Tag, Attribute };
    struct Row {
        Kind kind;
        QString key;
        QStringList values; // one per run; empty when the run lacks the key
        bool differs;
    };
    void rebuild();

    std::vector<tracking::RunData> m_runs;
    std::vector<std::pair<QString, QStringList>> m_attributes;
    std::vector<Row> m_all;
    std::vector<const Row *> m_shown;
    bool m_diffOnly = false;
};

} // namespace keel
