#pragma once

#include <QPersistentModelIndex>
#include "widgets/common/controldelegate.h"

namespace keel {

// Draws a push button in cells whose display text is not empty and reports clicks on it,
// so a list of thousands of rows needs no widget per row.
class ButtonDelegate : public ControlDelegate {
    Q_OBJECT
public:
    explicit ButtonDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

    static QRect buttonRect(const QRect &cell);

Q_SIGNALS:
    void clicked(const QModelIndex &index);

private:
    QPersistentModelIndex m_pressed;
};

} // namespace keel
