#pragma once

#include "tracking/records.h"

#include <QAbstractListModel>

#include <vector>

namespace keel {

class Session;

// The workspace's active experiments, with how many active runs each has.
class ExperimentsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { ExperimentIdRole = Qt::UserRole + 1, RunCountRole, SourceRole };

    explicit ExperimentsModel(Session &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    void reload();

private:
    Session &m_session;
    std::vector<tracking::Experiment> m_experiments;
    std::vector<int> m_runCounts;
};

} // namespace keel
