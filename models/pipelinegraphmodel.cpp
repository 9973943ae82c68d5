#include "models/pipelinegraphmodel.h"

#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"

#include <QColor>

namespace keel {

using namespace keel::pipeline;

PipelineGraphModel::PipelineGraphModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

QString PipelineGraphModel::load(const std::filesystem::path &file)
{
    Graph graph;
    try {
        graph = loadPipeline(file);
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    beginResetModel();
    m_file = file;
    m_graph = std::move(graph);
    m_problems = validate(m_graph, NodeRegistry::builtin());
    m_status.assign(m_graph.nodes.size(), NodeStatus{});
    m_metrics.assign(m_graph.nodes.size(), {});
    endResetModel();
    return {};
}

int PipelineGraphModel::rowOf(const QString &node) const
{
    const std::string id = node.toStdString();
    for (std::size_t i = 0; i < m_graph.nodes.size(); ++i)
        if (m_graph.nodes[i].id == id)
            return int(i);
    return -1;
}

void PipelineGraphModel::setStatus(const QString &node, const NodeStatus &status)
{
    const int row = rowOf(node);
    if (row < 0)
        return;
    m_status[std::size_t(row)] = status;
    Q_EMIT dataChanged(index(row), index(row), {StateRole, StateTextRole, MessageRole, LogRole});
}

void PipelineGraphModel::setOutputs(const std::map<std::string, std::map<std::string, Value>> &outputs)
{
    for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
        QVariantMap metrics;
        if (auto it = outputs.find(m_graph.nodes[i].id); it != outputs.end())
            for (const auto &[port, v] : it->second)
                for (const auto &[k, value] : v.metrics)
                    metrics.insert(QString::fromStdString(k), value);
        m_metrics[i] = metrics;
    }
    if (!m_graph.nodes.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {MetricsRole});
}

void PipelineGraphModel::resetStates()
{
    m_status.assign(m_graph.nodes.size(), NodeStatus{});
    m_metrics.assign(m_graph.nodes.size(), {});
    if (!m_graph.nodes.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
}

int PipelineGraphModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_graph.nodes.size());
}

QVariant PipelineGraphModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto row = std::size_t(index.row());
    const Node &n = m_graph.nodes[row];
    const NodeType *type = NodeRegistry::builtin().find(n.type);
    const NodeStatus &s = m_status[row];
    auto ports = [](const std::vector<PortSpec> &specs) {
        QVariantList list;
        for (const PortSpec &p : specs)
            list.append(QVariantMap{{QStringLiteral("name"), QString::fromStdString(p.name)},
                                    {QStringLiteral("type"), QLatin1String(toString(p.type))},
                                    {QStringLiteral("required"), p.required}});
        return list;
    };
    switch (role) {
    case Qt::DisplayRole:
    case IdRole: return QString::fromStdString(n.id);
    case TypeRole: return QString::fromStdString(n.type);
    case TitleRole: return type ? QString::fromStdString(type->title) : tr("Unknown type %1").arg(QString::fromStdString(n.type));
    case CategoryRole: return type ? QString::fromStdString(type->category) : QString();
    case DescriptionRole: return type ? QString::fromStdString(type->description) : QString();
    case PositionRole: return QPointF(n.x, n.y);
    case InputsRole: return type ? ports(type->inputs) : QVariantList{};
    case OutputsRole: return type ? ports(type->outputs) : QVariantList{};
    case ParamsRole: {
        QStringList lines;
        for (const auto &[k, v] : n.params.items())
            lines << QStringLiteral("%1: %2").arg(QString::fromStdString(k), QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump()));
        return lines.join(QLatin1Char('\n'));
    }
    case StateRole: return int(s.state);
    case StateTextRole: return QLatin1String(toString(s.state));
    case MessageRole: return QString::fromStdString(s.message);
    case LogRole: {
        QStringList lines;
        for (const std::string &l : s.log)
            lines << QString::fromStdString(l);
        return lines;
    }
    case MetricsRole: return m_metrics[row];
    case ProblemsRole: {
        QStringList list;
        for (const Problem &p : m_problems)
            if (p.node == n.id)
                list << QString::fromStdString(p.text());
        return list;
    }
    default: return {};
    }
}

QHash<int, QByteArray> PipelineGraphModel::roleNames() const
{
    return {{IdRole, "id"},           {TypeRole, "type"},         {TitleRole, "title"},     {CategoryRole, "category"},
            {PositionRole, "position"}, {InputsRole, "inputs"},   {OutputsRole, "outputs"}, {ParamsRole, "params"},
            {StateRole, "state"},     {StateTextRole, "stateText"}, {MessageRole, "message"}, {LogRole, "log"},
            {MetricsRole, "metrics"}, {ProblemsRole, "problems"}, {DescriptionRole, "description"}};
}

QColor PipelineGraphModel::portColour(const QString &type)
{
    // One colour per port type, the same on every node and link.
    if (type == QLatin1String("Dataset")) return QColor(0x1f77b4);
    if (type == QLatin1String("Model")) return QColor(0x9467bd);
    if (type == QLatin1String("Metrics")) return QColor(0x2ca02c);
    if (type == QLatin1String("DriftReport")) return QColor(0xff7f0e);
    if (type == QLatin1String("Index")) return QColor(0x17becf);
    if (type == QLatin1String("EvalReport")) return QColor(0xe377c2);
    if (type == QLatin1String("Text")) return QColor(0x8c564b);
    return QColor(0x7f7f7f);
}

QColor PipelineGraphModel::stateColour(NodeState state)
{
    // KNIME's traffic light: grey not run yet, amber queued or running, green done, red failed.
    switch (state) {
    case NodeState::Succeeded: return QColor(0x2e, 0x9e, 0x44);
    case NodeState::Cached: return QColor(0x7c, 0xc4, 0x8a);
    case NodeState::Failed: return QColor(0xd6, 0x27, 0x28);
    case NodeState::Running:
    case NodeState::Queued: return QColor(0xf0, 0xa2, 0x02);
    case NodeState::Skipped:
    case NodeState::Cancelled: return QColor(0xb0, 0xb0, 0xb0);
    default: return QColor(0xdd, 0xdd, 0xdd);
    }
}

} // namespace keel
