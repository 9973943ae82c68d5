#include "models/runstreeproxy.h"

#include "models/runstablemodel.h"

#include <vector>

namespace keel {

RunsTreeProxy::RunsTreeProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

void RunsTreeProxy::setSourceModel(QAbstractItemModel *source)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_treeRead = false;
    QSortFilterProxyModel::setSourceModel(source);
    if (!source)
        return;
    // Forgotten before the source changes, read again on the next question (the proxy's own
    // filtering after a reset is the first to ask).
    auto forget = [this] { m_treeRead = false; };
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, forget);
    connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, forget);
    connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, forget);
    connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, forget);
}

void RunsTreeProxy::readTree() const
{
    if (m_treeRead)
        return;
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    m_parents.assign(std::size_t(rows), -1);
    m_nested = false;
    for (int r = 0; r < rows; ++r) {
        m_parents[std::size_t(r)] = sourceModel()->index(r, 0).data(RunsTableModel::ParentRowRole).toInt();
        m_nested = m_nested || m_parents[std::size_t(r)] >= 0;
    }
    m_treeRead = true;
}

int RunsTreeProxy::parentRow(int sourceRow) const
{
    readTree();
    return sourceRow >= 0 && sourceRow < int(m_parents.size()) ? m_parents[std::size_t(sourceRow)] : -1;
}

void RunsTreeProxy::setCollapsed(const QString &runUuid, bool collapsed)
{
    if (collapsed == m_collapsed.contains(runUuid))
        return;
    if (collapsed)
        m_collapsed.insert(runUuid);
    else
        m_collapsed.remove(runUuid);
    invalidateRowsFilter();
}

void RunsTreeProxy::toggle(const QModelIndex &proxyIndex)
{
    if (proxyIndex.data(RunsTableModel::ChildCountRole).toInt() > 0) {
        const QString uuid = proxyIndex.data(RunsTableModel::RunUuidRole).toString();
        setCollapsed(uuid, !isCollapsed(uuid));
    }
}

bool RunsTreeProxy::hasNesting() const
{
    readTree();
    return m_nested;
}

bool RunsTreeProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (m_collapsed.isEmpty())
        return true;
    for (int p = parentRow(sourceRow); p >= 0; p = parentRow(p))
        if (m_collapsed.contains(sourceModel()->index(p, 0).data(RunsTableModel::RunUuidRole).toString()))
            return false;
    return true;
}

bool RunsTreeProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Compare the two runs' ancestries from the root: where they part, the runs there are
    // siblings and compare by the column; an ancestor comes before its descendants whichever
    // way the column sorts (a descending sort asks with the arguments swapped).
    if (!hasNesting())
        return QSortFilterProxyModel::lessThan(left, right);
    auto chain = [this](int row) {
        std::vector<int> rows;
        for (int r = row; r >= 0; r = parentRow(r))
            rows.insert(rows.begin(), r);
        return rows;
    };
    const std::vector<int> a = chain(left.row()), b = chain(right.row());
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    const bool descending = sortOrder() == Qt::DescendingOrder;
    if (i == a.size() || i == b.size()) // one is the other's ancestor (or the same run)
        return (a.size() < b.size()) != descending && a.size() != b.size();
    return QSortFilterProxyModel::lessThan(sourceModel()->index(a[i], left.column()), sourceModel()->index(b[i], right.column()));
}

} // namespace keel
