#include "registry/modelregistry.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/sha256.h"
#include "store/artifactstore.h"
#include "store/database.h"

#include <algorithm>
#include <tuple>
#include <cctype>
#include <pwd.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>

namespace keel::registry {
namespace {

std::string folded(const std::string &name)
{
    std::string out = name;
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

void checkName(const std::string &what, const std::string &name)
{
    if (name.empty() || name.size() > 256)
        throwError(ErrorKind::BadInput, what + " names are 1 to 256 characters long (got " + std::to_string(name.size()) + ")");
    for (unsigned char c : name) {
        if (c < 0x20)
            throwError(ErrorKind::BadInput, what + " \"" + name + "\" contains a control character");
    }
}

// MLflow's rules for registered model names (mlflow.utils.validation._validate_model_name): not
// blank, no '/' or ':', and nothing a file path would read as another name ("." or "..").
void checkModelName(const std::string &name)
{
    checkName("model", name);
    if (name.find_first_not_of(" \t\n\r\v\f") == std::string::npos)
        throwError(ErrorKind::BadInput, "a model name cannot be blank");
    if (name.find_first_of("/:") != std::string::npos)
        throwError(ErrorKind::BadInput, "invalid model name \"" + name + "\": names cannot contain '/' or ':' (MLflow's rule)");
    if (name == "." || name.rfind("..", 0) == 0)
        throwError(ErrorKind::BadInput, "invalid model name \"" + name + "\": a name cannot be \".\" or begin with \"..\" (MLflow's rule)");
}

// Python's \w on text: letters, digits and other numbers of any script, and '_'.
bool isWordCharacter(char32_t c)
{
    if (c == U'_')
        return true;
    const auto type = u_charType(UChar32(c));
    return type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER || type == U_TITLECASE_LETTER || type == U_MODIFIER_LETTER ||
           type == U_OTHER_LETTER || type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

// MLflow's rules for aliases (_validate_model_alias_name and _reserved): word characters and
// hyphens only, at most 255 characters, and neither "latest" nor "v<N>" in any case.
void checkAliasName(const std::string &alias)
{
    if (alias.empty())
        throwError(ErrorKind::BadInput, "an alias name cannot be empty");
    std::size_t characters = 0;
    for (std::int32_t at = 0; at < std::int32_t(alias.size());) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const std::uint8_t *>(alias.data()), at, std::int32_t(alias.size()), c);
        ++characters;
        if (c < 0 || !(c == U'-' || isWordCharacter(char32_t(c))))
            throwError(ErrorKind::BadInput, "invalid alias \"" + alias + "\": aliases may only contain letters, digits, underscores (_) and hyphens (-), "
                                            "as MLflow's do");
    }
    if (characters > 255)
        throwError(ErrorKind::BadInput, "an alias is at most 255 characters long (got " + std::to_string(characters) + ")");
    if (folded(alias) == "latest")
        throwError(ErrorKind::BadInput, "the alias \"" + alias + "\" is reserved: \"latest\" (in any case) names the newest version");
    if (alias.size() >= 2 && (alias[0] == 'v' || alias[0] == 'V') && alias.find_first_not_of("0123456789", 1) == std::string::npos)
        throwError(ErrorKind::BadInput, "the alias \"" + alias + "\" is reserved: \"v<N>\" names version N");
}

// The registry history is one chain over every entry, in id order: each entry's hash covers its
// content and the hash of the entry before it, so an entry edited, removed or slipped in shows.
std::string entryHash(const std::string &previous, std::int64_t id, std::int64_t at, const std::string &actor, std::int64_t modelId,
                      std::optional<std::int64_t> version, const std::string &action, const std::string &subject,
                      const std::optional<std::string> &from, const std::optional<std::string> &to, const std::string &reason)
{
    const nlohmann::json content = nlohmann::json::array(
        {id, at, actor, modelId, version ? nlohmann::json(*version) : nlohmann::json(), action, subject, from ? nlohmann::json(*from) : nlohmann::json(),
         to ? nlohmann::json(*to) : nlohmann::json(), reason});
    return sha256Hex(previous + "\n" + content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

constexpr const char *kHistoryColumns = "id, at, actor, model_id, version, action, subject, from_value, to_value, reason, entry_hash";

std::string entryHashOf(sql::Statement &st, const std::string &previous)
{
    return entryHash(previous, st.int64(0), st.int64(1), st.text(2), st.int64(3), st.isNull(4) ? std::nullopt : std::optional<std::int64_t>(st.int64(4)),
                     st.text(5), st.text(6), st.optionalText(7), st.optionalText(8), st.text(9));
}

bool isStage(const std::string &s)
{
    return s == "None" || s == "Staging" || s == "Production" || s == "Archived";
}

} // namespace

ModelRegistry::ModelRegistry(sql::Database &db, store::ArtifactStore &artifacts)
    : m_db(db)
    , m_artifacts(artifacts)
{
}

std::string ModelRegistry::currentActor()
{
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "uid " + std::to_string(getuid());
}

std::int64_t ModelRegistry::modelId(const std::string &name)
{
    auto &st = m_db.cached("SELECT id FROM registered_models WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no registered model named \"" + name + "\"");
    const auto id = st.int64(0);
    st.reset();
    return id;
}

std::int64_t ModelRegistry::versionId(std::int64_t model, const std::string &name, int version, bool includeDeleted)
{
    auto &st = m_db.cached("SELECT id, deleted_at IS NOT NULL FROM model_versions WHERE model_id = ?1 AND version = ?2");
    st.bindAll(model, version);
    if (!st.step())
        throwError(ErrorKind::NotFound, "model \"" + name + "\" has no version " + std::to_string(version));
    const auto id = st.int64(0);
    const bool deleted = st.int64(1) != 0;
    st.reset();
    if (deleted && !includeDeleted)
        throwError(ErrorKind::NotFound, "version " + std::to_string(version) + " of \"" + name + "\" was deleted in the MLflow store it came from");
    return id;
}

void ModelRegistry::sealHistory()
{
    // Entries from before the chain existed (schema 8 and older) get their hashes, in order.
    auto pending = m_db.prepare(std::string("SELECT ") + kHistoryColumns + " FROM registry_audit WHERE entry_hash = '' ORDER BY id");
    std::vector<std::pair<std::int64_t, std::string>> sealed;
    while (pending.step()) {
        auto &before = m_db.cached("SELECT entry_hash FROM registry_audit WHERE id < ?1 ORDER BY id DESC LIMIT 1");
        before.bind(1, pending.int64(0));
        std::string previous = before.step() ? before.text(0) : std::string();
        before.reset();
        if (!sealed.empty())
            previous = sealed.back().second;
        sealed.emplace_back(pending.int64(0), entryHashOf(pending, previous));
    }
    for (const auto &[id, hash] : sealed)
        m_db.cached("UPDATE registry_audit SET entry_hash = ?2 WHERE id = ?1 AND entry_hash = ''").bindAll(id, hash).run();
}

void ModelRegistry::audit(std::int64_t model, std::optional<int> version, const std::string &action, const std::string &subject,
                          const std::optional<std::string> &from, const std::optional<std::string> &to, const std::string &actor,
                          const std::string &reason)
{
    sealHistory();
    auto &last = m_db.cached("SELECT id, entry_hash FROM registry_audit ORDER BY id DESC LIMIT 1");
    std::int64_t id = 1;
    std::string previous;
    if (last.step()) {
        id = last.int64(0) + 1;
        previous = last.text(1);
    }
    last.reset();
    const auto at = nowMs();
    const std::optional<std::int64_t> v = version ? std::optional<std::int64_t>(*version) : std::nullopt;
    m_db.cached("INSERT INTO registry_audit (id, at, actor, model_id, version, action, subject, from_value, to_value, reason, entry_hash) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .bindAll(id, at, actor, model, v, action, subject, from, to, reason, entryHash(previous, id, at, actor, model, v, action, subject, from, to, reason))
        .run();
    m_db.cached("UPDATE registered_models SET updated_at = ?2 WHERE id = ?1").bindAll(model, nowMs()).run();
}

std::optional<std::string> verifyHistoryChain(sql::Database &db, std::size_t *checked, std::size_t *unsealed)
{
    auto st = db.prepare(std::string("SELECT ") + kHistoryColumns + " FROM registry_audit ORDER BY id");
    std::string previous;
    bool sealedSeen = false;
    std::size_t count = 0, legacy = 0;
    std::optional<std::string> broken;
    while (st.step() && !broken) {
        const std::string stored = st.text(10);
        const std::string describe = "registry history entry " + std::to_string(st.int64(0)) + " (" + st.text(5) + " of model id " +
                                     std::to_string(st.int64(3)) + ", " + isoTimeUtc(st.int64(1)) + ")";
        if (stored.empty()) {
            if (sealedSeen)
                broken = describe + " has no hash after sealed entries: it was added outside Keel";
            ++legacy; // from before the chain; sealed on the next registry change
            previous = entryHashOf(st, previous);
            continue;
        }
        sealedSeen = true;
        const std::string want = entryHashOf(st, previous);
        if (want != stored)
            broken = describe + " does not match its hash: it, or an entry before it, was edited or removed";
        previous = stored;
        ++count;
    }
    if (checked)
        *checked = count;
    if (unsealed)
        *unsealed = legacy;
    return broken;
}

std::vector<std::string> checkArtifactReferences(sql::Database &db, const store::ArtifactStore &artifacts, std::size_t *checked)
{
    std::vector<std::string> problems;
    std::size_t count = 0;
    std::map<std::string, std::optional<std::string>> seen; // hash → what is wrong with it (nothing: fine)
    auto check = [&](const std::string &hash, const std::string &who) {
        ++count;
        auto it = seen.find(hash);
        if (it == seen.end()) {
            std::optional<std::string> problem;
            try {
                artifacts.verify(hash);
            } catch (const Error &e) {
                problem = e.kind() == ErrorKind::NotFound ? std::string("is missing from the store") : std::string("does not match its hash");
            }
            it = seen.emplace(hash, problem).first;
        }
        if (it->second)
            problems.push_back(who + ": artifact " + hash + " " + *it->second);
        return !it->second;
    };
    {
        auto st = db.prepare("SELECT m.name, v.version, v.artifact_sha256 FROM model_versions v JOIN registered_models m ON m.id = v.model_id "
                             "ORDER BY m.name_key, v.version");
        while (st.step()) {
            const std::string who = "registry \"" + st.text(0) + "\" version " + std::to_string(st.int64(1));
            const std::string hash = st.text(2);
            if (!check(hash, who))
                continue;
            // A folder's manifest: each of its files too.
            const auto bytes = artifacts.read(hash);
            const std::string text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
            if (text.rfind("{\"keel_manifest\":1,", 0) != 0)
                continue;
            try {
                const nlohmann::json manifest = nlohmann::json::parse(text);
                for (const auto &f : manifest.at("files"))
                    check(f.at("sha256").get<std::string>(), who + " file " + f.at("path").get<std::string>());
            } catch (const nlohmann::json::exception &e) {
                problems.push_back(who + ": its manifest " + hash + " cannot be read (" + e.what() + ")");
            }
        }
    }
    {
        auto st = db.prepare("SELECT r.uuid, a.path, a.sha256 FROM run_artifacts a JOIN runs r ON r.id = a.run_id ORDER BY r.uuid, a.path");
        while (st.step())
            check(st.text(2), "run " + st.text(0) + " artifact " + st.text(1));
    }
    {
        auto st = db.prepare("SELECT name, table_sha256 FROM reference_profiles ORDER BY name");
        while (st.step())
            check(st.text(1), "drift reference profile \"" + st.text(0) + "\"");
    }
    if (checked)
        *checked = count;
    return problems;
}

std::int64_t ModelRegistry::createModel(const std::string &name, const std::string &description,
                                        const std::map<std::string, std::string> &tags, const std::string &actor, std::int64_t createdAt)
{
    sql::Transaction tx(m_db);
    const auto id = insertModel(name, description, tags, actor, createdAt);
    tx.commit();
    return id;
}

std::int64_t ModelRegistry::insertModel(const std::string &name, const std::string &description, const std::map<std::string, std::string> &tags,
                                        const std::string &actor, std::int64_t createdAt)
{
    checkModelName(name);
    auto &clash = m_db.cached("SELECT name FROM registered_models WHERE name_key = ?1");
    clash.bind(1, folded(name));
    if (clash.step()) {
        const std::string existing = clash.text(0);
        clash.reset();
        throwError(ErrorKind::Conflict, "a model named \"" + existing + "\" already exists" +
                                            (existing == name ? std::string() : " (names are compared without case)"));
    }
    clash.reset();
    const auto now = createdAt > 0 ? createdAt : nowMs();
    m_db.cached("INSERT INTO registered_models (name, name_key, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")
        .bindAll(name, folded(name), description, now)
        .run();
    const auto id = m_db.lastInsertRowId();
    auto &tag = m_db.cached("INSERT INTO registered_model_tags (model_id, key, value) VALUES (?1, ?2, ?3)");
    for (const auto &[k, v] : tags)
        tag.bindAll(id, k, v).run();
    audit(id, std::nullopt, "create", {}, std::nullopt, name, actor, {});
    return id;
}

int ModelRegistry::registerVersion(const std::string &model, const NewVersion &v, const std::string &actor, bool createModelIfMissing)
{
    if (createModelIfMissing)
        checkModelName(model); // before anything is stored
    // The artifact goes into the store first (content-addressed; a failed registration leaves
    // at most an unreferenced blob, never a half-registered version).
    std::string sha = v.artifactSha256;
    if (!v.artifactFile.empty())
        sha = storeArtifact(v.artifactFile);
    else if (sha.empty())
        throwError(ErrorKind::BadInput, "a model version needs an artifact (a file, or the SHA-256 of one in the workspace)");
    else
        m_artifacts.verify(sha);
    // The model (when new), the version and their history entries: one transaction, so a failed
    // or killed registration leaves none of them.
    sql::Transaction tx(m_db);
    const auto id = createModelIfMissing && !this->model(model) ? insertModel(model, {}, {}, actor) : modelId(model);
    auto &next = m_db.cached("SELECT COALESCE(max(version), 0) + 1 FROM model_versions WHERE model_id = ?1");
    next.bind(1, id);
    next.step();
    int number = int(next.int64(0));
    next.reset();
    if (v.number > 0) {
        if (v.number < number)
            throwError(ErrorKind::Conflict, "model \"" + model + "\" already has version " + std::to_string(number - 1) + "; version " +
                                                std::to_string(v.number) + " cannot come after it");
        number = v.number;
    }
    m_db.cached("INSERT INTO model_versions (model_id, version, artifact_sha256, source, run_uuid, datasets, signature, metrics, "
                "description, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .bindAll(id, number, sha, v.source, v.runUuid, v.datasets, v.signature, v.metrics, v.description, v.createdAt > 0 ? v.createdAt : nowMs(), actor)
        .run();
    audit(id, number, "register", {}, std::nullopt, sha, actor, {});
    tx.commit();
    return number;
}

void ModelRegistry::setAlias(const std::string &model, const std::string &alias, int version, const std::string &actor,
                             const std::string &reason, bool asImported)
{
    checkAliasName(alias);
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const auto vid = versionId(id, model, version);
    if (!asImported && readVersion(vid).stage == "Archived")
        throwError(ErrorKind::Conflict, "version " + std::to_string(version) + " of \"" + model +
                                            "\" is archived; an alias cannot point at it");
    std::optional<std::string> from;
    auto &current = m_db.cached("SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id "
                                "WHERE a.model_id = ?1 AND a.alias = ?2");
    current.bindAll(id, alias);
    if (current.step())
        from = std::to_string(current.int64(0));
    current.reset();
    if (from && *from == std::to_string(version))
        return; // already there: nothing changes, nothing to record
    m_db.cached("INSERT INTO model_aliases (model_id, alias, version_id) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id")
        .bindAll(id, alias, vid)
        .run();
    audit(id, version, "alias", alias, from, std::to_string(version), actor, reason);
    tx.commit();
}

void ModelRegistry::removeAlias(const std::string &model, const std::string &alias, const std::string &actor, const std::string &reason)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const ModelVersion current = versionByAlias(model, alias);
    m_db.cached("DELETE FROM model_aliases WHERE model_id = ?1 AND alias = ?2").bindAll(id, alias).run();
    audit(id, current.version, "unalias", alias, std::to_string(current.version), std::nullopt, actor, reason);
    tx.commit();
}

int ModelRegistry::rollback(const std::string &model, const std::string &alias, const std::string &actor, const std::string &reason)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const ModelVersion current = versionByAlias(model, alias);
    // The last move of this alias that brought it to where it is now.
    auto &last = m_db.cached("SELECT from_value FROM registry_audit WHERE model_id = ?1 AND subject = ?2 "
                             "AND action IN ('alias', 'rollback') ORDER BY id DESC LIMIT 1");
    last.bindAll(id, alias);
    if (!last.step() || last.isNull(0)) {
        last.reset();
        throwError(ErrorKind::Conflict, "alias \"" + alias + "\" of \"" + model + "\" has never pointed anywhere else; nothing to roll back to");
    }
    const int previous = std::stoi(last.text(0));
    last.reset();
    const auto vid = versionId(id, model, previous);
    if (readVersion(vid).stage == "Archived")
        throwError(ErrorKind::Conflict, "alias \"" + alias + "\" pointed at version " + std::to_string(previous) +
                                            " before, which is archived now; move the alias explicitly");
    m_db.cached("UPDATE model_aliases SET version_id = ?3 WHERE model_id = ?1 AND alias = ?2").bindAll(id, alias, vid).run();
    audit(id, previous, "rollback", alias, std::to_string(current.version), std::to_string(previous), actor, reason);
    tx.commit();
    return previous;
}

void ModelRegistry::transitionStage(const std::string &model, int version, const std::string &stage, bool archiveExisting,
                                    const std::string &actor, const std::string &reason, bool asImported)
{
    if (!isStage(stage))
        throwError(ErrorKind::BadInput, "\"" + stage + "\" is not a stage (None, Staging, Production, Archived)");
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const auto vid = versionId(id, model, version);
    // One rule everywhere: an alias never points at an archived version (setAlias refuses it too).
    auto refuseIfAliased = [&](std::int64_t versionRow, int number) {
        const ModelVersion v = readVersion(versionRow);
        if (v.aliases.empty() || asImported) // (MLflow allows it; an import keeps what MLflow has)
            return;
        std::string names;
        for (const auto &a : v.aliases)
            names += (names.empty() ? "" : ", ") + a;
        throwError(ErrorKind::Conflict, "version " + std::to_string(number) + " of \"" + model + "\" holds the alias" + (v.aliases.size() > 1 ? "es " : " ") + names +
                                            "; an archived version cannot: move or remove the alias first");
    };
    const std::string from = readVersion(vid).stage;
    if (stage == "Archived" && from != stage)
        refuseIfAliased(vid, version);
    if (from != stage) {
        m_db.cached("UPDATE model_versions SET stage = ?2 WHERE id = ?1").bindAll(vid, stage).run();
        audit(id, version, "stage", "stage", from, stage, actor, reason);
    }
    if (archiveExisting && (stage == "Staging" || stage == "Production")) {
        auto others = m_db.prepare("SELECT id, version FROM model_versions WHERE model_id = ?1 AND stage = ?2 AND id != ?3");
        others.bindAll(id, stage, vid);
        std::vector<std::pair<std::int64_t, int>> archive;
        while (others.step())
            archive.emplace_back(others.int64(0), int(others.int64(1)));
        for (const auto &[otherId, otherVersion] : archive)
            refuseIfAliased(otherId, otherVersion);
        for (const auto &[otherId, otherVersion] : archive) {
            m_db.cached("UPDATE model_versions SET stage = 'Archived' WHERE id = ?1").bind(1, otherId).run();
            audit(id, otherVersion, "stage", "stage", stage, std::string("Archived"), actor,
                  "archived when version " + std::to_string(version) + " moved to " + stage);
        }
    }
    tx.commit();
}

void ModelRegistry::setDescription(const std::string &model, std::optional<int> version, const std::string &text, const std::string &actor)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    if (version) {
        const auto vid = versionId(id, model, *version);
        const std::string old = readVersion(vid).description;
        m_db.cached("UPDATE model_versions SET description = ?2 WHERE id = ?1").bindAll(vid, text).run();
        audit(id, version, "describe", "description", old, text, actor, {});
    } else {
        auto &old = m_db.cached("SELECT description FROM registered_models WHERE id = ?1");
        old.bind(1, id);
        old.step();
        const std::string before = old.text(0);
        old.reset();
        m_db.cached("UPDATE registered_models SET description = ?2 WHERE id = ?1").bindAll(id, text).run();
        audit(id, std::nullopt, "describe", "description", before, text, actor, {});
    }
    tx.commit();
}

void ModelRegistry::setVersionTag(const std::string &model, int version, const std::string &key, const std::string &value,
                                  const std::string &actor)
{
    if (key.empty())
        throwError(ErrorKind::BadInput, "a tag needs a key");
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const auto vid = versionId(id, model, version);
    std::optional<std::string> old;
    auto &current = m_db.cached("SELECT value FROM model_version_tags WHERE version_id = ?1 AND key = ?2");
    current.bindAll(vid, key);
    if (current.step())
        old = current.text(0);
    current.reset();
    if (old == value)
        return;
    m_db.cached("INSERT INTO model_version_tags (version_id, key, value) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (version_id, key) DO UPDATE SET value = excluded.value")
        .bindAll(vid, key, value)
        .run();
    audit(id, version, "tag", key, old, value, actor, {});
    tx.commit();
}

void ModelRegistry::removeVersionTag(const std::string &model, int version, const std::string &key, const std::string &actor)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const auto vid = versionId(id, model, version);
    auto &current = m_db.cached("SELECT value FROM model_version_tags WHERE version_id = ?1 AND key = ?2");
    current.bindAll(vid, key);
    if (!current.step()) {
        current.reset();
        return;
    }
    const std::string old = current.text(0);
    current.reset();
    m_db.cached("DELETE FROM model_version_tags WHERE version_id = ?1 AND key = ?2").bindAll(vid, key).run();
    audit(id, version, "tag", key, old, std::nullopt, actor, {});
    tx.commit();
}

void ModelRegistry::setModelTag(const std::string &model, const std::string &key, const std::string &value, const std::string &actor)
{
    if (key.empty())
        throwError(ErrorKind::BadInput, "a tag needs a key");
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    std::optional<std::string> old;
    auto &current = m_db.cached("SELECT value FROM registered_model_tags WHERE model_id = ?1 AND key = ?2");
    current.bindAll(id, key);
    if (current.step())
        old = current.text(0);
    current.reset();
    if (old == value)
        return;
    m_db.cached("INSERT INTO registered_model_tags (model_id, key, value) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value")
        .bindAll(id, key, value)
        .run();
    audit(id, std::nullopt, "tag", key, old, value, actor, {});
    tx.commit();
}

void ModelRegistry::removeModelTag(const std::string &model, const std::string &key, const std::string &actor)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    auto &current = m_db.cached("SELECT value FROM registered_model_tags WHERE model_id = ?1 AND key = ?2");
    current.bindAll(id, key);
    if (!current.step()) {
        current.reset();
        return;
    }
    const std::string old = current.text(0);
    current.reset();
    m_db.cached("DELETE FROM registered_model_tags WHERE model_id = ?1 AND key = ?2").bindAll(id, key).run();
    audit(id, std::nullopt, "tag", key, old, std::nullopt, actor, {});
    tx.commit();
}

void ModelRegistry::markDeleted(const std::string &model, int version, const std::string &actor, const std::string &reason)
{
    sql::Transaction tx(m_db);
    const auto id = modelId(model);
    const auto vid = versionId(id, model, version, true);
    auto &state = m_db.cached("SELECT deleted_at FROM model_versions WHERE id = ?1");
    state.bind(1, vid);
    state.step();
    const bool already = !state.isNull(0);
    state.reset();
    if (already)
        return;
    // Its aliases go with it, as MLflow deletes them.
    auto aliases = m_db.prepare("SELECT alias FROM model_aliases WHERE version_id = ?1 ORDER BY alias");
    aliases.bind(1, vid);
    std::vector<std::string> names;
    while (aliases.step())
        names.push_back(aliases.text(0));
    for (const std::string &alias : names) {
        m_db.cached("DELETE FROM model_aliases WHERE model_id = ?1 AND alias = ?2").bindAll(id, alias).run();
        audit(id, version, "unalias", alias, std::to_string(version), std::nullopt, actor, reason);
    }
    m_db.cached("UPDATE model_versions SET deleted_at = ?2 WHERE id = ?1").bindAll(vid, nowMs()).run();
    audit(id, version, "delete", {}, std::to_string(version), std::nullopt, actor, reason);
    tx.commit();
}

bool ModelRegistry::isDeleted(const std::string &model, int version)
{
    auto &st = m_db.cached("SELECT v.deleted_at IS NOT NULL FROM model_versions v JOIN registered_models m ON m.id = v.model_id "
                           "WHERE m.name = ?1 AND v.version = ?2");
    st.bindAll(model, version);
    const bool deleted = st.step() && st.int64(0) != 0;
    st.reset();
    return deleted;
}

std::string ModelRegistry::storeArtifact(const std::filesystem::path &path)
{
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec))
        return m_artifacts.putFile(path);
    if (!std::filesystem::is_directory(path, ec))
        throwError(ErrorKind::NotFound, "no model artifact at " + path.string());
    // {"keel_manifest":1,"files":[{"path":...,"sha256":...,"size":...}, ...]}, sorted by path,
    // so the same folder always gives the same hash.
    std::vector<ManifestEntry> files;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_regular_file())
            files.push_back({std::filesystem::relative(it->path(), path).generic_string(), m_artifacts.putFile(it->path()),
                             static_cast<std::uint64_t>(it->file_size())});
    }
    if (files.empty())
        throwError(ErrorKind::BadInput, "the model folder " + path.string() + " is empty");
    return storeManifest(std::move(files));
}

std::string ModelRegistry::storeManifest(std::vector<ManifestEntry> files)
{
    if (files.empty())
        throwError(ErrorKind::BadInput, "a model artifact needs at least one file");
    std::sort(files.begin(), files.end(), [](const ManifestEntry &a, const ManifestEntry &b) { return a.path < b.path; });
    std::string manifest = "{\"keel_manifest\":1,\"files\":[";
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!m_artifacts.contains(files[i].sha256))
            throwError(ErrorKind::NotFound, "artifact file " + files[i].path + " (" + files[i].sha256 + ") is not in the workspace");
        std::string escaped;
        for (char c : files[i].path) {
            if (c == '"' || c == '\\')
                escaped += '\\';
            escaped += c;
        }
        manifest += (i ? "," : "") + std::string("{\"path\":\"") + escaped + "\",\"sha256\":\"" + files[i].sha256 +
                    "\",\"size\":" + std::to_string(files[i].size) + "}";
    }
    manifest += "]}";
    return m_artifacts.put(manifest);
}

ModelVersion ModelRegistry::readVersion(std::int64_t vid)
{
    auto st = m_db.prepare("SELECT v.id, m.name, v.version, v.artifact_sha256, v.source, v.run_uuid, v.datasets, v.signature, v.metrics, "
                           "v.description, v.stage, v.created_at, v.created_by FROM model_versions v "
                           "JOIN registered_models m ON m.id = v.model_id WHERE v.id = ?1");
    st.bind(1, vid);
    if (!st.step())
        throwError(ErrorKind::NotFound, "no model version with id " + std::to_string(vid));
    ModelVersion v;
    v.id = st.int64(0);
    v.model = st.text(1);
    v.version = int(st.int64(2));
    v.artifactSha256 = st.text(3);
    v.source = st.text(4);
    v.runUuid = st.optionalText(5);
    v.datasets = st.text(6);
    v.signature = st.text(7);
    v.metrics = st.text(8);
    v.description = st.text(9);
    v.stage = st.text(10);
    v.createdAt = st.int64(11);
    v.createdBy = st.text(12);
    auto aliases = m_db.prepare("SELECT alias FROM model_aliases WHERE version_id = ?1 ORDER BY alias");
    aliases.bind(1, vid);
    while (aliases.step())
        v.aliases.push_back(aliases.text(0));
    auto tags = m_db.prepare("SELECT key, value FROM model_version_tags WHERE version_id = ?1");
    tags.bind(1, vid);
    while (tags.step())
        v.tags[tags.text(0)] = tags.text(1);
    return v;
}

std::vector<RegisteredModel> ModelRegistry::models()
{
    std::vector<RegisteredModel> out;
    auto st = m_db.prepare("SELECT name FROM registered_models ORDER BY name_key");
    while (st.step())
        out.push_back(*model(st.text(0)));
    return out;
}

std::optional<RegisteredModel> ModelRegistry::model(const std::string &name)
{
    auto st = m_db.prepare("SELECT id, name, description, created_at, updated_at, "
                           "(SELECT COALESCE(max(version), 0) FROM model_versions v WHERE v.model_id = m.id AND v.deleted_at IS NULL) "
                           "FROM registered_models m WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    RegisteredModel m;
    m.id = st.int64(0);
    m.name = st.text(1);
    m.description = st.text(2);
    m.createdAt = st.int64(3);
    m.updatedAt = st.int64(4);
    m.latestVersion = int(st.int64(5));
    auto tags = m_db.prepare("SELECT key, value FROM registered_model_tags WHERE model_id = ?1");
    tags.bind(1, m.id);
    while (tags.step())
        m.tags[tags.text(0)] = tags.text(1);
    auto aliases = m_db.prepare("SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ?1");
    aliases.bind(1, m.id);
    while (aliases.step())
        m.aliases[aliases.text(0)] = int(aliases.int64(1));
    return m;
}

std::vector<ModelVersion> ModelRegistry::versions(const std::string &model)
{
    const auto id = modelId(model);
    auto st = m_db.prepare("SELECT id FROM model_versions WHERE model_id = ?1 AND deleted_at IS NULL ORDER BY version");
    st.bind(1, id);
    std::vector<std::int64_t> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    std::vector<ModelVersion> out;
    for (const auto vid : ids)
        out.push_back(readVersion(vid));
    return out;
}

ModelVersion ModelRegistry::version(const std::string &model, int version)
{
    return readVersion(versionId(modelId(model), model, version));
}

ModelVersion ModelRegistry::versionByAlias(const std::string &model, const std::string &alias)
{
    const auto id = modelId(model);
    auto &st = m_db.cached("SELECT version_id FROM model_aliases WHERE model_id = ?1 AND alias = ?2");
    st.bindAll(id, alias);
    if (!st.step())
        throwError(ErrorKind::NotFound, "model \"" + model + "\" has no alias \"" + alias + "\"");
    const auto vid = st.int64(0);
    st.reset();
    return readVersion(vid);
}

std::vector<AuditEntry> ModelRegistry::history(const std::string &model)
{
    const auto id = modelId(model);
    auto st = m_db.prepare("SELECT id, at, actor, version, action, subject, from_value, to_value, reason FROM registry_audit "
                           "WHERE model_id = ?1 ORDER BY id");
    st.bind(1, id);
    std::vector<AuditEntry> out;
    while (st.step()) {
        AuditEntry e;
        e.id = st.int64(0);
        e.at = st.int64(1);
        e.actor = st.text(2);
        e.model = model;
        if (!st.isNull(3))
            e.version = int(st.int64(3));
        e.action = st.text(4);
        e.subject = st.text(5);
        e.from = st.optionalText(6);
        e.to = st.optionalText(7);
        e.reason = st.text(8);
        out.push_back(std::move(e));
    }
    return out;
}

std::filesystem::path ModelRegistry::loadArtifact(const std::string &model, int number)
{
    const ModelVersion v = version(model, number);
    try {
        m_artifacts.verify(v.artifactSha256);
        // A folder's manifest: every file it lists must still be whole too.
        const auto bytes = m_artifacts.read(v.artifactSha256);
        const std::string text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
        if (text.rfind("{\"keel_manifest\":1,", 0) == 0) {
            for (std::size_t at = text.find("\"sha256\":\""); at != std::string::npos; at = text.find("\"sha256\":\"", at + 1))
                m_artifacts.verify(text.substr(at + 10, 64));
        }
    } catch (const Error &e) {
        throwError(e.kind(), "version " + std::to_string(number) + " of \"" + model + "\" cannot be loaded: " + e.what());
    }
    return m_artifacts.pathFor(v.artifactSha256);
}

std::vector<ModelRegistry::ManifestEntry> ModelRegistry::artifactFiles(const std::string &model, int number)
{
    const ModelVersion v = version(model, number);
    const auto bytes = m_artifacts.read(v.artifactSha256);
    const std::string text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    if (text.rfind("{\"keel_manifest\":1,", 0) != 0)
        return {{"artifact", v.artifactSha256, std::uint64_t(bytes.size())}};
    std::vector<ManifestEntry> out;
    try {
        const nlohmann::json manifest = nlohmann::json::parse(text); // kept: the loop walks inside it
        for (const auto &f : manifest.at("files"))
            out.push_back({f.at("path").get<std::string>(), f.at("sha256").get<std::string>(), f.value("size", std::uint64_t(0))});
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::Corrupt, "version " + std::to_string(number) + " of \"" + model + "\": its manifest cannot be read (" + e.what() + ")");
    }
    return out;
}

std::filesystem::path ModelRegistry::exportArtifact(const std::string &model, int number, const std::filesystem::path &dir)
{
    const std::filesystem::path stored = loadArtifact(model, number);
    std::filesystem::create_directories(dir);
    const auto bytes = m_artifacts.read(version(model, number).artifactSha256);
    const std::string text(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    if (text.rfind("{\"keel_manifest\":1,", 0) != 0) {
        const auto file = dir / "artifact";
        std::filesystem::copy_file(stored, file, std::filesystem::copy_options::overwrite_existing);
        return file;
    }
    const auto manifest = nlohmann::json::parse(text);
    for (const auto &f : manifest.at("files")) {
        const std::filesystem::path relative = std::filesystem::path(f.at("path").get<std::string>()).lexically_normal();
        if (relative.is_absolute() || relative.empty() || *relative.begin() == "..")
            throwError(ErrorKind::Corrupt, "version " + std::to_string(number) + " of \"" + model + "\": the manifest names a path outside its folder (" +
                                               relative.string() + ")");
        std::filesystem::create_directories((dir / relative).parent_path());
        std::filesystem::copy_file(m_artifacts.pathFor(f.at("sha256").get<std::string>()), dir / relative,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    return dir;
}

} // namespace keel::registry
