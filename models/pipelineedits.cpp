#include "models/pipelineedits.h"

#include "models/pipelinegraphmodel.h"

#include <QCoreApplication>

#include <algorithm>

namespace keel {

namespace {
QString linkText(const pipeline::Link &l)
{
    return QStringLiteral("%1.%2 → %3.%4")
        .arg(QString::fromStdString(l.fromNode), QString::fromStdString(l.fromPort), QString::fromStdString(l.toNode), QString::fromStdString(l.toPort));
}
} // namespace

AddNodeCommand::AddNodeCommand(PipelineGraphModel *model, pipeline::Node node)
    : m_model(model)
    , m_node(std::move(node))
    , m_row(model->rowCount())
{
    setText(QCoreApplication::translate("keel::PipelineEdits", "Add %1").arg(QString::fromStdString(m_node.id)));
}

void AddNodeCommand::redo()
{
    m_model->insertNode(m_row, m_node);
}

void AddNodeCommand::undo()
{
    m_model->takeNode(QString::fromStdString(m_node.id));
}

RemoveNodesCommand::RemoveNodesCommand(PipelineGraphModel *model, const QStringList &ids)
    : m_model(model)
{
    for (const QString &id : ids) {
        const int row = model->rowOf(id);
        if (row >= 0)
            m_nodes.emplace_back(row, *model->graph().node(id.toStdString()));
    }
    std::sort(m_nodes.begin(), m_nodes.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const pipeline::Link &l : model->graph().links)
        if (ids.contains(QString::fromStdString(l.fromNode)) || ids.contains(QString::fromStdString(l.toNode)))
            m_links.push_back(l);
    setText(ids.size() == 1 ? QCoreApplication::translate("keel::PipelineEdits", "Delete %1").arg(ids.first())
                            : QCoreApplication::translate("keel::PipelineEdits", "Delete %n node(s)", nullptr, int(ids.size())));
}

void RemoveNodesCommand::redo()
{
    for (const pipeline::Link &l : m_links)
        m_model->removeLink(l);
    for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it)
        m_model->takeNode(QString::fromStdString(it->second.id));
}

void RemoveNodesCommand::undo()
{
    for (const auto &[row, node] : m_nodes)
        m_model->insertNode(row, node);
    for (const pipeline::Link &l : m_links)
        m_model->addLink(l);
}

MoveNodeCommand::MoveNodeCommand(PipelineGraphModel *model, const QString &id, QPointF from, QPointF to)
    : m_model(model)
    , m_node(id)
    , m_from(from)
    , m_to(to)
{
    setText(QCoreApplication::translate("keel::PipelineEdits", "Move %1").arg(id));
}

void MoveNodeCommand::redo()
{
    m_model->moveNode(m_node, m_to);
}

void MoveNodeCommand::undo()
{
    m_model->moveNode(m_node, m_from);
}

bool MoveNodeCommand::mergeWith(const QUndoCommand *other)
{
    const auto *move = static_cast<const MoveNodeCommand *>(other);
    if (move->m_node != m_node)
        return false;
    m_to = move->m_to;
    return true;
}

LinkCommand::LinkCommand(PipelineGraphModel *model, pipeline::Link link, bool connect)
    : m_model(model)
    , m_link(std::move(link))
    , m_connect(connect)
{
    setText((connect ? QCoreApplication::translate("keel::PipelineEdits", "Connect %1") : QCoreApplication::translate("keel::PipelineEdits", "Disconnect %1")).arg(linkText(m_link)));
}

void LinkCommand::redo()
{
    m_connect ? m_model->addLink(m_link) : m_model->removeLink(m_link);
}

void LinkCommand::undo()
{
    m_connect ? m_model->removeLink(m_link) : m_model->addLink(m_link);
}

SetParamsCommand::SetParamsCommand(PipelineGraphModel *model, const QString &id, nlohmann::ordered_json before, nlohmann::ordered_json after)
    : m_model(model)
    , m_node(id)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
    setText(QCoreApplication::translate("keel::PipelineEdits", "Change the params of %1").arg(id));
}

void SetParamsCommand::redo()
{
    m_model->setParams(m_node, m_after);
}

void SetParamsCommand::undo()
{
    m_model->setParams(m_node, m_before);
}

} // namespace keel
