#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

#include <vector>

namespace keel {

// The runs table as a tree in a table, the way MLflow nests runs: sorted by a column, a child
// stays under its parent (siblings sorted among themselves), and a collapsed parent hides its
// children. The source is a RunsTableModel (its ParentRowRole, DepthRole and ChildCountRole).
class RunsTreeProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsTreeProxy(QObject *parent = nullptr);

    bool isCollapsed(const QString &runUuid) const { return m_collapsed.contains(runUuid); }
    void setCollapsed(const QString &runUuid, bool collapsed);
    void toggle(const QModelIndex &proxyIndex);
    // Whether any run of the source has children (the view indents names only then).
    bool hasNesting() const;
    void setSourceModel(QAbstractItemModel *source) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    int parentRow(int sourceRow) const;
    // The source's parent rows, read once per reset: the delegate asks for the nesting on every
    // painted cell, and sorting asks for ancestries on every comparison.
    void readTree() const;
    mutable std::vector<int> m_parents;
    mutable bool m_nested = false, m_treeRead = false;
    QSet<QString> m_collapsed;
};

} // namespace keel
