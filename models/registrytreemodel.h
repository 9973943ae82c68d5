#pragma once

#include "registry/modelregistry.h"

#include <QAbstractItemModel>
#include <QHash>

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

    // Whether a version's artifact (and every file of its manifest) still hashes to what was
    // registered: checked as a pool job the first time it is asked for (listed in Jobs), kept
    // until the registry reloads. verification() says what is known now.
    enum class Verification { Unknown, Checking, Verified, Damaged };
    struct VerificationState {
        Verification state = Verification::Unknown;
        QString message; // why damaged
        QString at;      // when checked
    };
    VerificationState verification(const QString &model, int version) const;
    void verify(const QString &model, int version);

Q_SIGNALS:
    void verificationChanged(const QString &model, int version);

public Q_SLOTS:
    void reload();

private:
    struct Entry {
        registry::RegisteredModel model;
        std::vector<registry::ModelVersion> versions; // newest first
    };
    Session &m_session;
    std::vector<Entry> m_entries;
    QHash<QString, VerificationState> m_verifications; // "model/version"
};

} // namespace keel
