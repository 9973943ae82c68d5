#pragma once

#include "registry/modelregistry.h"

#include <QAbstractItemModel>

#include <vector>

namespace keel {

class Session;

// Registered models, each with its versions as children (newest first), with roles for the
// badges a view draws: aliases and stage.
class RegistryTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { ModelNameRole = Qt::UserRole + 1, VersionRole, StageRole, AliasesRole, IsVersionRole };

    explicit RegistryTreeModel(Session &session, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(const QString &model, int version = 0) const;

public Q_SLOTS:
    void reload();

private:
    struct Entry {
        registry::RegisteredModel model;
        std::vector<registry::ModelVersion> versions; // newest first
    };
    Session &m_session;
    std::vector<Entry> m_entries;
};

} // namespace keel
