#include "widgets/experiments/runnamedelegate.h"

#include "models/runstablemodel.h"
#include "models/runstreeproxy.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>

namespace keel {
namespace {
constexpr int kStep = 16;
}

RunNameDelegate::RunNameDelegate(RunsTreeProxy *tree, QObject *parent) : QStyledItemDelegate(parent), m_tree(tree) {}

QRect RunNameDelegate::arrowRect(const QRect &cell, int depth)
{
    return QRect(cell.left() + depth * kStep, cell.top(), kStep, cell.height());
}

int RunNameDelegate::indent(const QModelIndex &index) const
{
    return m_tree->hasNesting() ? (index.data(RunsTableModel::DepthRole).toInt() + 1) * kStep : 0;
}

void RunNameDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int shift = indent(index);
    if (shift == 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem o(option);
    initStyleOption(&o, index);
    QStyle *style = o.widget ? o.widget->style() : QApplication::style();
    // The cell's background (selection, alternating rows) across the whole cell first.
    QStyleOptionViewItem background(o);
    background.text.clear();
    background.icon = QIcon();
    background.features &= ~QStyleOptionViewItem::HasDecoration;
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, o.widget);
    if (index.data(RunsTableModel::ChildCountRole).toInt() > 0) {
        QStyleOption arrow;
        arrow.rect = arrowRect(option.rect, index.data(RunsTableModel::DepthRole).toInt()).adjusted(3, 0, -3, 0);
        arrow.palette = o.palette;
        arrow.state = o.state;
        const bool collapsed = m_tree->isCollapsed(index.data(RunsTableModel::RunUuidRole).toString());
        style->drawPrimitive(collapsed ? QStyle::PE_IndicatorArrowRight : QStyle::PE_IndicatorArrowDown, &arrow, painter, o.widget);
    }
    QStyleOptionViewItem shifted(option);
    shifted.rect.setLeft(option.rect.left() + shift);
    QStyledItemDelegate::paint(painter, shifted, index);
}

QSize RunNameDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += indent(index);
    return size;
}

bool RunNameDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease && m_tree->hasNesting() && index.data(RunsTableModel::ChildCountRole).toInt() > 0) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (arrowRect(option.rect, index.data(RunsTableModel::DepthRole).toInt()).contains(mouse->position().toPoint())) {
            m_tree->toggle(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace keel
