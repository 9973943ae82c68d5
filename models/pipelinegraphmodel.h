#pragma once

#include "pipeline/executor.h"
#include "pipeline/graph.h"
#include "pipeline/validation.h"

#include <QAbstractListModel>
#include <QPointF>
#include <QStringList>

#include <filesystem>

namespace keel {

// The nodes of one pipeline file, one row each, with what a canvas and an inspector show: the
// node's type and ports, its params, where it sits, and its state, log and outputs in the last
// run. Links are read through links(). The scene is a view of this model.
class PipelineGraphModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TypeRole,      // the node type's id
        TitleRole,     // the node type's title
        CategoryRole,
        PositionRole,  // QPointF
        InputsRole,    // QVariantList of {name, type, required}
        OutputsRole,
        ParamsRole,    // the params as YAML-like "key: value" lines
        StateRole,     // int, pipeline::NodeState
        StateTextRole,
        MessageRole,
        LogRole,       // QStringList
        MetricsRole,   // QVariantMap of the node's metric outputs
        ProblemsRole,  // QStringList: validation problems of this node
        DescriptionRole,
        ProgressRole,  // double in [0, 1] while running
        LinksRole,     // QVariantList of {kind: "run"|"version", target, label}: where its outputs went
        PreviewRole,   // QVariantList per output port of {port, summary, columns, rows (first rows as texts)} or {port, text}
    };

    explicit PipelineGraphModel(QObject *parent = nullptr);

    // Reads and validates a pipeline file; on a file error keeps nothing and returns the message.
    QString load(const std::filesystem::path &file);
    const pipeline::Graph &graph() const { return m_graph; }
    const std::filesystem::path &file() const { return m_file; }
    const std::vector<pipeline::Problem> &problems() const { return m_problems; }
    bool isValid() const { return !m_file.empty() && !pipeline::hasErrors(m_problems); }
    int rowOf(const QString &node) const;

    // Edits (the undo commands in pipelineedits.h make them; views call those). Each keeps
    // the validation problems current and emits graphChanged().
    void newGraph(const std::string &name);
    void insertNode(int row, const pipeline::Node &node);
    pipeline::Node takeNode(const QString &id); // and returns it, with its row in `row`
    void moveNode(const QString &id, QPointF to);
    void addLink(const pipeline::Link &link);
    void removeLink(const pipeline::Link &link);
    void setParams(const QString &id, const nlohmann::ordered_json &params);
    // Why a link from (fromNode, fromPort) to (toNode, toPort) cannot be made, or empty.
    QString cannotConnect(const pipeline::Link &link) const;
    // The node types with an input that takes `type` (for the quick menu on empty canvas).
    QStringList typesAccepting(const QString &portType) const;
    QString uniqueId(const QString &base) const;
    QString outputType(const QString &node, const QString &port) const;
    bool isDirty() const { return m_dirty; }
    // Writes the file (to `file`, or where it was read from) in Keel's own form.
    QString save(const std::filesystem::path &file = {});

    // A run's progress and outcome, node by node.
    void setStatus(const QString &node, const pipeline::NodeStatus &status);
    void setOutputs(const std::map<std::string, std::map<std::string, pipeline::Value>> &outputs);
    void resetStates();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QColor portColour(const QString &type);
    static QColor stateColour(pipeline::NodeState state);

Q_SIGNALS:
    void graphChanged(); // nodes, links or params changed (also on load)
    void linksChanged();

private:
    void edited();

    std::filesystem::path m_file;
    bool m_dirty = false;
    pipeline::Graph m_graph;
    std::vector<pipeline::Problem> m_problems;
    std::vector<pipeline::NodeStatus> m_status;
    std::vector<QVariantMap> m_metrics;
    std::vector<QVariantList> m_links;
    std::vector<QVariantList> m_previews;
};

} // namespace keel
