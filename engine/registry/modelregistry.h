#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::sql {
class Database;
class Statement;
}
namespace keel::store {
class ArtifactStore;
}

namespace keel::registry {

struct ModelVersion {
    std::int64_t id = 0;
    std::string model;
    int version = 0;
    std::string artifactSha256;
    std::string source;             // where the artifact came from (a path, an MLflow URI)
    std::optional<std::string> runUuid;
    std::string datasets = "[]";    // JSON: the datasets' digests
    std::string signature = "{}";   // JSON: input/output schema
    std::string metrics = "{}";     // JSON: a snapshot of the run's metrics
    std::string description;
    std::string stage = "None";     // None, Staging, Production, Archived
    std::int64_t createdAt = 0;
    std::string createdBy;
    std::vector<std::string> aliases;
    std::map<std::string, std::string> tags;
};

struct RegisteredModel {
    std::int64_t id = 0;
    std::string name;
    std::string description;        // Markdown
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::map<std::string, std::string> tags;
    std::map<std::string, int> aliases; // alias → version
    int latestVersion = 0;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::string actor;
    std::string model;
    std::optional<int> version;
    std::string action;             // create, register, alias, unalias, stage, rollback, describe, tag
    std::string subject;            // the alias or the stage field
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::string reason;
};

struct NewVersion {
    std::filesystem::path artifactFile;        // a file or a folder, stored content-addressed; or:
    std::string artifactSha256;                // an artifact already in the store
    std::string source;
    std::optional<std::string> runUuid;
    std::string datasets = "[]";
    std::string signature = "{}";
    std::string metrics = "{}";
    std::string description;
    // Imports keep the source's numbering and time: this version number (above every existing
    // one; 0: the next), created at this time (0: now).
    int number = 0;
    std::int64_t createdAt = 0;
};

// The model registry of a workspace: registered models, immutable numbered versions, aliases
// and legacy stages, and the audit history of every change (MLflow keeps none). Each change
// is one transaction together with its audit entry. Throws keel::Error: NotFound for unknown
// models, versions and aliases; Conflict for a name that exists in another case, an alias on
// an archived version, nothing to roll back; BadInput for malformed names and stages.
class ModelRegistry {
public:
    ModelRegistry(sql::Database &db, store::ArtifactStore &artifacts);

    // The OS user, as the actor of changes made from this process.
    static std::string currentActor();

    // createdAt: when the model was made (an import keeps its source's time; 0: now).
    std::int64_t createModel(const std::string &name, const std::string &description = {},
                             const std::map<std::string, std::string> &tags = {}, const std::string &actor = currentActor(),
                             std::int64_t createdAt = 0);
    // The next version of `model`; with createModelIfMissing, a new model too, in the same
    // transaction (a failed or killed registration leaves neither).
    int registerVersion(const std::string &model, const NewVersion &version, const std::string &actor = currentActor(),
                        bool createModelIfMissing = false);

    // asImported: an alias copied from an MLflow store, kept as MLflow has it (on an archived
    // version too, which MLflow allows and Keel's own aliases do not).
    void setAlias(const std::string &model, const std::string &alias, int version, const std::string &actor = currentActor(),
                  const std::string &reason = {}, bool asImported = false);
    void removeAlias(const std::string &model, const std::string &alias, const std::string &actor = currentActor(),
                     const std::string &reason = {});
    // Points the alias back where it pointed before its last move; recorded as a rollback.
    int rollback(const std::string &model, const std::string &alias, const std::string &actor = currentActor(),
                 const std::string &reason = {});
    // Legacy stages; with archiveExisting, other versions in the target stage go to Archived.
    void transitionStage(const std::string &model, int version, const std::string &stage, bool archiveExisting,
                         const std::string &actor = currentActor(), const std::string &reason = {}, bool asImported = false);
    void setDescription(const std::string &model, std::optional<int> version, const std::string &text,
                        const std::string &actor = currentActor());
    void setVersionTag(const std::string &model, int version, const std::string &key, const std::string &value,
                       const std::string &actor = currentActor());
    void removeVersionTag(const std::string &model, int version, const std::string &key, const std::string &actor = currentActor());
    void setModelTag(const std::string &model, const std::string &key, const std::string &value, const std::string &actor = currentActor());
    void removeModelTag(const std::string &model, const std::string &key, const std::string &actor = currentActor());
    // A version deleted in the MLflow store it came from: kept, since versions are immutable,
    // but no longer listed, found by number or aliased; recorded in the history.
    void markDeleted(const std::string &model, int version, const std::string &actor, const std::string &reason);
    bool isDeleted(const std::string &model, int version);

    // Stores a file, or a folder as a manifest of its files (each stored by SHA-256; the
    // manifest's own SHA-256 names the whole). Returns the artifact's SHA-256.
    std::string storeArtifact(const std::filesystem::path &fileOrFolder);

    struct ManifestEntry {
        std::string path;
        std::string sha256;
        std::uint64_t size = 0;
    };
    // Stores the manifest of files already in the artifact store (a run's artifacts) and
    // returns its SHA-256; every file must be there.
    std::string storeManifest(std::vector<ManifestEntry> files);

    std::vector<RegisteredModel> models();
    std::optional<RegisteredModel> model(const std::string &name);
    std::vector<ModelVersion> versions(const std::string &model);
    ModelVersion version(const std::string &model, int version);
    ModelVersion versionByAlias(const std::string &model, const std::string &alias);
    std::vector<AuditEntry> history(const std::string &model);

    // The files a version's artifact holds: a folder's files from its manifest, or the single
    // file as "artifact"; paths, SHA-256 and sizes (read from the store, not checked).
    std::vector<ManifestEntry> artifactFiles(const std::string &model, int version);
    // The artifact of a version, after checking it still hashes to what was registered.
    std::filesystem::path loadArtifact(const std::string &model, int version);
    // The artifact of a version written out under `dir` (created), after the same checks: a
    // folder's files at their paths, a single file as `dir`/artifact. Returns the folder, or
    // the file.
    std::filesystem::path exportArtifact(const std::string &model, int version, const std::filesystem::path &dir);

private:
    std::int64_t insertModel(const std::string &name, const std::string &description, const std::map<std::string, std::string> &tags,
                             const std::string &actor, std::int64_t createdAt = 0);
    void sealHistory();
    std::int64_t modelId(const std::string &name);
    std::int64_t versionId(std::int64_t modelId, const std::string &model, int version, bool includeDeleted = false);
    void audit(std::int64_t modelId, std::optional<int> version, const std::string &action, const std::string &subject,
               const std::optional<std::string> &from, const std::optional<std::string> &to, const std::string &actor,
               const std::string &reason);
    ModelVersion readVersion(std::int64_t versionId);

    sql::Database &m_db;
    store::ArtifactStore &m_artifacts;
};

// Checks the registry history's hash chain: the first entry that does not match (edited, removed
// or added outside Keel), or nothing. `checked` counts the sealed entries, `unsealed` those from
// before the chain (older workspaces; sealed on their next registry change).
std::optional<std::string> verifyHistoryChain(sql::Database &db, std::size_t *checked = nullptr, std::size_t *unsealed = nullptr);

// Every reference from the workspace's records to its artifact store (registry versions and the
// files of their manifests, run artifacts, drift reference profiles) checked against the store:
// one line per one missing or not matching its hash, naming who refers to it. `checked` counts
// the references.
std::vector<std::string> checkArtifactReferences(sql::Database &db, const store::ArtifactStore &artifacts, std::size_t *checked = nullptr);

} // namespace keel::registry
