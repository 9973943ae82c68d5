#pragma once

#include <QStyledItemDelegate>

namespace keel {

// Base for delegates that draw a control (a progress bar, a button) in a cell.
class ControlDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    // Paints the cell's background (selection, alternating rows, hover) without its text or
    // icon; returns the style to draw the control with.
    QStyle *paintBackground(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace keel
