#pragma once

#include "data/table.h"

#include <QString>

#include <exception>

#include <string>

namespace keel::pipeline {
struct Problem;
}

namespace keel {

// The one catalogue of the engine's user-facing texts: the engine (no Qt) writes English, and
// the window shows these through here, translated. A text the catalogue does not know is shown
// as the engine wrote it.
class EngineText {
public:
    // "numerical", "categorical", "boolean", "datetime", "text" in the reader's language.
    static QString columnKind(data::ColumnType type);
    static QString columnKind(const std::string &engineName);
    // A drift or skew check's reason for leaving a column out ("price: excluded").
    static QString skipReason(const std::string &text);
    // An assertion's or a cell's reason as the eval engine words it.
    static QString evalReason(const std::string &text);
    // A job's name and its progress or result line, as the Jobs dock shows them (the job history
    // keeps the engine's English, so earlier sessions' jobs read in today's language too).
    static QString jobName(const std::string &text);
    static QString jobDetail(const std::string &text);
    // A tracking or eval run's status as MLflow names it (FINISHED, RUNNING, FAILED, KILLED,
    // SCHEDULED), in the reader's language; search keeps MLflow's word.
    static QString runStatus(const std::string &status);
    // A model version's stage as MLflow names it (None, Staging, Production, Archived).
    static QString stage(const std::string &stage);
    // An engine error as the window shows it: the data readers' messages (CSV, TSV, JSON Lines:
    // the file, line and column kept) and the workspace's translated, others as the engine wrote
    // them.
    static QString error(const std::string &message);
    static QString error(const std::exception &error) { return EngineText::error(std::string(error.what())); }
    // Why a pipeline run happened: "manual", or a trigger and what it found.
    static QString runReason(const std::string &text);
    // A pipeline file's problem as the window lists it: "file:12:5: node "train": param "C":
    // must be a number, not "x"" with the frame and the validator's wording translated.
    static QString pipelineProblem(const pipeline::Problem &problem, const std::string &file = {});
    // A node type's title, category, description or port or param help, as the pipeline
    // engine marks them (KEEL_UI_TEXT in pipeline/nodetype.h).
    static QString pipelineText(const std::string &text);
};

} // namespace keel
