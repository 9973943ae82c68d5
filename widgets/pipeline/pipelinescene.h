#pragma once

#include "pipeline/graph.h"

#include <QGraphicsObject>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHash>

namespace keel {

class PipelineGraphModel;
class PipelineNodeItem;

// The MIME type a palette drag carries: the node type's id as UTF-8.
inline constexpr const char *kNodeTypeMime = "application/x-keel-node-type";

// The pipeline drawn from its model, as QtNodes draws its graph: a box per node with its title,
// id and state light, input ports on the left and output ports on the right coloured by type,
// and a curve per link in its port type's colour. The scene keeps no state of the graph: it
// asks for edits through signals (the view turns them into undo commands) and redraws from the
// model. Dragging from an output port draws a pending link and highlights the inputs that take
// its type; a node type dropped from the palette lands under the cursor.
class PipelineScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit PipelineScene(PipelineGraphModel *model, QObject *parent = nullptr);

    PipelineNodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    QString selectedNode() const;
    QStringList selectedNodes() const;
    std::vector<pipeline::Link> selectedLinks() const;
    // The scene as the model is now (normally it catches up on the next event-loop turn).
    void rebuildNow();

    // While a link is being dragged: the output it starts from.
    bool isLinking() const { return m_pending != nullptr; }
    bool accepts(const QString &node, const QString &port) const; // a highlighted input

    // For the items.
    void beginLink(const QString &node, const QString &port, QPointF at);
    void dragLink(QPointF at);
    void endLink(QPointF at);
    void nodeDragged();
    void reportMove(const QString &node, QPointF from, QPointF to) { Q_EMIT nodeMoved(node, from, to); }

Q_SIGNALS:
    void nodeSelected(const QString &id);
    void nodeDropped(const QString &type, QPointF at);
    void nodeMoved(const QString &id, QPointF from, QPointF to);
    void connectRequested(const keel::pipeline::Link &link);
    // A link released over empty canvas: offer the node types that take it.
    void linkDroppedOnCanvas(const QString &fromNode, const QString &fromPort, const QString &type, QPointF at);

protected:
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;

private:
    void scheduleRebuild();
    void rebuild();
    void routeLinks();

    PipelineGraphModel *m_model;
    QHash<QString, PipelineNodeItem *> m_nodes;
    std::vector<std::pair<pipeline::Link, QGraphicsPathItem *>> m_links;
    bool m_rebuildPending = false;
    QGraphicsPathItem *m_pending = nullptr;
    QString m_fromNode, m_fromPort, m_fromType;
    QPointF m_fromAt;
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
    // The port under a point in scene coordinates, or empty.
    QString inputAt(QPointF scenePos) const;
    QString outputAt(QPointF scenePos) const;
    QString id() const;
    int row() const { return m_row; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    PipelineScene *pipelineScene() const;

    PipelineGraphModel *m_model;
    int m_row;
    bool m_linking = false;
    QPointF m_pressPos;
};

} // namespace keel
