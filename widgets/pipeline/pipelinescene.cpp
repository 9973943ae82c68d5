#include "widgets/pipeline/pipelinescene.h"

#include "models/pipelinegraphmodel.h"
#include "pipeline/executor.h"
#include "pipeline/value.h"

#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMimeData>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTimer>

namespace keel {

namespace {
constexpr qreal kWidth = 200, kHeader = 40, kPortRow = 20, kPad = 8, kPortHit = 9;

// A link: picked by its stroke (a path item's own shape is the area under the curve).
class LinkItem : public QGraphicsPathItem {
public:
    using QGraphicsPathItem::QGraphicsPathItem;
    QPainterPath shape() const override
    {
        QPainterPathStroker stroke;
        stroke.setWidth(8);
        return stroke.createStroke(path());
    }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *widget) override
    {
        // Seen from far, thousands of smooth curves cost more than the eye can tell apart.
        if (QStyleOptionGraphicsItem::levelOfDetailFromTransform(p->worldTransform()) < 0.35)
            p->setRenderHint(QPainter::Antialiasing, false);
        QGraphicsPathItem::paint(p, option, widget);
    }
};

QPainterPath curve(QPointF a, QPointF b)
{
    QPainterPath path(a);
    const qreal bend = std::max<qreal>(40, std::abs(b.x() - a.x()) / 2);
    path.cubicTo(a + QPointF(bend, 0), b - QPointF(bend, 0), b);
    return path;
}
} // namespace

PipelineNodeItem::PipelineNodeItem(PipelineGraphModel *model, int row)
    : m_model(model)
    , m_row(row)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setPos(model->index(row).data(PipelineGraphModel::PositionRole).toPointF());
    setZValue(1);
}

PipelineScene *PipelineNodeItem::pipelineScene() const
{
    return static_cast<PipelineScene *>(scene());
}

QString PipelineNodeItem::id() const
{
    return m_model->index(m_row).data(PipelineGraphModel::IdRole).toString();
}

QRectF PipelineNodeItem::boundingRect() const
{
    const QModelIndex i = m_model->index(m_row);
    const int rows = std::max(i.data(PipelineGraphModel::InputsRole).toList().size(), i.data(PipelineGraphModel::OutputsRole).toList().size());
    return QRectF(-8, -2, kWidth + 16, kHeader + std::max(1, rows) * kPortRow + kPad + 4);
}

QPointF PipelineNodeItem::inputAnchor(const QString &port) const
{
    const auto inputs = m_model->index(m_row).data(PipelineGraphModel::InputsRole).toList();
    for (int k = 0; k < inputs.size(); ++k)
        if (inputs[k].toMap().value(QStringLiteral("name")).toString() == port)
            return mapToScene(QPointF(0, kHeader + k * kPortRow + kPortRow / 2));
    return mapToScene(QPointF(0, kHeader / 2));
}

QPointF PipelineNodeItem::outputAnchor(const QString &port) const
{
    const auto outputs = m_model->index(m_row).data(PipelineGraphModel::OutputsRole).toList();
    for (int k = 0; k < outputs.size(); ++k)
        if (outputs[k].toMap().value(QStringLiteral("name")).toString() == port)
            return mapToScene(QPointF(kWidth, kHeader + k * kPortRow + kPortRow / 2));
    return mapToScene(QPointF(kWidth, kHeader / 2));
}

QString PipelineNodeItem::inputAt(QPointF scenePos) const
{
    for (const QVariant &p : m_model->index(m_row).data(PipelineGraphModel::InputsRole).toList()) {
        const QString name = p.toMap().value(QStringLiteral("name")).toString();
        if (QLineF(inputAnchor(name), scenePos).length() <= kPortHit)
            return name;
    }
    return {};
}

QString PipelineNodeItem::outputAt(QPointF scenePos) const
{
    for (const QVariant &p : m_model->index(m_row).data(PipelineGraphModel::OutputsRole).toList()) {
        const QString name = p.toMap().value(QStringLiteral("name")).toString();
        if (QLineF(outputAnchor(name), scenePos).length() <= kPortHit)
            return name;
    }
    return {};
}

QVariant PipelineNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged && scene())
        pipelineScene()->nodeDragged();
    return QGraphicsObject::itemChange(change, value);
}

void PipelineNodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (const QString port = outputAt(event->scenePos()); !port.isEmpty()) {
            m_linking = true;
            pipelineScene()->beginLink(id(), port, event->scenePos());
            event->accept();
            return;
        }
    }
    m_pressPos = pos();
    QGraphicsObject::mousePressEvent(event);
}

void PipelineNodeItem::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_linking) {
        pipelineScene()->dragLink(event->scenePos());
        return;
    }
    QGraphicsObject::mouseMoveEvent(event);
}

void PipelineNodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_linking) {
        m_linking = false;
        pipelineScene()->endLink(event->scenePos()); // may rebuild the scene later, never now
        return;
    }
    QGraphicsObject::mouseReleaseEvent(event);
    if (pos() != m_pressPos)
        pipelineScene()->reportMove(id(), m_pressPos, pos());
}

void PipelineNodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QModelIndex i = m_model->index(m_row);
    const auto state = pipeline::NodeState(i.data(PipelineGraphModel::StateRole).toInt());
    const bool problems = !i.data(PipelineGraphModel::ProblemsRole).toStringList().isEmpty();
    const QRectF box(0, 0, kWidth, boundingRect().height() - 6);
    p->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    p->setPen(QPen(selected ? QColor(0x1f, 0x6f, 0xd0) : problems ? QColor(0xd6, 0x27, 0x28) : QColor(0xa0, 0xa4, 0xaa), selected ? 2.4 : 1.2));
    p->setBrush(QColor(0xfc, 0xfc, 0xfd));
    // Drawn small (a large graph fitted in view), text cannot be read: a box and its state
    // light are what show, and cost a fraction of the text.
    if (QStyleOptionGraphicsItem::levelOfDetailFromTransform(p->worldTransform()) < 0.35) {
        p->setRenderHint(QPainter::Antialiasing, false);
        p->drawRect(box);
        p->fillRect(QRectF(kWidth - 40, 4, 32, 20), PipelineGraphModel::stateColour(state));
        return;
    }
    p->drawRoundedRect(box, 7, 7);
    // Header: the type's title, the node's id, the state light.
    p->setPen(QColor(0x20, 0x20, 0x24));
    QFont title = p->font();
    title.setBold(true);
    p->setFont(title);
    p->drawText(QRectF(10, 5, kWidth - 40, 16), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(i.data(PipelineGraphModel::TitleRole).toString(), Qt::ElideRight, int(kWidth - 40)));
    title.setBold(false);
    title.setPointSizeF(title.pointSizeF() * 0.9);
    p->setFont(title);
    p->setPen(QColor(0x60, 0x64, 0x6a));
    p->drawText(QRectF(10, 21, kWidth - 40, 14), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(i.data(PipelineGraphModel::IdRole).toString(), Qt::ElideRight, int(kWidth - 40)));
    p->setPen(QPen(QColor(0x70, 0x70, 0x70), 0.8));
    p->setBrush(PipelineGraphModel::stateColour(state));
    p->drawEllipse(QPointF(kWidth - 16, 14), 7, 7);
    if (state == pipeline::NodeState::Running) { // a ring around the light fills as the node reports progress
        const double progress = std::clamp(i.data(PipelineGraphModel::ProgressRole).toDouble(), 0.0, 1.0);
        p->setBrush(Qt::NoBrush);
        p->setPen(QPen(QColor(0xe0, 0xe0, 0xe0), 2.5));
        p->drawEllipse(QPointF(kWidth - 16, 14), 10, 10);
        p->setPen(QPen(QColor(0x1f, 0x6f, 0xd0), 2.5, Qt::SolidLine, Qt::FlatCap));
        p->drawArc(QRectF(kWidth - 26, 4, 20, 20), 90 * 16, -int(std::max(0.04, progress) * 360 * 16));
    }
    if (state == pipeline::NodeState::Failed) { // a cross in the red light
        p->setPen(QPen(Qt::white, 1.6));
        p->drawLine(QPointF(kWidth - 19, 11), QPointF(kWidth - 13, 17));
        p->drawLine(QPointF(kWidth - 13, 11), QPointF(kWidth - 19, 17));
    }
    p->setPen(QPen(QColor(0xe0, 0xe2, 0xe6), 1));
    p->drawLine(QPointF(1, kHeader - 3), QPointF(kWidth - 1, kHeader - 3));
    auto *s = static_cast<PipelineScene *>(scene());
    const QString me = id();
    auto drawPorts = [&](const QVariantList &ports, bool inputs) {
        for (int k = 0; k < ports.size(); ++k) {
            const QVariantMap port = ports[k].toMap();
            const QString name = port.value(QStringLiteral("name")).toString();
            const qreal y = kHeader + k * kPortRow + kPortRow / 2;
            const QPointF at(inputs ? 0 : kWidth, y);
            const QColor c = PipelineGraphModel::portColour(port.value(QStringLiteral("type")).toString());
            if (inputs && s && s->isLinking() && s->accepts(me, name)) { // a target for the link being dragged
                p->setPen(Qt::NoPen);
                p->setBrush(QColor(c.red(), c.green(), c.blue(), 90));
                p->drawEllipse(at, 10, 10);
            }
            p->setPen(QPen(c.darker(130), 1));
            p->setBrush(port.value(QStringLiteral("required")).toBool() ? c : QColor(Qt::white));
            p->drawEllipse(at, 5, 5);
            p->setPen(QColor(0x30, 0x30, 0x34));
            const QRectF text = inputs ? QRectF(10, y - 8, kWidth / 2 - 12, 16) : QRectF(kWidth / 2, y - 8, kWidth / 2 - 10, 16);
            p->drawText(text, (inputs ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, name);
        }
    };
    drawPorts(i.data(PipelineGraphModel::InputsRole).toList(), true);
    drawPorts(i.data(PipelineGraphModel::OutputsRole).toList(), false);
}

PipelineScene::PipelineScene(PipelineGraphModel *model, QObject *parent)
    : QGraphicsScene(parent)
    , m_model(model)
{
    setBackgroundBrush(QColor(0xf3, 0xf4, 0xf6));
    connect(model, &QAbstractItemModel::modelReset, this, &PipelineScene::scheduleRebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this, &PipelineScene::scheduleRebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &PipelineScene::scheduleRebuild);
    connect(model, &PipelineGraphModel::linksChanged, this, &PipelineScene::scheduleRebuild);
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
        if (m_rebuildPending)
            return;
        for (int r = from.row(); r <= to.row(); ++r) {
            auto *item = m_nodes.value(m_model->index(r).data(PipelineGraphModel::IdRole).toString());
            if (!item)
                continue;
            if (roles.contains(PipelineGraphModel::PositionRole))
                item->setPos(m_model->index(r).data(PipelineGraphModel::PositionRole).toPointF());
            item->update();
        }
    });
    connect(this, &QGraphicsScene::selectionChanged, this, [this] { Q_EMIT nodeSelected(selectedNode()); });
    rebuild();
}

QString PipelineScene::selectedNode() const
{
    const QStringList nodes = selectedNodes();
    return nodes.isEmpty() ? QString() : nodes.first();
}

QStringList PipelineScene::selectedNodes() const
{
    QStringList out;
    for (QGraphicsItem *item : selectedItems())
        if (auto *node = dynamic_cast<PipelineNodeItem *>(item))
            out << node->id();
    return out;
}

std::vector<pipeline::Link> PipelineScene::selectedLinks() const
{
    std::vector<pipeline::Link> out;
    for (const auto &[link, item] : m_links)
        if (item->isSelected())
            out.push_back(link);
    return out;
}

void PipelineScene::scheduleRebuild()
{
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_rebuildPending)
            rebuild();
    });
}

void PipelineScene::rebuildNow()
{
    if (m_rebuildPending)
        rebuild();
}

void PipelineScene::rebuild()
{
    m_rebuildPending = false;
    const QStringList selected = selectedNodes();
    const QSignalBlocker block(this);
    m_pending = nullptr;
    clear();
    m_nodes.clear();
    m_links.clear();
    for (int r = 0; r < m_model->rowCount(); ++r) {
        auto *item = new PipelineNodeItem(m_model, r);
        item->setToolTip(m_model->index(r).data(PipelineGraphModel::DescriptionRole).toString());
        addItem(item);
        m_nodes.insert(item->id(), item);
        item->setSelected(selected.contains(item->id()));
    }
    for (const auto &l : m_model->graph().links) {
        const QString type = m_model->outputType(QString::fromStdString(l.fromNode), QString::fromStdString(l.fromPort));
        auto *path = new LinkItem;
        path->setPen(QPen(PipelineGraphModel::portColour(type.isEmpty() ? QStringLiteral("Any") : type), 2.0));
        addItem(path);
        path->setFlag(QGraphicsItem::ItemIsSelectable);
        path->setZValue(0);
        path->setToolTip(QStringLiteral("%1.%2 → %3.%4 (%5)").arg(QString::fromStdString(l.fromNode), QString::fromStdString(l.fromPort),
                                                                 QString::fromStdString(l.toNode), QString::fromStdString(l.toPort), type));
        m_links.emplace_back(l, path);
    }
    routeLinks();
    setSceneRect(itemsBoundingRect().adjusted(-200, -200, 400, 300));
}

void PipelineScene::routeLinks()
{
    for (auto &[l, path] : m_links) {
        auto *from = m_nodes.value(QString::fromStdString(l.fromNode));
        auto *to = m_nodes.value(QString::fromStdString(l.toNode));
        if (!from || !to)
            continue;
        path->setPath(curve(from->outputAnchor(QString::fromStdString(l.fromPort)), to->inputAnchor(QString::fromStdString(l.toPort))));
        QPen pen = path->pen();
        pen.setWidthF(path->isSelected() ? 3.5 : 2.0);
        path->setPen(pen);
    }
}

void PipelineScene::nodeDragged()
{
    routeLinks();
}

bool PipelineScene::accepts(const QString &node, const QString &port) const
{
    if (!m_pending)
        return false;
    pipeline::Link l{m_fromNode.toStdString(), m_fromPort.toStdString(), node.toStdString(), port.toStdString(), {}};
    return m_model->cannotConnect(l).isEmpty();
}

void PipelineScene::beginLink(const QString &node, const QString &port, QPointF at)
{
    m_fromNode = node;
    m_fromPort = port;
    m_fromType = m_model->outputType(node, port);
    m_fromAt = m_nodes.value(node) ? m_nodes.value(node)->outputAnchor(port) : at;
    m_pending = addPath(curve(m_fromAt, at), QPen(PipelineGraphModel::portColour(m_fromType), 2.0, Qt::DashLine));
    m_pending->setZValue(2);
    for (auto *item : std::as_const(m_nodes))
        item->update(); // show which inputs take it
}

void PipelineScene::dragLink(QPointF at)
{
    if (m_pending)
        m_pending->setPath(curve(m_fromAt, at));
}

void PipelineScene::endLink(QPointF at)
{
    if (!m_pending)
        return;
    removeItem(m_pending);
    delete m_pending;
    m_pending = nullptr;
    for (auto *item : std::as_const(m_nodes))
        item->update();
    for (auto *item : std::as_const(m_nodes)) {
        const QString port = item->inputAt(at);
        if (!port.isEmpty()) {
            Q_EMIT connectRequested({m_fromNode.toStdString(), m_fromPort.toStdString(), item->id().toStdString(), port.toStdString(), {}});
            return;
        }
        if (item->sceneBoundingRect().contains(at))
            return; // released on a node but off its ports: nothing
    }
    Q_EMIT linkDroppedOnCanvas(m_fromNode, m_fromPort, m_fromType, at);
}

void PipelineScene::dragEnterEvent(QGraphicsSceneDragDropEvent *event)
{
    event->setAccepted(event->mimeData()->hasFormat(QLatin1String(kNodeTypeMime)));
}

void PipelineScene::dragMoveEvent(QGraphicsSceneDragDropEvent *event)
{
    event->setAccepted(event->mimeData()->hasFormat(QLatin1String(kNodeTypeMime)));
}

void PipelineScene::dropEvent(QGraphicsSceneDragDropEvent *event)
{
    if (!event->mimeData()->hasFormat(QLatin1String(kNodeTypeMime)))
        return;
    event->acceptProposedAction();
    Q_EMIT nodeDropped(QString::fromUtf8(event->mimeData()->data(QLatin1String(kNodeTypeMime))), event->scenePos());
}

} // namespace keel
