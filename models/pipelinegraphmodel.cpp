#include "models/pipelinegraphmodel.h"

#include "models/enginetext.h"

#include "data/table.h"
#include "pipeline/bundle.h"
#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"

#include <QColor>

#include <algorithm>
#include <cmath>

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
        return EngineText::error(e);
    }
    beginResetModel();
    m_file = file;
    m_graph = std::move(graph);
    m_problems = validate(m_graph, NodeRegistry::builtin());
    m_status.assign(m_graph.nodes.size(), NodeStatus{});
    m_metrics.assign(m_graph.nodes.size(), {});
    m_links.clear();
    m_previews.clear();
    m_dirty = false;
    endResetModel();
    Q_EMIT graphChanged();
    return {};
}

void PipelineGraphModel::newGraph(const std::string &name)
{
    beginResetModel();
    m_file.clear();
    m_graph = Graph{};
    m_graph.name = name;
    m_problems.clear();
    m_status.clear();
    m_metrics.clear();
    m_links.clear();
    m_previews.clear();
    m_dirty = false;
    endResetModel();
    Q_EMIT graphChanged();
}

void PipelineGraphModel::edited()
{
    m_problems = validate(m_graph, NodeRegistry::builtin());
    m_dirty = true;
    Q_EMIT graphChanged();
}

void PipelineGraphModel::insertNode(int row, const Node &node)
{
    row = std::clamp(row, 0, rowCount());
    beginInsertRows({}, row, row);
    m_graph.nodes.insert(m_graph.nodes.begin() + row, node);
    m_status.insert(m_status.begin() + row, NodeStatus{});
    m_metrics.insert(m_metrics.begin() + row, QVariantMap{});
    if (std::size_t(row) <= m_links.size())
        m_links.insert(m_links.begin() + row, QVariantList{});
    if (std::size_t(row) <= m_previews.size())
        m_previews.insert(m_previews.begin() + row, QVariantList{});
    endInsertRows();
    edited();
}

Node PipelineGraphModel::takeNode(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return {};
    beginRemoveRows({}, row, row);
    Node node = m_graph.nodes[std::size_t(row)];
    m_graph.nodes.erase(m_graph.nodes.begin() + row);
    m_status.erase(m_status.begin() + row);
    m_metrics.erase(m_metrics.begin() + row);
    if (std::size_t(row) < m_links.size())
        m_links.erase(m_links.begin() + row);
    if (std::size_t(row) < m_previews.size())
        m_previews.erase(m_previews.begin() + row);
    endRemoveRows();
    edited();
    return node;
}

void PipelineGraphModel::moveNode(const QString &id, QPointF to)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Node &n = m_graph.nodes[std::size_t(row)];
    n.x = std::round(to.x());
    n.y = std::round(to.y());
    Q_EMIT dataChanged(index(row), index(row), {PositionRole});
    m_dirty = true;
    Q_EMIT graphChanged();
}

void PipelineGraphModel::addLink(const Link &link)
{
    m_graph.links.push_back(link);
    Q_EMIT linksChanged();
    edited();
}

void PipelineGraphModel::removeLink(const Link &link)
{
    std::erase_if(m_graph.links, [&](const Link &l) {
        return l.fromNode == link.fromNode && l.fromPort == link.fromPort && l.toNode == link.toNode && l.toPort == link.toPort;
    });
    Q_EMIT linksChanged();
    edited();
}

void PipelineGraphModel::setParams(const QString &id, const nlohmann::ordered_json &params)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_graph.nodes[std::size_t(row)].params = params;
    m_graph.nodes[std::size_t(row)].paramPos.clear();
    Q_EMIT dataChanged(index(row), index(row), {ParamsRole, ProblemsRole});
    edited();
}

QString PipelineGraphModel::outputType(const QString &node, const QString &port) const
{
    const Node *n = m_graph.node(node.toStdString());
    const NodeType *t = n ? NodeRegistry::builtin().find(n->type) : nullptr;
    const PortSpec *p = t ? t->output(port.toStdString()) : nullptr;
    return p ? QLatin1String(toString(p->type)) : QString();
}

QString PipelineGraphModel::cannotConnect(const Link &link) const
{
    const Node *from = m_graph.node(link.fromNode), *to = m_graph.node(link.toNode);
    if (!from || !to)
        return tr("Both ends must be nodes.");
    if (link.fromNode == link.toNode)
        return tr("A node cannot feed itself.");
    const NodeType *ft = NodeRegistry::builtin().find(from->type), *tt = NodeRegistry::builtin().find(to->type);
    const PortSpec *out = ft ? ft->output(link.fromPort) : nullptr, *in = tt ? tt->input(link.toPort) : nullptr;
    if (!out || !in)
        return tr("No such port.");
    if (!compatible(out->type, in->type))
        return tr("%1.%2 gives %3, but %4.%5 takes %6.")
            .arg(QString::fromStdString(link.fromNode), QString::fromStdString(link.fromPort), QLatin1String(toString(out->type)),
                 QString::fromStdString(link.toNode), QString::fromStdString(link.toPort), QLatin1String(toString(in->type)));
    for (const Link &l : m_graph.links)
        if (l.toNode == link.toNode && l.toPort == link.toPort)
            return tr("%1.%2 already has a link into it; delete that one first.").arg(QString::fromStdString(link.toNode), QString::fromStdString(link.toPort));
    Graph trial = m_graph;
    trial.links.push_back(link);
    if (!trial.topologicalOrder())
        return tr("That link would close a cycle.");
    return {};
}

QStringList PipelineGraphModel::typesAccepting(const QString &portType) const
{
    QStringList out;
    const auto type = portTypeFromString(portType.toStdString()).value_or(PortType::Any);
    for (const NodeType &t : NodeRegistry::builtin().types())
        for (const PortSpec &in : t.inputs)
            if (compatible(type, in.type)) {
                out << QString::fromStdString(t.id);
                break;
            }
    return out;
}

QString PipelineGraphModel::uniqueId(const QString &base) const
{
    QString id = base;
    id.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (rowOf(id) < 0)
        return id;
    for (int n = 2;; ++n)
        if (rowOf(QStringLiteral("%1_%2").arg(id).arg(n)) < 0)
            return QStringLiteral("%1_%2").arg(id).arg(n);
}

QString PipelineGraphModel::save(const std::filesystem::path &file)
{
    const std::filesystem::path target = file.empty() ? m_file : file;
    if (target.empty())
        return tr("Choose where to save the pipeline.");
    try {
        savePipeline(m_graph, target);
    } catch (const std::exception &e) {
        return EngineText::error(e);
    }
    m_file = target;
    m_dirty = false;
    Q_EMIT graphChanged();
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
    Q_EMIT dataChanged(index(row), index(row), {StateRole, StateTextRole, MessageRole, LogRole, ProgressRole});
}

namespace {

// What the inspector shows of an output: a dataset's first rows (its first columns), a text.
QVariant previewOf(const std::string &port, const Value &v)
{
    constexpr std::uint32_t kRows = 8;
    constexpr std::size_t kColumns = 6;
    const QString name = QString::fromStdString(port);
    if (v.table) {
        const data::Table &t = *v.table;
        QStringList columns;
        std::vector<QStringList> cells(std::min<std::size_t>(kRows, t.rows));
        for (std::size_t c = 0; c < t.columns.size() && c < kColumns; ++c) {
            const data::Column &col = t.columns[c];
            columns << QString::fromStdString(col.name);
            for (QStringList &row : cells)
                row << QString();
            for (std::size_t i = 0; i < col.present() && col.row(i) < cells.size(); ++i)
                cells[col.row(i)].last() = col.type == data::ColumnType::Numerical ? QString::number(col.numbers[i], 'g', 6)
                                                                                    : QString::fromStdString(col.text(i)).left(40);
        }
        QVariantList rows;
        for (const QStringList &row : cells)
            rows.append(row);
        return QVariantMap{{QStringLiteral("port"), name},
                           {QStringLiteral("summary"), PipelineGraphModel::tr("%1 rows × %2 columns").arg(t.rows).arg(t.columns.size())},
                           {QStringLiteral("columns"), columns},
                           {QStringLiteral("more_columns"), int(t.columns.size() > kColumns ? t.columns.size() - kColumns : 0)},
                           {QStringLiteral("rows"), rows}};
    }
    if (v.type == PortType::Text && !v.text.empty())
        return QVariantMap{{QStringLiteral("port"), name}, {QStringLiteral("text"), QString::fromStdString(v.text).left(4000)}};
    return {};
}

} // namespace

void PipelineGraphModel::setOutputs(const std::map<std::string, std::map<std::string, Value>> &outputs)
{
    m_links.assign(m_graph.nodes.size(), {});
    m_previews.assign(m_graph.nodes.size(), {});
    for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
        QVariantMap metrics;
        if (auto it = outputs.find(m_graph.nodes[i].id); it != outputs.end())
        {
            // Previews in the order the node type lists its outputs.
            if (const NodeType *type = NodeRegistry::builtin().find(m_graph.nodes[i].type))
                for (const PortSpec &spec : type->outputs)
                    if (const auto v = it->second.find(spec.name); v != it->second.end())
                        if (const QVariant preview = previewOf(spec.name, v->second); preview.isValid())
                            m_previews[i].append(preview);
            for (const auto &[port, v] : it->second) {
                for (const auto &[k, value] : v.metrics)
                    metrics.insert(QString::fromStdString(k), value);
                // A trained model's run in Experiments; a registered version in the Registry.
                if (v.bundle && m_graph.nodes[i].type == "train")
                    if (const auto run = v.bundle->lineage.find("train_run"); run != v.bundle->lineage.end())
                        m_links[i].append(QVariantMap{{QStringLiteral("kind"), QStringLiteral("run")},
                                                      {QStringLiteral("target"), QString::fromStdString(run->second)},
                                                      {QStringLiteral("label"), tr("Its training run in Experiments")}});
                if (v.type == PortType::Text && v.text.rfind("models:/", 0) == 0 && m_graph.nodes[i].type == "register-model")
                    m_links[i].append(QVariantMap{{QStringLiteral("kind"), QStringLiteral("version")},
                                                  {QStringLiteral("target"), QString::fromStdString(v.text.substr(8))},
                                                  {QStringLiteral("label"), tr("%1 in the Registry").arg(QString::fromStdString(v.text.substr(8)))}});
            }
        }
        m_metrics[i] = metrics;
    }
    if (!m_graph.nodes.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {MetricsRole, LinksRole, PreviewRole});
}

void PipelineGraphModel::resetStates()
{
    m_status.assign(m_graph.nodes.size(), NodeStatus{});
    m_metrics.assign(m_graph.nodes.size(), {});
    m_links.clear();
    m_previews.clear();
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
    case TitleRole: return type ? EngineText::pipelineText(type->title) : tr("Unknown type %1").arg(QString::fromStdString(n.type));
    case CategoryRole: return type ? EngineText::pipelineText(type->category) : QString();
    case DescriptionRole: return type ? EngineText::pipelineText(type->description) : QString();
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
    case ProgressRole: return s.progress;
    case MessageRole: return QString::fromStdString(s.message);
    case LogRole: {
        QStringList lines;
        for (const std::string &l : s.log)
            lines << QString::fromStdString(l);
        return lines;
    }
    case MetricsRole: return m_metrics[row];
    case LinksRole: return row < m_links.size() ? m_links[row] : QVariantList{};
    case PreviewRole: return row < m_previews.size() ? m_previews[row] : QVariantList{};
    case ProblemsRole: {
        QStringList list;
        for (const Problem &p : m_problems)
            if (p.node == n.id)
                list << EngineText::pipelineProblem(p);
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
            {MetricsRole, "metrics"}, {ProblemsRole, "problems"}, {DescriptionRole, "description"}, {ProgressRole, "progress"}, {LinksRole, "links"}};
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
