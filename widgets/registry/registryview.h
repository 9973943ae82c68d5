#pragma once

#include "tracking/records.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QTreeView;

namespace keel {

class RegistryTreeModel;
class RunComparisonModel;
class Session;

// The Registry area: models and their versions with alias and stage badges; for the chosen
// version, its card (Markdown), metrics, lineage and the audit timeline; actions to set,
// remove and roll back aliases and to move stages. Changes that touch the champion alias or
// Production ask first.
class RegistryView : public QWidget {
    Q_OBJECT
public:
    explicit RegistryView(Session &session, QWidget *parent = nullptr);

    QTreeView *tree() const { return m_tree; }
    RegistryTreeModel *model() const { return m_model; }
    QTableWidget *timeline() const { return m_timeline; }
    QLabel *badges() const { return m_badges; }
    // Replaces the confirmation dialog (tests answer it).
    void setConfirmation(std::function<bool(const QString &)> confirm) { m_confirm = std::move(confirm); }

    void select(const QString &model, int version);
    // The actions, on the selected version; they report problems in a dialog and return false.
    // `reason` (optional) is recorded with the change in the audit history.
    bool setAlias(const QString &alias, const QString &reason = {});
    bool rollbackAlias(const QString &alias, const QString &reason = {});
    bool removeAlias(const QString &alias, const QString &reason = {});
    bool moveStage(const QString &stage, bool archiveExisting, const QString &reason = {});
    // The selected model's aliases a rollback can move, from where to where (the selected
    // version's aliases first); an alias that never moved, or whose previous version is archived
    // now, is not among them.
    struct RollbackTarget {
        QString alias;
        int fromVersion = 0, toVersion = 0;
    };
    QList<RollbackTarget> rollbackTargets() const;
    // Fills `into` with two versions side by side: their runs' params and tags, their metrics at
    // registration, artifact and stage.
    bool compareVersions(int a, int b, bool differencesOnly, RunComparisonModel *into) const;

Q_SIGNALS:
    void openRun(const QString &runUuid);
    void openDriftReport(qint64 reportId);

private:
    void showSelected();
    void selectFirstIfNone();
    bool act(const QString &question, const std::function<void()> &change);
    QString selectedModel() const;
    tracking::RunData versionAsRun(const QString &model, int version) const;
    std::vector<std::pair<QString, QStringList>> versionAttributes(const std::vector<int> &versions) const;
    int selectedVersion() const;

    Session &m_session;
    RegistryTreeModel *m_model;
    QTreeView *m_tree;
    QLabel *m_title;
    QLabel *m_badges;
    QTextBrowser *m_card;
    QTableWidget *m_metrics;
    QLabel *m_lineage;
    QLabel *m_verification;
    void showVerification();
    QLabel *m_signature;
    QTableWidget *m_timeline;
    QPushButton *m_aliasButton;
    QPushButton *m_rollbackButton;
    QPushButton *m_removeAliasButton;
    QPushButton *m_stageButton;
    QPushButton *m_compareButton;
    QLabel *m_empty;
    std::function<bool(const QString &)> m_confirm;
};

} // namespace keel
