// keel registry list|show|register|describe|alias|unalias|rollback|stage|history|verify|download:
// the workspace's model registry.
#include "app/cli/cli.h"

#include "core/clock.h"
#include "core/error.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace keel::cli {
namespace {

using registry::ModelVersion;

QJsonObject versionJson(const ModelVersion &v)
{
    QJsonArray aliases, tags;
    for (const auto &a : v.aliases)
        aliases.append(QString::fromStdString(a));
    for (const auto &[k, value] : v.tags)
        tags.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(value)}});
    return QJsonObject{{QStringLiteral("name"), QString::fromStdString(v.model)},
                       {QStringLiteral("tags"), tags},
                       {QStringLiteral("status"), QStringLiteral("READY")},
                       {QStringLiteral("version"), QString::number(v.version)}, // a string in MLflow's REST API
                       {QStringLiteral("artifact_sha256"), QString::fromStdString(v.artifactSha256)},
                       {QStringLiteral("source"), QString::fromStdString(v.source)},
                       {QStringLiteral("run_id"), v.runUuid ? QJsonValue(QString::fromStdString(*v.runUuid)) : QJsonValue()},
                       {QStringLiteral("current_stage"), QString::fromStdString(v.stage)},
                       {QStringLiteral("description"), QString::fromStdString(v.description)},
                       {QStringLiteral("aliases"), aliases},
                       {QStringLiteral("creation_timestamp"), qint64(v.createdAt)},
                       {QStringLiteral("user_id"), QString::fromStdString(v.createdBy)}};
}

// --description TEXT, or --description-file FILE ("-": standard input), for texts too long to
// pass as an argument.
std::optional<std::string> descriptionOf(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("description")) && parser.isSet(QStringLiteral("description-file")))
        throwError(ErrorKind::BadInput, "give --description or --description-file, not both");
    if (parser.isSet(QStringLiteral("description")))
        return parser.value(QStringLiteral("description")).toStdString();
    if (!parser.isSet(QStringLiteral("description-file")))
        return std::nullopt;
    const QString path = parser.value(QStringLiteral("description-file"));
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        throwError(ErrorKind::BadInput, "cannot read the description file " + path.toStdString() + ": " + file.errorString().toStdString());
    const QByteArray text = file.readAll();
    return std::string(text.constData(), std::size_t(text.size()));
}

// NAME, NAME@ALIAS or NAME/VERSION: the version it names (the latest for a bare NAME).
registry::ModelVersion versionNamed(registry::ModelRegistry &reg, const QString &spec)
{
    const std::string text = spec.toStdString();
    if (const auto at = text.rfind('@'); at != std::string::npos)
        return reg.versionByAlias(text.substr(0, at), text.substr(at + 1));
    if (const auto slash = text.rfind('/'); slash != std::string::npos) {
        bool ok = false;
        const int number = QString::fromStdString(text.substr(slash + 1)).toInt(&ok);
        if (!ok || number < 1)
            throwError(ErrorKind::BadInput, "\"" + text + "\": after the '/' comes a version number");
        return reg.version(text.substr(0, slash), number);
    }
    const auto model = reg.model(text);
    if (!model)
        throwError(ErrorKind::NotFound, "no registered model named \"" + text + "\"");
    if (model->latestVersion == 0)
        throwError(ErrorKind::NotFound, "model \"" + text + "\" has no versions");
    return reg.version(text, model->latestVersion);
}

int intArgument(const QString &text, const char *what, int *out)
{
    bool ok = false;
    *out = text.toInt(&ok);
    if (!ok || *out < 1)
        return Cli::usageError(Cli::tr("%1 must be a version number (1, 2, ...), not '%2'").arg(QLatin1String(what), text));
    return Ok;
}

} // namespace

int registryCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "list | show MODEL | register MODEL FILE [--run RUN_ID] [--description TEXT | --description-file FILE] | "
        "describe MODEL [VERSION] (--description TEXT | --description-file FILE) | alias MODEL ALIAS VERSION | "
        "unalias MODEL ALIAS | rollback MODEL ALIAS | stage MODEL VERSION STAGE [--archive-existing] | history MODEL | "
        "verify MODEL[@ALIAS|/VERSION] | download MODEL[@ALIAS|/VERSION] DEST"));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("run"), Cli::tr("register: the run the model came from."), Cli::tr("RUN_ID")});
    parser.addOption({QStringLiteral("description"), Cli::tr("register, describe: a description (Markdown)."), Cli::tr("TEXT")});
    parser.addOption({QStringLiteral("description-file"), Cli::tr("register, describe: the description from a file (- reads standard input)."),
                      Cli::tr("FILE")});
    parser.addOption({QStringLiteral("reason"), Cli::tr("Why (kept in the history)."), Cli::tr("TEXT")});
    parser.addOption({QStringLiteral("archive-existing"), Cli::tr("stage: move the other versions in that stage to Archived.")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("list, show, register, alias, unalias, rollback, stage or history"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return Cli::usageError(Cli::tr("usage: keel registry list|show|register|describe|alias|unalias|rollback|stage|history|verify|download ..."));
    const QString action = args[0];
    const std::string reason = parser.value(QStringLiteral("reason")).toStdString();
    const bool json = parser.isSet(QStringLiteral("json"));

    auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
    QTextStream &out = Cli::out();

    auto need = [&](int count) { return args.size() == count + 1; };
    if (action == QLatin1String("list") && need(0)) {
        const auto models = reg.models();
        if (json) {
            QJsonArray array;
            for (const auto &m : models) {
                QJsonObject aliases;
                for (const auto &[a, v] : m.aliases)
                    aliases.insert(QString::fromStdString(a), v);
                array.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(m.name)},
                                         {QStringLiteral("latest_version"), m.latestVersion},
                                         {QStringLiteral("aliases"), aliases},
                                         {QStringLiteral("description"), QString::fromStdString(m.description)}});
            }
            out << QJsonDocument(QJsonObject{{QStringLiteral("registered_models"), array}}).toJson(QJsonDocument::Indented);
        } else if (models.empty()) {
            out << Cli::tr("No registered models yet.") << '\n';
        } else {
            for (const auto &m : models) {
                QStringList aliases;
                for (const auto &[a, v] : m.aliases)
                    aliases << QStringLiteral("%1 → v%2").arg(QString::fromStdString(a)).arg(v);
                out << QString::fromStdString(m.name).leftJustified(28) << Cli::tr("latest v%1").arg(m.latestVersion).leftJustified(12)
                    << aliases.join(QStringLiteral(", ")) << '\n';
            }
        }
    } else if (action == QLatin1String("show") && need(1)) {
        const auto model = reg.model(args[1].toStdString());
        if (!model)
            throwError(ErrorKind::NotFound, "no registered model named \"" + args[1].toStdString() + "\"");
        const auto versions = reg.versions(model->name);
        if (json) {
            QJsonArray array;
            for (const auto &v : versions)
                array.append(versionJson(v));
            QJsonArray tags, aliases;
            for (const auto &[k, value] : model->tags)
                tags.append(QJsonObject{{QStringLiteral("key"), QString::fromStdString(k)}, {QStringLiteral("value"), QString::fromStdString(value)}});
            for (const auto &[alias, version] : model->aliases)
                aliases.append(QJsonObject{{QStringLiteral("alias"), QString::fromStdString(alias)}, {QStringLiteral("version"), QString::number(version)}});
            out << QJsonDocument(QJsonObject{{QStringLiteral("name"), QString::fromStdString(model->name)},
                                             {QStringLiteral("description"), QString::fromStdString(model->description)},
                                             {QStringLiteral("creation_timestamp"), qint64(model->createdAt)},
                                             {QStringLiteral("last_updated_timestamp"), qint64(model->updatedAt)},
                                             {QStringLiteral("tags"), tags},
                                             {QStringLiteral("aliases"), aliases},
                                             {QStringLiteral("model_versions"), array}})
                       .toJson(QJsonDocument::Indented);
        } else {
            out << QString::fromStdString(model->name) << '\n';
            if (!model->description.empty())
                out << "  " << QString::fromStdString(model->description) << '\n';
            for (const auto &v : versions) {
                out << QStringLiteral("  v%1  %2  %3").arg(v.version).arg(QString::fromStdString(v.stage), -10)
                           .arg(QString::fromStdString(v.artifactSha256).left(12));
                if (!v.aliases.empty()) {
                    QStringList a;
                    for (const auto &s : v.aliases)
                        a << QString::fromStdString(s);
                    out << "  @" << a.join(QStringLiteral(" @"));
                }
                if (v.runUuid)
                    out << Cli::tr("  run %1").arg(QString::fromStdString(*v.runUuid));
                out << '\n';
            }
        }
    } else if (action == QLatin1String("register") && need(2)) {
        const std::string name = args[1].toStdString();
        registry::NewVersion v;
        v.artifactFile = args[2].toStdString();
        v.source = args[2].toStdString();
        if (parser.isSet(QStringLiteral("run")))
            v.runUuid = parser.value(QStringLiteral("run")).toStdString();
        v.description = descriptionOf(parser).value_or(std::string());
        // A new model is created with its first version, in one transaction.
        const int number = reg.registerVersion(name, v, registry::ModelRegistry::currentActor(), true);
        out << Cli::tr("Registered %1 version %2 (artifact %3)")
                   .arg(args[1]).arg(number).arg(QString::fromStdString(reg.version(name, number).artifactSha256))
            << '\n';
    } else if (action == QLatin1String("describe") && (need(1) || need(2))) {
        const auto text = descriptionOf(parser);
        if (!text)
            return Cli::usageError(Cli::tr("describe needs --description TEXT or --description-file FILE"));
        std::optional<int> version;
        if (need(2)) {
            int number = 0;
            if (const int rc = intArgument(args[2], "VERSION", &number); rc != Ok)
                return rc;
            version = number;
        }
        reg.setDescription(args[1].toStdString(), version, *text);
        out << (version ? Cli::tr("Described %1 version %2 (%3 bytes)").arg(args[1]).arg(*version).arg(text->size())
                        : Cli::tr("Described %1 (%2 bytes)").arg(args[1]).arg(text->size()))
            << '\n';
    } else if (action == QLatin1String("verify") && need(1)) {
        // Re-hashes the artifact and every file of its manifest against what was registered.
        const registry::ModelVersion v = versionNamed(reg, args[1]);
        try {
            reg.loadArtifact(v.model, v.version);
        } catch (const Error &e) {
            out << Cli::tr("damaged: %1").arg(QString::fromStdString(e.what())) << '\n';
            out.flush();
            return CheckFailed;
        }
        out << Cli::tr("ok: %1 version %2 matches its registered artifact %3").arg(QString::fromStdString(v.model)).arg(v.version)
                   .arg(QString::fromStdString(v.artifactSha256))
            << '\n';
    } else if (action == QLatin1String("download") && need(2)) {
        // What a deployment script runs: the artifact written out, refused when it does not match.
        const registry::ModelVersion v = versionNamed(reg, args[1]);
        std::filesystem::path written;
        try {
            written = reg.exportArtifact(v.model, v.version, args[2].toStdString());
        } catch (const Error &e) {
            if (e.kind() != ErrorKind::Corrupt)
                throw;
            Cli::err() << Cli::tr("keel: refused: %1").arg(QString::fromStdString(e.what())) << '\n';
            return CheckFailed;
        }
        out << Cli::tr("%1 version %2 (artifact %3) written to %4").arg(QString::fromStdString(v.model)).arg(v.version)
                   .arg(QString::fromStdString(v.artifactSha256), QString::fromStdString(written.string()))
            << '\n';
    } else if (action == QLatin1String("alias") && need(3)) {
        int version = 0;
        if (const int rc = intArgument(args[3], "VERSION", &version); rc != Ok)
            return rc;
        reg.setAlias(args[1].toStdString(), args[2].toStdString(), version, registry::ModelRegistry::currentActor(), reason);
        out << Cli::tr("%1@%2 → version %3").arg(args[1], args[2]).arg(version) << '\n';
    } else if (action == QLatin1String("unalias") && need(2)) {
        reg.removeAlias(args[1].toStdString(), args[2].toStdString(), registry::ModelRegistry::currentActor(), reason);
        out << Cli::tr("Removed alias %1 of %2").arg(args[2], args[1]) << '\n';
    } else if (action == QLatin1String("rollback") && need(2)) {
        const int version = reg.rollback(args[1].toStdString(), args[2].toStdString(), registry::ModelRegistry::currentActor(), reason);
        out << Cli::tr("%1@%2 rolled back to version %3").arg(args[1], args[2]).arg(version) << '\n';
    } else if (action == QLatin1String("stage") && need(3)) {
        int version = 0;
        if (const int rc = intArgument(args[2], "VERSION", &version); rc != Ok)
            return rc;
        reg.transitionStage(args[1].toStdString(), version, args[3].toStdString(), parser.isSet(QStringLiteral("archive-existing")),
                            registry::ModelRegistry::currentActor(), reason);
        out << Cli::tr("%1 version %2 is now in %3").arg(args[1]).arg(version).arg(args[3]) << '\n';
    } else if (action == QLatin1String("history") && need(1)) {
        const auto entries = reg.history(args[1].toStdString());
        if (json) {
            QJsonArray array;
            for (const auto &e : entries)
                array.append(QJsonObject{{QStringLiteral("at"), double(e.at)},
                                         {QStringLiteral("actor"), QString::fromStdString(e.actor)},
                                         {QStringLiteral("action"), QString::fromStdString(e.action)},
                                         {QStringLiteral("version"), e.version ? QJsonValue(*e.version) : QJsonValue()},
                                         {QStringLiteral("subject"), QString::fromStdString(e.subject)},
                                         {QStringLiteral("from"), e.from ? QJsonValue(QString::fromStdString(*e.from)) : QJsonValue()},
                                         {QStringLiteral("to"), e.to ? QJsonValue(QString::fromStdString(*e.to)) : QJsonValue()},
                                         {QStringLiteral("reason"), QString::fromStdString(e.reason)}});
            out << QJsonDocument(QJsonObject{{QStringLiteral("history"), array}}).toJson(QJsonDocument::Indented);
        } else {
            for (const auto &e : entries) {
                out << QString::fromStdString(isoTimeUtc(e.at)).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')) << "  "
                    << QString::fromStdString(e.actor).leftJustified(14) << ' ' << QString::fromStdString(e.action).leftJustified(9) << ' '
                    << QString::fromStdString(e.subject).leftJustified(12) << ' '
                    << QStringLiteral("%1 → %2").arg(QString::fromStdString(e.from.value_or("—")), QString::fromStdString(e.to.value_or("—")));
                if (!e.reason.empty())
                    out << "  (" << QString::fromStdString(e.reason) << ')';
                out << '\n';
            }
        }
    } else {
        return Cli::usageError(Cli::tr("usage: keel registry list|show MODEL|register MODEL FILE|describe MODEL [VERSION]|alias MODEL ALIAS VERSION|"
                                       "unalias MODEL ALIAS|rollback MODEL ALIAS|stage MODEL VERSION STAGE|history MODEL|"
                                       "verify MODEL[@ALIAS|/VERSION]|download MODEL[@ALIAS|/VERSION] DEST"));
    }
    out.flush();
    return Ok;
}

} // namespace keel::cli
