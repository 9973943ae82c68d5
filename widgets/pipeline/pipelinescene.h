#pragma once

#include <QGraphicsScene>
#include <QHash>

namespace keel {

class PipelineGraphModel;
class PipelineNodeItem;

// The pipeline drawn from its model, as QtNodes draws its graph: a box per node with its title,
// id and state light, input ports on the left and output ports on the right coloured by type,
// and a curve per link in its port type's colour. The scene holds no state of its own.
class PipelineScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit PipelineScene(PipelineGraphModel *model, QObject *parent = nullptr);

    PipelineNodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    QString selectedNode() const;

Q_SIGNALS:
    void nodeSelected(const QString &id);

private:
    void rebuild();

    PipelineGraphModel *m_model;
    QHash<QString, PipelineNodeItem *> m_nodes;
};

// One node box. Public so tests and the view can read what it shows.
class PipelineNodeItem : public QGraphicsObject {
    Q_OBJECT
public:
    PipelineNodeItem(PipelineGraphModel *model, int row);
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    // Where a port's link attaches, in scene coordinates.
    QPointF inputAnchor(const QString &port) const;
    QPointF outputAnchor(const QString &port) const;
    QString id() const;
    int row() const { return m_row; }

private:
    PipelineGraphModel *m_model;
    int m_row;
};

} // namespace keel
