#include "widgets/pipeline/pipelinescene.h"

#include "models/pipelinegraphmodel.h"
#include "pipeline/executor.h"

#include <QGraphicsPathItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace keel {

namespace {
constexpr qreal kWidth = 200, kHeader = 40, kPortRow = 20, kPad = 8;
}

PipelineNodeItem::PipelineNodeItem(PipelineGraphModel *model, int row)
    : m_model(model)
    , m_row(row)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setPos(model->index(row).data(PipelineGraphModel::PositionRole).toPointF());
    setZValue(1);
}

QString PipelineNodeItem::id() const
{
    return m_model->index(m_row).data(PipelineGraphModel::IdRole).toString();
}

QRectF PipelineNodeItem::boundingRect() const
{
    const QModelIndex i = m_model->index(m_row);
    const int rows = std::max(i.data(PipelineGraphModel::InputsRole).toList().size(), i.data(PipelineGraphModel::OutputsRole).toList().size());
    return QRectF(-6, -2, kWidth + 12, kHeader + std::max(1, rows) * kPortRow + kPad + 4);
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
    if (state == pipeline::NodeState::Failed) { // a cross in the red light
        p->setPen(QPen(Qt::white, 1.6));
        p->drawLine(QPointF(kWidth - 19, 11), QPointF(kWidth - 13, 17));
        p->drawLine(QPointF(kWidth - 13, 11), QPointF(kWidth - 19, 17));
    }
    p->setPen(QPen(QColor(0xe0, 0xe2, 0xe6), 1));
    p->drawLine(QPointF(1, kHeader - 3), QPointF(kWidth - 1, kHeader - 3));
    // Ports.
    auto drawPorts = [&](const QVariantList &ports, bool inputs) {
        for (int k = 0; k < ports.size(); ++k) {
            const QVariantMap port = ports[k].toMap();
            const qreal y = kHeader + k * kPortRow + kPortRow / 2;
            const QColor c = PipelineGraphModel::portColour(port.value(QStringLiteral("type")).toString());
            p->setPen(QPen(c.darker(130), 1));
            p->setBrush(port.value(QStringLiteral("required")).toBool() ? c : QColor(Qt::white));
            p->drawEllipse(QPointF(inputs ? 0 : kWidth, y), 5, 5);
            p->setPen(QColor(0x30, 0x30, 0x34));
            const QRectF text = inputs ? QRectF(10, y - 8, kWidth / 2 - 12, 16) : QRectF(kWidth / 2, y - 8, kWidth / 2 - 10, 16);
            p->drawText(text, (inputs ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, port.value(QStringLiteral("name")).toString());
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
    connect(model, &QAbstractItemModel::modelReset, this, &PipelineScene::rebuild);
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        for (int r = from.row(); r <= to.row(); ++r)
            if (auto *item = m_nodes.value(m_model->index(r).data(PipelineGraphModel::IdRole).toString()))
                item->update();
    });
    connect(this, &QGraphicsScene::selectionChanged, this, [this] { Q_EMIT nodeSelected(selectedNode()); });
    rebuild();
}

QString PipelineScene::selectedNode() const
{
    for (QGraphicsItem *item : selectedItems())
        if (auto *node = dynamic_cast<PipelineNodeItem *>(item))
            return node->id();
    return {};
}

void PipelineScene::rebuild()
{
    clear();
    m_nodes.clear();
    for (int r = 0; r < m_model->rowCount(); ++r) {
        auto *item = new PipelineNodeItem(m_model, r);
        item->setToolTip(m_model->index(r).data(PipelineGraphModel::DescriptionRole).toString());
        addItem(item);
        m_nodes.insert(item->id(), item);
    }
    for (const auto &l : m_model->graph().links) {
        auto *from = m_nodes.value(QString::fromStdString(l.fromNode));
        auto *to = m_nodes.value(QString::fromStdString(l.toNode));
        if (!from || !to)
            continue;
        const QPointF a = from->outputAnchor(QString::fromStdString(l.fromPort));
        const QPointF b = to->inputAnchor(QString::fromStdString(l.toPort));
        QPainterPath path(a);
        const qreal bend = std::max<qreal>(40, std::abs(b.x() - a.x()) / 2);
        path.cubicTo(a + QPointF(bend, 0), b - QPointF(bend, 0), b);
        QString type = QStringLiteral("Any");
        for (const QVariant &port : m_model->index(from->row()).data(PipelineGraphModel::OutputsRole).toList())
            if (port.toMap().value(QStringLiteral("name")).toString() == QString::fromStdString(l.fromPort))
                type = port.toMap().value(QStringLiteral("type")).toString();
        auto *curve = addPath(path, QPen(PipelineGraphModel::portColour(type), 2.0));
        curve->setZValue(0);
        curve->setToolTip(QStringLiteral("%1.%2 → %3.%4 (%5)").arg(QString::fromStdString(l.fromNode), QString::fromStdString(l.fromPort),
                                                                  QString::fromStdString(l.toNode), QString::fromStdString(l.toPort), type));
    }
    setSceneRect(itemsBoundingRect().adjusted(-40, -40, 40, 40));
}

} // namespace keel
