#include "store/migrations.h"

#include "core/error.h"
#include "store/database.h"

#include <array>
#include <string>

namespace keel::store {
namespace {

constexpr std::array kMigrations{
    Migration{1, "workspace info and job history", R"sql(
CREATE TABLE workspace_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL DEFAULT '',
    device_need     TEXT    NOT NULL CHECK (device_need IN ('cpu', 'gpu', 'any')),
    device          TEXT,
    priority        INTEGER NOT NULL DEFAULT 0,
    memory_estimate INTEGER NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress        REAL    NOT NULL DEFAULT 0,
    message         TEXT    NOT NULL DEFAULT '',
    error           TEXT,
    submitted_at    INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    owner_pid       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX jobs_by_submitted ON jobs (submitted_at);
CREATE INDEX jobs_by_state ON jobs (state);
)sql"},
    Migration{2, "experiment tracking: experiments, runs, params, tags, metrics, datasets", R"sql(
-- source: 'keel' for runs logged here, 'mlflow:<store>' for imported ones; source_id is the id
-- the source gave (MLflow's experiment id), so importing the same store twice updates in place.
CREATE TABLE experiments (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL,
    artifact_location TEXT    NOT NULL DEFAULT '',
    lifecycle_stage   TEXT    NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    source            TEXT    NOT NULL DEFAULT 'keel',
    source_id         TEXT,
    UNIQUE (source, name),
    UNIQUE (source, source_id)
) STRICT;

CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, key)
) STRICT, WITHOUT ROWID;

-- uuid is MLflow's run_id (32 hex digits), kept on import.
CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT    NOT NULL UNIQUE,
    experiment_id   INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
    start_time      INTEGER,
    end_time        INTEGER,
    user_id         TEXT    NOT NULL DEFAULT '',
    source_type     TEXT    NOT NULL DEFAULT '',
    source_name     TEXT    NOT NULL DEFAULT '',
    source_version  TEXT    NOT NULL DEFAULT '',
    lifecycle_stage TEXT    NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    artifact_uri    TEXT    NOT NULL DEFAULT '',
    parent_uuid     TEXT
) STRICT;
CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);

CREATE TABLE params (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key    TEXT    NOT NULL,
    value  TEXT    NOT NULL,
    PRIMARY KEY (run_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE tags (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key    TEXT    NOT NULL,
    value  TEXT    NOT NULL,
    PRIMARY KEY (run_id, key)
) STRICT, WITHOUT ROWID;

-- One row per (run, metric key), with the latest value as MLflow defines it: the point with
-- the largest step, then the largest timestamp, then the largest value.
CREATE TABLE metric_series (
    id               INTEGER PRIMARY KEY,
    run_id           INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key              TEXT    NOT NULL,
    latest_value     REAL,
    latest_is_nan    INTEGER NOT NULL DEFAULT 0,
    latest_step      INTEGER,
    latest_timestamp INTEGER,
    points           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (run_id, key)
) STRICT;

-- SQLite stores a NaN REAL as NULL, so NaN is kept as is_nan = 1 with value 0 (as MLflow's
-- own schema does); infinities are stored as themselves. The key is MLflow's: the same
-- point logged twice is one point.
CREATE TABLE metric_points (
    series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
    step      INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value     REAL    NOT NULL,
    is_nan    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (series_id, step, timestamp, value, is_nan)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_datasets (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    source_type TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT '',
    context     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, name, digest, context)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{3, "run artifacts, content-addressed", R"sql(
-- A run's files, by their path inside the run's artifact folder; the bytes live in the
-- workspace's artifacts/ folder under sha256.
CREATE TABLE run_artifacts (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    path   TEXT    NOT NULL,
    sha256 TEXT    NOT NULL CHECK (length(sha256) = 64),
    size   INTEGER NOT NULL,
    PRIMARY KEY (run_id, path)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{4, "model registry: models, immutable versions, aliases, stages, audit history", R"sql(
-- name_key is the name folded to lower case: two models whose names differ only in case are
-- one name too many.
CREATE TABLE registered_models (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE registered_model_tags (
    model_id INTEGER NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (model_id, key)
) STRICT, WITHOUT ROWID;

-- What a version was made from never changes (artifact, run, datasets, signature, metrics);
-- its description, stage and tags may.
CREATE TABLE model_versions (
    id              INTEGER PRIMARY KEY,
    model_id        INTEGER NOT NULL REFERENCES registered_models (id),
    version         INTEGER NOT NULL CHECK (version >= 1),
    artifact_sha256 TEXT    NOT NULL,
    source          TEXT    NOT NULL DEFAULT '',
    run_uuid        TEXT,
    datasets        TEXT    NOT NULL DEFAULT '[]',
    signature       TEXT    NOT NULL DEFAULT '{}',
    metrics         TEXT    NOT NULL DEFAULT '{}',
    description     TEXT    NOT NULL DEFAULT '',
    stage           TEXT    NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL DEFAULT '',
    UNIQUE (model_id, version)
) STRICT;

CREATE TRIGGER model_versions_are_immutable
BEFORE UPDATE OF model_id, version, artifact_sha256, source, run_uuid, datasets, signature, metrics, created_at ON model_versions
BEGIN
    SELECT RAISE(ABORT, 'a model version is immutable: its artifact, run, datasets, signature and metrics cannot change');
END;

CREATE TRIGGER model_versions_are_kept
BEFORE DELETE ON model_versions
BEGIN
    SELECT RAISE(ABORT, 'a model version is never deleted: archive it instead');
END;

CREATE TABLE model_version_tags (
    version_id INTEGER NOT NULL REFERENCES model_versions (id),
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (version_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE model_aliases (
    model_id   INTEGER NOT NULL REFERENCES registered_models (id),
    alias      TEXT    NOT NULL,
    version_id INTEGER NOT NULL REFERENCES model_versions (id),
    PRIMARY KEY (model_id, alias)
) STRICT, WITHOUT ROWID;

-- Every alias move, stage transition, archive, rollback and edit: who, when, from, to, why.
CREATE TABLE registry_audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    model_id   INTEGER NOT NULL REFERENCES registered_models (id),
    version    INTEGER,
    action     TEXT    NOT NULL CHECK (action IN ('create', 'register', 'alias', 'unalias', 'stage', 'rollback', 'describe', 'tag')),
    subject    TEXT    NOT NULL DEFAULT '',
    from_value TEXT,
    to_value   TEXT,
    reason     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX registry_audit_by_model ON registry_audit (model_id, id);
)sql"},
    Migration{5, "drift reports: every check kept, with the files' digests and the model version it watched", R"sql(
CREATE TABLE drift_reports (
    id                INTEGER PRIMARY KEY,
    created_at        INTEGER NOT NULL,
    actor             TEXT    NOT NULL,
    reference         TEXT    NOT NULL,
    reference_sha256  TEXT    NOT NULL,
    current           TEXT    NOT NULL,
    current_sha256    TEXT    NOT NULL,
    model_version_id  INTEGER REFERENCES model_versions (id),
    columns           INTEGER NOT NULL,
    drifted_columns   INTEGER NOT NULL,
    dataset_drift     INTEGER NOT NULL CHECK (dataset_drift IN (0, 1)),
    quality_alerts    INTEGER NOT NULL DEFAULT 0,
    report            TEXT    NOT NULL
) STRICT;
CREATE INDEX drift_reports_by_version ON drift_reports (model_version_id, id);
)sql"},
    Migration{6, "reference profiles: a reference table read once, kept as a content-addressed artifact with its summary", R"sql(
CREATE TABLE reference_profiles (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    source          TEXT    NOT NULL,
    source_sha256   TEXT    NOT NULL,
    source_size     INTEGER NOT NULL,
    overrides       TEXT    NOT NULL DEFAULT '{}',
    table_sha256    TEXT    NOT NULL,
    rows            INTEGER NOT NULL,
    columns         INTEGER NOT NULL,
    summary         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    actor           TEXT    NOT NULL
) STRICT;
CREATE INDEX reference_profiles_by_source ON reference_profiles (source_sha256);
)sql"},
    Migration{7, "pipelines: runs, each node's run, and the content-addressed cache of node outputs", R"sql(
CREATE TABLE pipeline_runs (
    id            INTEGER PRIMARY KEY,
    pipeline      TEXT    NOT NULL,
    file          TEXT    NOT NULL,
    file_sha256   TEXT    NOT NULL,
    tracking_run  TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
    trigger       TEXT    NOT NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    graph         TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER
) STRICT;
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, id);
CREATE TABLE pipeline_node_runs (
    run_id        INTEGER NOT NULL REFERENCES pipeline_runs (id),
    node          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    cache_key     TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    log           TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER NOT NULL,
    PRIMARY KEY (run_id, node)
) STRICT;
CREATE TABLE pipeline_cache (
    key           TEXT    PRIMARY KEY,
    node_type     TEXT    NOT NULL,
    outputs       TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;
)sql"},
    Migration{8, "serving: the inference log of registry models (one row per predicted row), bounded per model", R"sql(
CREATE TABLE inference_log (
    id            INTEGER PRIMARY KEY,
    model         TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    alias         TEXT    NOT NULL DEFAULT '',
    request_id    TEXT    NOT NULL,
    inputs        TEXT    NOT NULL,
    prediction    TEXT    NOT NULL,
    latency_ms    REAL    NOT NULL,
    received_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX inference_log_by_model ON inference_log (model, id);
)sql"},
    Migration{9, "registry integrity the database holds: no REPLACE of versions, models with versions kept, an append-only hash-chained history", R"sql(
-- REPLACE deletes the row it collides with without running delete triggers (unless
-- recursive_triggers is on), so inserts are guarded as well as updates and deletes.
CREATE TRIGGER model_versions_are_not_replaced
BEFORE INSERT ON model_versions
WHEN EXISTS (SELECT 1 FROM model_versions WHERE id = NEW.id OR (model_id = NEW.model_id AND version = NEW.version))
BEGIN
    SELECT RAISE(ABORT, 'a model version is immutable: it cannot be replaced');
END;

-- Foreign keys are off in the sqlite3 shell by default: the database keeps models with versions.
CREATE TRIGGER registered_models_with_versions_are_kept
BEFORE DELETE ON registered_models
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a registered model with versions is never deleted');
END;

CREATE TRIGGER registered_models_are_not_replaced
BEFORE INSERT ON registered_models
WHEN EXISTS (SELECT 1 FROM registered_models WHERE id = NEW.id OR name_key = NEW.name_key)
BEGIN
    SELECT RAISE(ABORT, 'a registered model cannot be replaced');
END;

-- Each entry's hash covers its content and the previous entry's hash (computed by Keel, checked
-- by keel workspace check). The only change allowed is sealing an entry from before the chain.
-- Rebuilt, as SQLite cannot widen a CHECK: 'delete' records a version deleted in an imported
-- MLflow store.
CREATE TABLE registry_audit_chained (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    model_id   INTEGER NOT NULL REFERENCES registered_models (id),
    version    INTEGER,
    action     TEXT    NOT NULL CHECK (action IN ('create', 'register', 'alias', 'unalias', 'stage', 'rollback', 'describe', 'tag', 'delete')),
    subject    TEXT    NOT NULL DEFAULT '',
    from_value TEXT,
    to_value   TEXT,
    reason     TEXT    NOT NULL DEFAULT '',
    entry_hash TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO registry_audit_chained (id, at, actor, model_id, version, action, subject, from_value, to_value, reason)
    SELECT id, at, actor, model_id, version, action, subject, from_value, to_value, reason FROM registry_audit;
DROP TABLE registry_audit;
ALTER TABLE registry_audit_chained RENAME TO registry_audit;
CREATE INDEX registry_audit_by_model ON registry_audit (model_id, id);

-- A version deleted in the MLflow store it was imported from: kept (versions are never
-- deleted), hidden from what the registry lists, as MLflow's client hides it.
ALTER TABLE model_versions ADD COLUMN deleted_at INTEGER;

CREATE TRIGGER registry_audit_is_append_only
BEFORE UPDATE ON registry_audit
WHEN OLD.entry_hash <> '' OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
     OR NEW.model_id IS NOT OLD.model_id OR NEW.version IS NOT OLD.version OR NEW.action IS NOT OLD.action
     OR NEW.subject IS NOT OLD.subject OR NEW.from_value IS NOT OLD.from_value OR NEW.to_value IS NOT OLD.to_value
     OR NEW.reason IS NOT OLD.reason
BEGIN
    SELECT RAISE(ABORT, 'the registry history is append-only');
END;

CREATE TRIGGER registry_audit_is_kept
BEFORE DELETE ON registry_audit
BEGIN
    SELECT RAISE(ABORT, 'the registry history is append-only');
END;

CREATE TRIGGER registry_audit_is_not_replaced
BEFORE INSERT ON registry_audit
WHEN EXISTS (SELECT 1 FROM registry_audit WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the registry history is append-only');
END;
)sql"},
    Migration{10, "MLflow 3 logged models: their params, tags, metrics and artifacts", R"sql(
CREATE TABLE logged_models (
    id                INTEGER PRIMARY KEY,
    model_id          TEXT NOT NULL UNIQUE,
    experiment_id     INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    artifact_location TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    status            TEXT NOT NULL,
    status_message    TEXT NOT NULL DEFAULT '',
    lifecycle_stage   TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    model_type        TEXT NOT NULL DEFAULT '',
    source_run_uuid   TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX logged_models_by_experiment ON logged_models(experiment_id);
CREATE TABLE logged_model_params (
    logged_model_id INTEGER NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (logged_model_id, key)
);
CREATE TABLE logged_model_tags (
    logged_model_id INTEGER NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (logged_model_id, key)
);
CREATE TABLE logged_model_metrics (
    logged_model_id INTEGER NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    value           REAL,
    step            INTEGER NOT NULL,
    timestamp       INTEGER NOT NULL,
    run_uuid        TEXT NOT NULL DEFAULT '',
    dataset_name    TEXT NOT NULL DEFAULT '',
    dataset_digest  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX logged_model_metrics_by_model ON logged_model_metrics(logged_model_id, key);
CREATE TABLE logged_model_artifacts (
    logged_model_id INTEGER NOT NULL REFERENCES logged_models(id) ON DELETE CASCADE,
    path            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    PRIMARY KEY (logged_model_id, path)
);
)sql"},
    Migration{11, "Eval runs: every case's output, assertion results and the traces of every model call", R"sql(
CREATE TABLE eval_runs (
    id            INTEGER PRIMARY KEY,
    run_uuid      TEXT NOT NULL UNIQUE,          -- the tracking run that holds its metrics
    suite_path    TEXT NOT NULL,
    suite_sha256  TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,                 -- RUNNING, FINISHED, FAILED, KILLED
    total_cells   INTEGER NOT NULL,              -- cases x prompts x providers
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    baseline_uuid TEXT
);
CREATE TABLE eval_results (
    id                INTEGER PRIMARY KEY,
    eval_run_id       INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    case_index        INTEGER NOT NULL,
    case_key          TEXT NOT NULL,             -- stable across runs: what gates compare by
    description       TEXT NOT NULL,
    prompt_id         TEXT NOT NULL,
    provider_id       TEXT NOT NULL,
    vars_json         TEXT NOT NULL,
    prompt            TEXT NOT NULL,
    output            TEXT NOT NULL,
    contexts_json     TEXT NOT NULL,
    status            TEXT NOT NULL,             -- pass, fail, error
    score             REAL NOT NULL,
    reason            TEXT NOT NULL,
    assertions_json   TEXT NOT NULL,
    latency_ms        REAL NOT NULL,
    ttft_ms           REAL,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost              REAL NOT NULL,
    UNIQUE (eval_run_id, case_key, prompt_id, provider_id)
);
CREATE INDEX eval_results_by_run ON eval_results(eval_run_id, case_index);
CREATE TABLE eval_traces (
    id                INTEGER PRIMARY KEY,
    eval_run_id       INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    result_id         INTEGER REFERENCES eval_results(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,             -- generation, judge
    provider_id       TEXT NOT NULL,
    system            TEXT NOT NULL,             -- gen_ai.system
    model             TEXT NOT NULL,
    params_json       TEXT NOT NULL,
    prompt            TEXT NOT NULL,
    output            TEXT NOT NULL,
    error             TEXT NOT NULL,
    finish_reason     TEXT NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    ttft_ms           REAL,
    latency_ms        REAL NOT NULL,
    cost              REAL NOT NULL,
    started_at        INTEGER NOT NULL
);
CREATE INDEX eval_traces_by_result ON eval_traces(eval_run_id, result_id);
)sql"},
    Migration{12, "Run search driven by its filters: runs found by a metric's latest value or a param's or tag's value", R"sql(
-- A filter such as metrics.acc > 0.9 or params.lr = '0.01' reads the matching runs from these
-- instead of testing every run of the experiment (EXPLAIN QUERY PLAN: SEARCH ... USING INDEX).
CREATE INDEX metric_series_by_key_value ON metric_series (key, latest_value);
CREATE INDEX params_by_key_value ON params (key, value);
CREATE INDEX tags_by_key_value ON tags (key, value);
)sql"},
    Migration{13, "Metric overviews: each series' lowest and highest point per bucket of steps, at six widths", R"sql(
-- A chart of a long series reads one level of these (the finest with few enough buckets)
-- instead of every point: 100 runs x 100,000 steps draw from about 1,600 buckets a run.
-- Bucket b of width w holds the steps [b*w, (b+1)*w); NaN points are not in them (a chart
-- cannot place NaN). TrackingStore::appendPoints keeps them as points are written.
CREATE TABLE metric_buckets (
    series_id    INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
    width        INTEGER NOT NULL,
    bucket       INTEGER NOT NULL,
    lo_step      INTEGER NOT NULL,
    lo_timestamp INTEGER NOT NULL,
    lo_value     REAL    NOT NULL,
    hi_step      INTEGER NOT NULL,
    hi_timestamp INTEGER NOT NULL,
    hi_value     REAL    NOT NULL,
    PRIMARY KEY (series_id, width, bucket)
) STRICT, WITHOUT ROWID;
-- The points already stored. With one min() or max() in a query, SQLite takes the other
-- columns from the row that has it.
WITH widths (w) AS (VALUES (64), (512), (4096), (32768), (262144), (2097152))
INSERT INTO metric_buckets (series_id, width, bucket, lo_step, lo_timestamp, lo_value, hi_step, hi_timestamp, hi_value)
SELECT l.series_id, l.w, l.b, l.step, l.timestamp, l.v, h.step, h.timestamp, h.v
FROM (SELECT p.series_id, w, (p.step - ((p.step % w) + w) % w) / w AS b, p.step, p.timestamp, min(p.value) AS v
      FROM metric_points p, widths WHERE p.is_nan = 0 GROUP BY p.series_id, w, b) l
JOIN (SELECT p.series_id, w, (p.step - ((p.step % w) + w) % w) / w AS b, p.step, p.timestamp, max(p.value) AS v
      FROM metric_points p, widths WHERE p.is_nan = 0 GROUP BY p.series_id, w, b) h
  ON h.series_id = l.series_id AND h.w = l.w AND h.b = l.b;
)sql"},
    Migration{14, "Jobs' device time, cost and what the GPU did while they ran", R"sql(
-- device_seconds: wall time times the job's share of the device (1/n on a GPU time-sliced n ways);
-- cost_usd: that time at the prices in force when the job finished. The gpu_ columns are from
-- the telemetry sampled over the job's time (NULL without NVML or for CPU jobs).
ALTER TABLE jobs ADD COLUMN device_seconds REAL;
ALTER TABLE jobs ADD COLUMN cost_usd REAL;
ALTER TABLE jobs ADD COLUMN gpu_utilisation_mean REAL;
ALTER TABLE jobs ADD COLUMN gpu_utilisation_peak INTEGER;
ALTER TABLE jobs ADD COLUMN gpu_memory_peak INTEGER;
)sql"},
    Migration{15, "reference profiles keep the multivariate drift fit of their reference", R"sql(
-- JSON (drift::MultivariateFit); '' for a profile made before, whose fit is made from its table.
ALTER TABLE reference_profiles ADD COLUMN multivariate_fit TEXT NOT NULL DEFAULT '';
)sql"},
};

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

int latestSchemaVersion()
{
    return kMigrations.back().version;
}

void migrate(sql::Database &db)
{
    const int current = db.userVersion();
    if (current > latestSchemaVersion()) {
        throwError(ErrorKind::Conflict, db.path().string() + " has schema version " + std::to_string(current) +
                                            ", newer than this Keel understands (" +
                                            std::to_string(latestSchemaVersion()) + "); update Keel to open it");
    }
    for (const Migration &step : kMigrations) {
        if (step.version <= current)
            continue;
        sql::Transaction tx(db);
        try {
            db.exec(step.sql);
        } catch (const Error &e) {
            throwError(ErrorKind::Internal, "workspace migration " + std::to_string(step.version) + " (" +
                                                std::string(step.description) + ") failed: " + e.what());
        }
        db.setUserVersion(step.version);
        tx.commit();
    }
}

} // namespace keel::store
