#include "widgets/drift/sparklinedelegate.h"

#include "models/driftcolumnsmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace keel {

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    QApplication::style()->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
    const QVariantList scores = index.data(DriftColumnsModel::WindowScoresRole).toList();
    const double threshold = index.data(DriftColumnsModel::ThresholdRole).toDouble();
    const bool pValue = index.data(DriftColumnsModel::ScoreIsPValueRole).toBool();
    const QRectF area = QRectF(option.rect).adjusted(6, 4, -6, -4);
    if (scores.size() < 1 || area.width() < 8) {
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        painter->drawText(option.rect, Qt::AlignCenter, QStringLiteral("–"));
        return;
    }
    // p-values on a log scale (small ones matter), distances on a linear one from 0.
    auto transform = [pValue](double v) { return pValue ? -std::log10(std::max(v, 1e-12)) : v; };
    double top = transform(threshold);
    for (const QVariant &s : scores)
        if (std::isfinite(s.toDouble()))
            top = std::max(top, transform(s.toDouble()));
    top = top > 0 ? top * 1.1 : 1.0;
    auto point = [&](int i, double v) {
        const double x = scores.size() == 1 ? area.center().x() : area.left() + area.width() * i / double(scores.size() - 1);
        return QPointF(x, area.bottom() - area.height() * transform(v) / top);
    };
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor faint(0xc6, 0x28, 0x28);
    faint.setAlpha(90);
    painter->setPen(QPen(faint, 1, Qt::DashLine));
    const double ty = area.bottom() - area.height() * transform(threshold) / top;
    painter->drawLine(QPointF(area.left(), ty), QPointF(area.right(), ty));
    QPainterPath path;
    bool started = false;
    for (int i = 0; i < scores.size(); ++i) {
        const double v = scores[i].toDouble();
        if (!std::isfinite(v))
            continue;
        started ? path.lineTo(point(i, v)) : path.moveTo(point(i, v));
        started = true;
    }
    painter->setPen(QPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText) : QColor(0x5c, 0x7c, 0xa8), 1.5));
    painter->drawPath(path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xc6, 0x28, 0x28));
    for (int i = 0; i < scores.size(); ++i) {
        const double v = scores[i].toDouble();
        if (std::isfinite(v) && (pValue ? v < threshold : v >= threshold))
            painter->drawEllipse(point(i, v), 2.2, 2.2);
    }
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(120, 22));
}

} // namespace keel
