#pragma once

#include <QStyledItemDelegate>

namespace keel {

class RunsTreeProxy;

// The runs table's name column as a tree: children indented under their parent, and on a parent
// an arrow that collapses or expands its children when clicked.
class RunNameDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    RunNameDelegate(RunsTreeProxy *tree, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Where a row's arrow is drawn, inside its cell.
    static QRect arrowRect(const QRect &cell, int depth);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index) override;

private:
    int indent(const QModelIndex &index) const;
    RunsTreeProxy *m_tree;
};

} // namespace keel
