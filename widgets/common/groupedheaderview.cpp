#include "widgets/common/groupedheaderview.h"

#include <QPainter>

namespace keel {

GroupedHeaderView::GroupedHeaderView(int groupRole, QWidget *parent) : QHeaderView(Qt::Horizontal, parent), m_groupRole(groupRole)
{
    setSectionsClickable(true);
    setHighlightSections(true);
}

QString GroupedHeaderView::group(int logicalIndex) const
{
    return model() ? model()->headerData(logicalIndex, Qt::Horizontal, m_groupRole).toString() : QString();
}

QSize GroupedHeaderView::sizeHint() const
{
    return QHeaderView::sizeHint(); // its height comes from sectionSizeFromContents, band included
}

QSize GroupedHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    QSize size = QHeaderView::sectionSizeFromContents(logicalIndex);
    size.setHeight(size.height() + fontMetrics().height() + 4);
    return size;
}

void GroupedHeaderView::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    const int band = fontMetrics().height() + 4;
    const QRect top(rect.left(), rect.top(), rect.width(), band), bottom = rect.adjusted(0, band, 0, 0);
    painter->save();
    QHeaderView::paintSection(painter, bottom, logicalIndex);
    painter->restore();
    const QString name = group(logicalIndex);
    painter->save();
    painter->setClipRect(top);
    painter->fillRect(top, name.isEmpty() ? palette().window() : palette().alternateBase());
    if (!name.isEmpty()) {
        // The label starts where the group's first neighbouring column starts; each column draws
        // its own part of it, so partial repaints stay whole.
        int first = visualIndex(logicalIndex);
        while (first > 0 && group(this->logicalIndex(first - 1)) == name)
            --first;
        int last = visualIndex(logicalIndex);
        while (last + 1 < count() && group(this->logicalIndex(last + 1)) == name)
            ++last;
        const int left = sectionViewportPosition(this->logicalIndex(first));
        const int right = sectionViewportPosition(this->logicalIndex(last)) + sectionSize(this->logicalIndex(last));
        QFont bold = font();
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(palette().color(QPalette::WindowText));
        painter->drawText(QRect(left + 6, top.top(), right - left - 12, band), Qt::AlignLeft | Qt::AlignVCenter, name);
        // The group's edges.
        painter->setPen(palette().color(QPalette::Mid));
        if (visualIndex(logicalIndex) == last)
            painter->drawLine(top.right(), top.top() + 2, top.right(), top.bottom());
    }
    painter->setPen(palette().color(QPalette::Mid));
    painter->drawLine(top.left(), top.bottom(), top.right(), top.bottom());
    painter->restore();
}

} // namespace keel
