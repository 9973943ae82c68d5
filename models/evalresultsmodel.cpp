#include "models/evalresultsmodel.h"
#include "models/enginetext.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

namespace keel {
namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString shortened(const QString &s, int width)
{
    const QString t = s.simplified();
    return t.size() > width ? t.left(width - 1) + QChar(0x2026) : t;
}

} // namespace

EvalResultsModel::EvalResultsModel(QObject *parent) : QAbstractTableModel(parent) {}

void EvalResultsModel::setResults(std::vector<eval::EvalCellResult> results, const std::vector<eval::EvalCellResult> &baseline, bool hasBaseline)
{
    beginResetModel();
    m_results = std::move(results);
    std::sort(m_results.begin(), m_results.end(), [](const auto &a, const auto &b) { return a.caseIndex < b.caseIndex; });
    m_columns.clear();
    m_allRows.clear();
    m_baseline.clear();
    m_regressed.clear();
    m_improved.clear();
    m_added.clear();
    m_hasBaseline = hasBaseline;
    std::map<std::pair<std::string, std::string>, std::size_t> column;
    std::map<std::string, std::size_t> row;
    for (const auto &r : m_results) {
        const auto key = std::make_pair(r.promptId, r.providerId);
        if (!column.count(key)) {
            column[key] = m_columns.size();
            m_columns.push_back(key);
        }
    }
    for (std::size_t i = 0; i < m_results.size(); ++i) {
        const auto &r = m_results[i];
        auto [it, inserted] = row.try_emplace(r.caseKey, m_allRows.size());
        if (inserted)
            m_allRows.push_back({r.caseKey, r.caseIndex, r.description, std::vector<int>(m_columns.size(), -1)});
        m_allRows[it->second].cells[column.at({r.promptId, r.providerId})] = int(i);
    }
    if (hasBaseline) {
        for (const auto &b : baseline)
            m_baseline.emplace(b.cellKey(), b);
        const eval::EvalComparison c = eval::compareEvalRuns(baseline, m_results);
        for (const auto &pair : c.regressed)
            m_regressed.insert(pair.second.cellKey());
        for (const auto &pair : c.improved)
            m_improved.insert(pair.second.cellKey());
        for (const auto &a : c.added)
            m_added.insert(a.cellKey());
    }
    rebuildRows();
    endResetModel();
}

void EvalResultsModel::rebuildRows()
{
    m_rows.clear();
    for (const Row &r : m_allRows) {
        const bool failing = std::any_of(r.cells.begin(), r.cells.end(), [this](int i) { return i >= 0 && m_results[std::size_t(i)].status != "pass"; });
        const bool changed = std::any_of(r.cells.begin(), r.cells.end(), [this](int i) { return i >= 0 && m_regressed.count(m_results[std::size_t(i)].cellKey()); });
        if (!m_failuresOnly || failing || changed)
            m_rows.push_back(r);
    }
}

void EvalResultsModel::setFailuresOnly(bool on)
{
    if (on == m_failuresOnly)
        return;
    beginResetModel();
    m_failuresOnly = on;
    rebuildRows();
    endResetModel();
}

const eval::EvalCellResult *EvalResultsModel::result(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return nullptr;
    const Row &r = m_rows[std::size_t(index.row())];
    int i = -1;
    if (index.column() > 0)
        i = r.cells[std::size_t(index.column() - 1)];
    else // the case's column stands for its first cell
        for (int c : r.cells)
            if (c >= 0) {
                i = c;
                break;
            }
    return i >= 0 ? &m_results[std::size_t(i)] : nullptr;
}

const eval::EvalCellResult *EvalResultsModel::baselineOf(const eval::EvalCellResult &cell) const
{
    auto it = m_baseline.find(cell.cellKey());
    return it == m_baseline.end() ? nullptr : &it->second;
}

std::set<std::string> EvalResultsModel::failingCaseKeys() const
{
    std::set<std::string> out;
    for (const auto &r : m_results)
        if (r.status != "pass")
            out.insert(r.caseKey);
    return out;
}

int EvalResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvalResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size()) + 1;
}

QVariant EvalResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()) || index.column() > int(m_columns.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    if (role == CaseKeyRole)
        return q(row.caseKey);
    if (index.column() == 0) {
        const eval::EvalCellResult *first = result(index);
        switch (role) {
        case Qt::DisplayRole: {
            QString text = tr("#%1").arg(row.caseIndex + 1);
            if (!row.description.empty())
                text += QLatin1Char(' ') + shortened(q(row.description), 48);
            else if (first && first->vars.is_object() && !first->vars.empty())
                text += QLatin1Char(' ') + shortened(q(first->vars.dump()), 48);
            return text;
        }
        case Qt::ToolTipRole:
            return first ? q(first->vars.dump(2)) : QVariant();
        case ResultRole:
            return first ? int(first - m_results.data()) : -1;
        default:
            return {};
        }
    }
    const int i = row.cells[std::size_t(index.column() - 1)];
    if (i < 0)
        return role == Qt::DisplayRole ? tr("—") : (role == ResultRole ? QVariant(-1) : QVariant());
    const eval::EvalCellResult &r = m_results[std::size_t(i)];
    const std::string key = r.cellKey();
    const QString change = m_regressed.count(key) ? QStringLiteral("regressed")
                           : m_improved.count(key) ? QStringLiteral("improved")
                           : m_added.count(key)    ? QStringLiteral("new")
                                                   : QString();
    switch (role) {
    case Qt::DisplayRole: {
        QString text = r.status == "pass" ? tr("PASS") : r.status == "fail" ? tr("FAIL") : tr("ERROR");
        if (r.status != "error")
            text += QStringLiteral("  %1").arg(r.score, 0, 'f', 2);
        if (change == QLatin1String("regressed"))
            text += QStringLiteral("  ▼ ") + tr("regressed");
        else if (change == QLatin1String("improved"))
            text += QStringLiteral("  ▲ ") + tr("improved");
        if (!r.output.empty())
            text += QStringLiteral("\n") + shortened(q(r.output), 60);
        return text;
    }
    case Qt::ToolTipRole: {
        QString tip = EngineText::evalReason(r.reason);
        if (const auto *b = baselineOf(r))
            tip += QStringLiteral("\n") + tr("Baseline: %1 (%2)").arg(q(b->status)).arg(b->score, 0, 'f', 2);
        return tip;
    }
    case Qt::BackgroundRole:
        return QBrush(r.status == "pass" ? QColor(0xd9, 0xf2, 0xdc) : r.status == "fail" ? QColor(0xf8, 0xd7, 0xd7) : QColor(0xfb, 0xe8, 0xc0));
    case Qt::ForegroundRole:
        return QBrush(r.status == "pass" ? QColor(0x1e, 0x5e, 0x2b) : r.status == "fail" ? QColor(0x8a, 0x1c, 0x1c) : QColor(0x7a, 0x4a, 0x00));
    case Qt::FontRole:
        if (!change.isEmpty() && change != QLatin1String("new")) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case ResultRole:
        return i;
    case StatusRole:
        return q(r.status);
    case ChangeRole:
        return change;
    default:
        return {};
    }
}

QVariant EvalResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return tr("Case");
    if (section > int(m_columns.size()))
        return {};
    const auto &[prompt, provider] = m_columns[std::size_t(section - 1)];
    // One prompt: the provider names the column; several: both, the prompt shortened.
    bool onePrompt = std::all_of(m_columns.begin(), m_columns.end(), [&](const auto &c) { return c.first == prompt; });
    QString text = q(provider);
    int passed = 0, total = 0;
    for (const Row &r : m_allRows) {
        const int i = r.cells[std::size_t(section - 1)];
        if (i < 0)
            continue;
        ++total;
        passed += m_results[std::size_t(i)].status == "pass";
    }
    if (!onePrompt)
        text += QStringLiteral("\n") + shortened(q(prompt), 40);
    return text + QStringLiteral("\n") + tr("%1 of %2 passed").arg(passed).arg(total);
}

} // namespace keel
