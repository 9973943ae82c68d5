#include "widgets/common/buttondelegate.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

namespace keel {

ButtonDelegate::ButtonDelegate(QObject *parent)
    : ControlDelegate(parent)
{
}

QRect ButtonDelegate::buttonRect(const QRect &cell)
{
    return cell.adjusted(4, 3, -4, -3);
}

void ButtonDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyle *style = paintBackground(painter, option, index);
    const QWidget *widget = option.widget;

    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty())
        return;
    QStyleOptionButton button;
    button.rect = buttonRect(option.rect);
    button.text = text;
    button.state = QStyle::State_Enabled | (m_pressed == index ? QStyle::State_Sunken : QStyle::State_Raised);
    style->drawControl(QStyle::CE_PushButton, &button, painter, widget);
}

QSize ButtonDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics metrics(option.font);
    const QString text = index.data(Qt::DisplayRole).toString();
    return QSize(metrics.horizontalAdvance(text.isEmpty() ? QStringLiteral("Cancel") : text) + 28, metrics.height() + 12);
}

bool ButtonDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    Q_UNUSED(model);
    if (index.data(Qt::DisplayRole).toString().isEmpty())
        return false;
    if (event->type() != QEvent::MouseButtonPress && event->type() != QEvent::MouseButtonRelease)
        return false;
    auto *mouse = static_cast<QMouseEvent *>(event);
    const bool inside = buttonRect(option.rect).contains(mouse->position().toPoint());
    if (event->type() == QEvent::MouseButtonPress) {
        m_pressed = inside ? QPersistentModelIndex(index) : QPersistentModelIndex();
        return inside;
    }
    const bool wasPressed = m_pressed == index;
    m_pressed = QPersistentModelIndex();
    if (inside && wasPressed) {
        Q_EMIT clicked(index);
        return true;
    }
    return false;
}

} // namespace keel
