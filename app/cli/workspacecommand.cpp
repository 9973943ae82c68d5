// keel workspace init|info|check: create, describe or verify a workspace.
#include "app/cli/cli.h"

#include "core/error.h"
#include "store/database.h"
#include "store/migrations.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <filesystem>

namespace fs = std::filesystem;

namespace keel::cli {
namespace {

struct Summary {
    int schemaVersion = 0;
    std::string createdAt;
    std::int64_t jobs = 0;
    std::int64_t artifacts = 0;
    std::uint64_t artifactBytes = 0;
};

Summary summarise(const fs::path &dir)
{
    store::Workspace::inspect(dir);
    sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
    Summary s;
    s.schemaVersion = db.userVersion();
    auto created = db.prepare("SELECT value FROM workspace_info WHERE key = 'created_at'");
    if (created.step())
        s.createdAt = created.text(0);
    auto jobs = db.prepare("SELECT count(*) FROM jobs");
    jobs.step();
    s.jobs = jobs.int64(0);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir / "artifacts", ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().parent_path().filename() != "tmp") {
            ++s.artifacts;
            s.artifactBytes += it->file_size();
        }
    }
    return s;
}

} // namespace

int workspaceCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("init DIR: create a workspace in a new or empty folder.\n"
                                             "info: describe the workspace.\n"
                                             "check: verify the database and every artifact's hash (exit 1 when damaged)."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("init, info or check"));
    parser.addPositionalArgument(QStringLiteral("dir"), Cli::tr("The workspace folder (instead of --workspace)."), QStringLiteral("[DIR]"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty() || args.size() > 2)
        return Cli::usageError(Cli::tr("usage: keel workspace init|info|check [DIR]"));
    const QString action = args[0];
    const fs::path dir = args.size() == 2 ? fs::path(args[1].toStdString()) : Cli::workspaceDir(parser);
    QTextStream &out = Cli::out();

    if (action == QLatin1String("init")) {
        auto workspace = store::Workspace::create(dir);
        out << Cli::tr("Created workspace %1 (schema version %2)").arg(QString::fromStdString(fs::absolute(dir).string())).arg(workspace->schemaVersion()) << '\n';
        out.flush();
        return Ok;
    }
    if (action == QLatin1String("info")) {
        const Summary s = summarise(dir);
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("path"), QString::fromStdString(fs::absolute(dir).string())},
                                             {QStringLiteral("schema_version"), s.schemaVersion},
                                             {QStringLiteral("created_at"), QString::fromStdString(s.createdAt)},
                                             {QStringLiteral("jobs"), double(s.jobs)},
                                             {QStringLiteral("artifacts"), double(s.artifacts)},
                                             {QStringLiteral("artifact_bytes"), double(s.artifactBytes)}})
                       .toJson(QJsonDocument::Indented);
        } else {
            out << Cli::tr("Workspace: %1").arg(QString::fromStdString(fs::absolute(dir).string())) << '\n'
                << Cli::tr("Schema version: %1 (this Keel: %2)").arg(s.schemaVersion).arg(store::latestSchemaVersion()) << '\n'
                << Cli::tr("Created: %1").arg(QString::fromStdString(s.createdAt)) << '\n'
                << Cli::tr("Jobs recorded: %1").arg(s.jobs) << '\n'
                << Cli::tr("Artifacts: %1 (%2)").arg(s.artifacts).arg(Cli::bytes(s.artifactBytes)) << '\n';
        }
        out.flush();
        return Ok;
    }
    if (action == QLatin1String("check")) {
        store::Workspace::inspect(dir);
        sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
        const std::string integrity = db.pragmaText("integrity_check");
        int problems = integrity == "ok" ? 0 : 1;
        if (problems)
            out << Cli::tr("database: %1").arg(QString::fromStdString(integrity)) << '\n';
        store::ArtifactStore artifacts(dir / "artifacts");
        if (const auto cleaned = artifacts.removeStaleTemporaries(); cleaned.files > 0)
            out << Cli::tr("removed %1 partial file(s), %2, that interrupted writes left in artifacts/tmp").arg(cleaned.files).arg(Cli::bytes(cleaned.bytes))
                << '\n';
        std::int64_t checked = 0;
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(dir / "artifacts", ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (!it->is_regular_file() || it->path().parent_path().filename() == "tmp")
                continue;
            const std::string hash = it->path().parent_path().filename().string() + it->path().filename().string();
            try {
                artifacts.verify(hash);
                ++checked;
            } catch (const Error &e) {
                ++problems;
                out << Cli::tr("artifact: %1").arg(QString::fromStdString(e.what())) << '\n';
            }
        }
        // Every record's reference into the store: a file deleted is as bad as a file changed.
        std::size_t references = 0;
        for (const std::string &problem : registry::checkArtifactReferences(db, artifacts, &references)) {
            ++problems;
            out << Cli::tr("reference: %1").arg(QString::fromStdString(problem)) << '\n';
        }
        // The registry history's hash chain.
        std::size_t sealed = 0, unsealed = 0;
        if (const auto broken = registry::verifyHistoryChain(db, &sealed, &unsealed)) {
            ++problems;
            out << Cli::tr("history: %1").arg(QString::fromStdString(*broken)) << '\n';
        }
        out << (problems ? Cli::tr("damaged: problems found: %1").arg(problems)
                         : Cli::tr("ok: database intact; artifacts checked: %1, all match their hashes; references checked: %2; "
                                   "registry history: %3 entries, the chain holds")
                               .arg(checked)
                               .arg(references)
                               .arg(sealed + unsealed))
            << '\n';
        if (unsealed > 0)
            out << Cli::tr("(%1 history entries are from before the chain; they are sealed on the next registry change)").arg(unsealed) << '\n';
        out.flush();
        return problems ? CheckFailed : Ok;
    }
    return Cli::usageError(Cli::tr("unknown workspace action '%1' (init, info or check)").arg(action));
}

} // namespace keel::cli
