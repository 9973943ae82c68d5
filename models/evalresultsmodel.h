#pragma once

#include "eval/evalrun.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace keel {

// An eval run's results as promptfoo's viewer lays them out: one row per case, one column per
// prompt × provider after the case's own column, each cell its status and score in the status's
// colour. Against a baseline run a cell says whether it regressed (passed before, not now) or
// improved. "Failures only" keeps the rows with a cell that did not pass.
class EvalResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Roles {
        ResultRole = Qt::UserRole + 1, // int: the cell's index in results(), -1 where the case has none
        StatusRole,                    // QString: pass, fail, error ("" where none)
        ChangeRole,                    // QString: regressed, improved, new ("" when unchanged or no baseline)
        CaseKeyRole,                   // QString, in every column
    };
    explicit EvalResultsModel(QObject *parent = nullptr);

    void setResults(std::vector<eval::EvalCellResult> results, const std::vector<eval::EvalCellResult> &baseline = {}, bool hasBaseline = false);
    void setFailuresOnly(bool on);
    bool failuresOnly() const { return m_failuresOnly; }

    const std::vector<eval::EvalCellResult> &results() const { return m_results; }
    const eval::EvalCellResult *result(const QModelIndex &index) const;
    // The baseline's cell for the same case, prompt and provider (nullptr without one).
    const eval::EvalCellResult *baselineOf(const eval::EvalCellResult &cell) const;
    // The cases with a cell that failed or erred (what "re-run failing cases" runs again).
    std::set<std::string> failingCaseKeys() const;
    int regressedCount() const { return int(m_regressed.size()); }
    int improvedCount() const { return int(m_improved.size()); }
    bool hasBaseline() const { return m_hasBaseline; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        std::string caseKey;
        std::size_t caseIndex = 0;
        std::string description;
        std::vector<int> cells; // per column after the first: index in m_results, or -1
    };
    void rebuildRows();

    std::vector<eval::EvalCellResult> m_results;
    std::vector<std::pair<std::string, std::string>> m_columns; // (prompt id, provider id)
    std::vector<Row> m_allRows, m_rows;
    std::map<std::string, eval::EvalCellResult> m_baseline;     // by cellKey
    std::set<std::string> m_regressed, m_improved, m_added;      // cellKeys
    bool m_hasBaseline = false;
    bool m_failuresOnly = false;
};

} // namespace keel
