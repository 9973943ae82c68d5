#pragma once

#include "pipeline/graph.h"

#include <QPointF>
#include <QUndoCommand>

#include <vector>

namespace keel {

class PipelineGraphModel;

// Every edit of a pipeline as an undoable command (QtNodes' way): undoing a delete brings the
// nodes back with their links and params.

class AddNodeCommand : public QUndoCommand {
public:
    AddNodeCommand(PipelineGraphModel *model, pipeline::Node node);
    void redo() override;
    void undo() override;

private:
    PipelineGraphModel *m_model;
    pipeline::Node m_node;
    int m_row;
};

class RemoveNodesCommand : public QUndoCommand {
public:
    RemoveNodesCommand(PipelineGraphModel *model, const QStringList &ids);
    void redo() override;
    void undo() override;

private:
    PipelineGraphModel *m_model;
    std::vector<std::pair<int, pipeline::Node>> m_nodes; // by row, ascending
    std::vector<pipeline::Link> m_links;
};

class MoveNodeCommand : public QUndoCommand {
public:
    MoveNodeCommand(PipelineGraphModel *model, const QString &id, QPointF from, QPointF to);
    void redo() override;
    void undo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand *other) override; // successive moves of one node are one step

private:
    PipelineGraphModel *m_model;
    QString m_node;
    QPointF m_from, m_to;
};

class LinkCommand : public QUndoCommand {
public:
    // connect: true adds the link, false removes it.
    LinkCommand(PipelineGraphModel *model, pipeline::Link link, bool connect);
    void redo() override;
    void undo() override;

private:
    PipelineGraphModel *m_model;
    pipeline::Link m_link;
    bool m_connect;
};

class SetParamsCommand : public QUndoCommand {
public:
    SetParamsCommand(PipelineGraphModel *model, const QString &id, nlohmann::ordered_json before, nlohmann::ordered_json after);
    void redo() override;
    void undo() override;

private:
    PipelineGraphModel *m_model;
    QString m_node;
    nlohmann::ordered_json m_before, m_after;
};

} // namespace keel
