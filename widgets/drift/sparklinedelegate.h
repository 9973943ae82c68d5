#pragma once

#include <QStyledItemDelegate>

namespace keel {

// Draws a drift score per window as a small line (DriftColumnsModel::WindowScoresRole), the
// threshold as a faint line, and the windows past it as red dots.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace keel
