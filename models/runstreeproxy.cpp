#include "models/runstreeproxy.h"

#include "models/runstablemodel.h"

#include <vector>

namespace keel {

RunsTreeProxy::RunsTreeProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

int RunsTreeProxy::parentRow(int sourceRow) const
{
    return sourceModel()->index(sourceRow, 0).data(RunsTableModel::ParentRowRole).toInt();
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
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    for (int r = 0; r < rows; ++r)
        if (sourceModel()->index(r, 0).data(RunsTableModel::ChildCountRole).toInt() > 0)
            return true;
    return false;
}

bool RunsTreeProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
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
