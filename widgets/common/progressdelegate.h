#pragma once

#include "widgets/common/controldelegate.h"

namespace keel {

// Draws a progress bar from a fraction in [0, 1] held in `role`.
class ProgressDelegate : public ControlDelegate {
    Q_OBJECT
public:
    explicit ProgressDelegate(int role, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace keel
