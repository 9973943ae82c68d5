// keel models: the local models Keel finds (the models cache, the Hugging Face hub cache, folders
// given with --folder); keel embed MODEL FILE: sentence embeddings of each line of FILE.
#include "app/cli/cli.h"

#include "compute/devices.h"
#include "compute/workerpool.h"
#include "core/error.h"
#include "nn/bertencoder.h"
#include "nn/modelcatalog.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <fstream>

namespace keel::cli {

std::vector<std::filesystem::path> extraFolders(const QCommandLineParser &parser)
{
    std::vector<std::filesystem::path> extra;
    for (const QString &f : parser.values(QStringLiteral("folder")))
        extra.push_back(f.toStdString());
    return extra;
}

// A folder or file path, or the name of a found model.
std::filesystem::path resolveModel(const QString &model, const std::vector<std::filesystem::path> &extra)
{
    return nn::resolveModel(model.toStdString(), extra);
}

// --device: "cpu" (the default) or "cuda" / "cuda:N", refused naming what this machine has.
// The options embed and generate share: where else to look for models, and the device.
void addModelOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("folder"), Cli::tr("Also look for models in this folder (repeatable)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("device"), Cli::tr("cpu (the default), cuda or cuda:N."), Cli::tr("DEVICE")});
}

compute::DeviceId deviceOption(const QCommandLineParser &parser)
{
    const QString text = parser.value(QStringLiteral("device")).trimmed().toLower();
    if (text.isEmpty() || text == QLatin1String("cpu"))
        return compute::DeviceId::cpu();
    int index = 0;
    bool ok = text == QLatin1String("cuda");
    if (text.startsWith(QLatin1String("cuda:")))
        index = text.mid(5).toInt(&ok);
    if (!ok || index < 0)
        throwError(ErrorKind::BadInput, "--device takes cpu, cuda or cuda:N, not '" + text.toStdString() + "'");
    const compute::DeviceReport report = compute::discoverDevices();
    const auto gpus = report.gpuSlots();
    if (std::none_of(gpus.begin(), gpus.end(), [index](const compute::GpuSlot &g) { return g.index == index; }))
        throwError(ErrorKind::BadInput, "--device " + text.toStdString() + ": no such CUDA device here (" +
                                            (gpus.empty() ? report.gpuNote : std::to_string(gpus.size()) + " found") + ")");
    return compute::DeviceId::cuda(index);
}


int modelsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("The local models Keel finds: the models cache (scripts/fetch-models.sh), the Hugging Face hub cache "
                                             "and folders given with --folder."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("folder"), Cli::tr("Also look in this folder (repeatable)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const auto folders = nn::modelFolders(extraFolders(parser));
    const auto models = nn::findModels(folders);
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const auto &m : models)
            array.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(m.name)},
                                     {QStringLiteral("path"), QString::fromStdString(m.path.string())},
                                     {QStringLiteral("format"), QString::fromStdString(m.format)},
                                     {QStringLiteral("architecture"), QString::fromStdString(m.architecture)},
                                     {QStringLiteral("quantisation"), QString::fromStdString(m.quantisation)},
                                     {QStringLiteral("kind"), QString::fromStdString(m.kind)},
                                     {QStringLiteral("bytes"), double(m.bytes)}});
        out << QJsonDocument(array).toJson();
        return Ok;
    }
    for (const auto &m : models)
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(QString::fromStdString(m.name), -32)
                   .arg(QString::fromStdString(m.kind), -8)
                   .arg(QString::fromStdString(m.format), -12)
                   .arg(QString::fromStdString(m.quantisation), -8)
                   .arg(Cli::bytes(m.bytes), 10)
                   .arg(QString::fromStdString(m.path.string()));
    if (models.empty()) {
        out << Cli::tr("No models found in:") << '\n';
        for (const auto &f : folders)
            out << "  " << QString::fromStdString(f.string()) << '\n';
        out << Cli::tr("scripts/fetch-models.sh fetches SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the first.") << '\n';
    }
    return Ok;
}

int embedCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("MODEL FILE: a sentence embedding for each line of FILE, as JSON lines ({\"text\", \"embedding\"}). "
                                             "MODEL is a sentence-transformers folder or a name keel models lists."));
    Cli::addCommonOptions(parser);
    addModelOptions(parser);
    parser.addOption({QStringLiteral("batch"), Cli::tr("Texts per batch (default 64)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Write the JSON lines to FILE instead of standard output."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("model"), Cli::tr("the model"));
    parser.addPositionalArgument(QStringLiteral("file"), Cli::tr("text, one input per line"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        return Cli::usageError(Cli::tr("usage: keel embed MODEL FILE [--batch N] [--output FILE]"));
    bool ok = true;
    const int batch = parser.isSet(QStringLiteral("batch")) ? parser.value(QStringLiteral("batch")).toInt(&ok) : 64;
    if (!ok || batch < 1)
        return Cli::usageError(Cli::tr("--batch takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("batch"))));
    try {
        const auto folder = resolveModel(args[0], extraFolders(parser));
        std::ifstream in(args[1].toStdString(), std::ios::binary);
        if (!in)
            throwError(ErrorKind::NotFound, "cannot read " + args[1].toStdString());
        std::vector<std::string> texts;
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            texts.push_back(line);
        }
        QElapsedTimer loading;
        loading.start();
        const auto encoder = nn::BertEncoder::load(folder, deviceOption(parser));
        const qint64 loadMs = loading.elapsed();
        QElapsedTimer timer;
        timer.start();
        const auto vectors = encoder->embed(texts, std::size_t(batch));
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        std::size_t tokens = 0;
        for (const auto &t : texts)
            tokens += encoder->tokenizer().encode(t, true, encoder->config().maxSequence).ids.size();
        QFile outFile;
        QTextStream *out = &Cli::out();
        QTextStream fileStream;
        if (parser.isSet(QStringLiteral("output"))) {
            outFile.setFileName(parser.value(QStringLiteral("output")));
            if (!outFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return Cli::usageError(Cli::tr("cannot write %1: %2").arg(outFile.fileName(), outFile.errorString()));
            fileStream.setDevice(&outFile);
            out = &fileStream;
        }
        for (std::size_t i = 0; i < texts.size(); ++i) {
            QJsonArray v;
            for (float x : vectors[i])
                v.append(double(x));
            *out << QJsonDocument(QJsonObject{{QStringLiteral("text"), QString::fromStdString(texts[i])}, {QStringLiteral("embedding"), v}})
                        .toJson(QJsonDocument::Compact)
                 << '\n';
        }
        out->flush();
        Cli::err() << Cli::tr("%1 texts (%2 tokens) embedded in %3 s: %4 embeddings/s, %5 tokens/s (batch %6, model loaded in %7 ms)")
                          .arg(texts.size())
                          .arg(tokens)
                          .arg(seconds, 0, 'f', 3)
                          .arg(double(texts.size()) / std::max(seconds, 1e-9), 0, 'f', 1)
                          .arg(double(tokens) / std::max(seconds, 1e-9), 0, 'f', 0)
                          .arg(batch)
                          .arg(loadMs)
                   << '\n';
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli

#include "nn/llamamodel.h"

namespace keel::cli {

int generateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("MODEL PROMPT: text generated by a local GGUF model, streamed as it comes. An instruct model's "
                                             "chat template wraps the prompt unless --raw is given."));
    Cli::addCommonOptions(parser);
    addModelOptions(parser);
    parser.addOption({QStringLiteral("max-tokens"), Cli::tr("Stop after N tokens (default 128)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("temperature"), Cli::tr("Sampling temperature; 0 is greedy (default 0)."), Cli::tr("T")});
    parser.addOption({QStringLiteral("top-k"), Cli::tr("Sample among the K likeliest tokens."), Cli::tr("K")});
    parser.addOption({QStringLiteral("top-p"), Cli::tr("Sample among the likeliest tokens whose probabilities reach P."), Cli::tr("P")});
    parser.addOption({QStringLiteral("repetition-penalty"), Cli::tr("Penalise tokens already seen (1 is none)."), Cli::tr("R")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Random seed for sampling (default 0)."), Cli::tr("S")});
    parser.addOption({QStringLiteral("stop"), Cli::tr("Stop before this text (repeatable)."), Cli::tr("TEXT")});
    parser.addOption({QStringLiteral("system"), Cli::tr("A system message for the chat template."), Cli::tr("TEXT")});
    parser.addOption({QStringLiteral("raw"), Cli::tr("Give the prompt to the model as it is, without the chat template.")});
    parser.addOption({QStringLiteral("json"), Cli::tr("Print the result and its metrics as JSON instead of streaming.")});
    parser.addPositionalArgument(QStringLiteral("model"), Cli::tr("a .gguf file or a name keel models lists"));
    parser.addPositionalArgument(QStringLiteral("prompt"), Cli::tr("the prompt"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        return Cli::usageError(Cli::tr("usage: keel generate MODEL PROMPT [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--stop TEXT] [--raw] [--json]"));
    nn::SamplingParams p;
    bool ok = true;
    auto number = [&](const char *name, double fallback, double lo, double hi) {
        if (!parser.isSet(QLatin1String(name)))
            return fallback;
        const double v = parser.value(QLatin1String(name)).toDouble(&ok);
        if (!ok || v < lo || v > hi) {
            ok = false;
            Cli::err() << Cli::tr("keel: --%1 takes a number in [%2, %3], not '%4'").arg(QLatin1String(name)).arg(lo).arg(hi).arg(parser.value(QLatin1String(name)))
                       << '\n';
        }
        return v;
    };
    p.maxTokens = std::size_t(number("max-tokens", 128, 1, 1e6));
    p.temperature = number("temperature", 0, 0, 10);
    p.topK = std::size_t(number("top-k", 0, 0, 1e7));
    p.topP = number("top-p", 1, 0, 1);
    p.repetitionPenalty = number("repetition-penalty", 1, 0.01, 100);
    p.seed = std::uint64_t(number("seed", 0, 0, 1e18));
    if (!ok)
        return BadUsage;
    for (const QString &s : parser.values(QStringLiteral("stop")))
        p.stop.push_back(s.toStdString());
    try {
        const auto path = resolveModel(args[0], extraFolders(parser));
        QElapsedTimer loading;
        loading.start();
        const auto model = nn::LlamaModel::load(path, deviceOption(parser)); // (fp16 matrices on CUDA)
        const qint64 loadMs = loading.elapsed();
        std::string prompt = args[1].toStdString();
        if (!parser.isSet(QStringLiteral("raw"))) {
            std::vector<nn::ChatMessage> messages;
            if (parser.isSet(QStringLiteral("system")))
                messages.push_back({"system", parser.value(QStringLiteral("system")).toStdString()});
            messages.push_back({"user", prompt});
            prompt = nn::renderChat(model->chatTemplate(), messages);
        }
        const auto ids = model->tokenizer().encodePrompt(prompt).ids;
        QTextStream &out = Cli::out();
        const bool json = parser.isSet(QStringLiteral("json"));
        const nn::Generation g = model->generate(ids, p, [&](const std::string &piece) {
            if (!json) {
                out << QString::fromStdString(piece);
                out.flush();
            }
            return true;
        });
        if (json) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("model"), QString::fromStdString(model->config().name)},
                                             {QStringLiteral("text"), QString::fromStdString(g.text)},
                                             {QStringLiteral("stop_reason"), QString::fromStdString(g.stopReason)},
                                             {QStringLiteral("prompt_tokens"), double(g.promptTokens)},
                                             {QStringLiteral("completion_tokens"), double(g.tokens.size())},
                                             {QStringLiteral("time_to_first_token_ms"), g.timeToFirstTokenMs},
                                             {QStringLiteral("tokens_per_second"), g.tokensPerSecond},
                                             {QStringLiteral("total_ms"), g.totalMs}})
                       .toJson();
        } else {
            out << '\n';
            out.flush();
            Cli::err() << Cli::tr("%1: %2 prompt tokens, %3 generated (%4); first token after %5 ms, then %6 tokens/s; model loaded in %7 ms")
                              .arg(QString::fromStdString(model->config().name))
                              .arg(g.promptTokens)
                              .arg(g.tokens.size())
                              .arg(QString::fromStdString(g.stopReason))
                              .arg(g.timeToFirstTokenMs, 0, 'f', 0)
                              .arg(g.tokensPerSecond, 0, 'f', 1)
                              .arg(loadMs)
                       << '\n';
        }
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
