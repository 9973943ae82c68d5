// keel batch as scripts run it: OpenAI's Batch API files in and out, resumable after kill -9,
// with input errors named by file and line before anything runs.
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <map>

using keel::test::runKeel;

namespace {

const QString kTiny = QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf");

void writeRequests(const QString &path, int count)
{
    std::ofstream out(path.toStdString());
    for (int i = 0; i < count; ++i)
        out << nlohmann::json{{"custom_id", "req-" + std::to_string(i)},
                              {"method", "POST"},
                              {"url", i % 5 == 0 ? "/v1/completions" : "/v1/chat/completions"},
                              {"body", i % 5 == 0 ? nlohmann::json{{"prompt", "Hello " + std::to_string(i)}, {"max_tokens", 24}, {"temperature", 0}}
                                                  : nlohmann::json{{"messages", {{{"role", "user"}, {"content", "Hello " + std::to_string(i)}}}},
                                                                   {"max_tokens", 24},
                                                                   {"temperature", 0}}}}
                   .dump()
            << "\n";
}

// custom_id → the answer's text, checking every line is a whole batch result.
std::map<std::string, std::string> results(const QString &path, int *lines = nullptr)
{
    std::map<std::string, std::string> out;
    std::ifstream in(path.toStdString());
    int n = 0;
    for (std::string line; std::getline(in, line); ++n) {
        const auto j = nlohmann::json::parse(line);
        const auto &body = j["response"]["body"];
        const auto &choice = body["choices"][0];
        out[j["custom_id"]] = choice.contains("message") ? choice["message"]["content"].get<std::string>() : choice["text"].get<std::string>();
    }
    if (lines)
        *lines = n;
    return out;
}

int linesIn(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return int(f.readAll().count('\n'));
}

} // namespace

class TestServeCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void batchResumesAfterKill9()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("in.jsonl")), whole = dir.filePath(QStringLiteral("whole.jsonl")),
                      resumed = dir.filePath(QStringLiteral("resumed.jsonl"));
        writeRequests(input, 300);
        // Uninterrupted, for reference.
        const auto once = runKeel({QStringLiteral("batch"), kTiny, input, whole, QStringLiteral("--json")});
        QVERIFY2(once.code == 0, qPrintable(once.out + once.err));
        const auto summary = nlohmann::json::parse(once.out.toStdString());
        QCOMPARE(summary["succeeded"], 300);
        const auto reference = results(whole);
        QCOMPARE(reference.size(), std::size_t(300));

        // Killed part-way (kill -9: no chance to tidy up), then run again.
        QProcess first;
        first.start(QStringLiteral(KEEL_BINARY), {QStringLiteral("batch"), kTiny, input, resumed, QStringLiteral("--concurrency"), QStringLiteral("2")});
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(linesIn(resumed) >= 20, 60000);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        const int before = linesIn(resumed);
        QVERIFY2(before < 300, "the batch finished before it could be killed");
        const auto again = runKeel({QStringLiteral("batch"), kTiny, input, resumed, QStringLiteral("--json")});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        const auto s = nlohmann::json::parse(again.out.toStdString());
        QVERIFY(s["skipped"].get<int>() >= before - 1); // a line cut short by the kill runs again
        QCOMPARE(s["skipped"].get<int>() + s["succeeded"].get<int>(), 300);
        int lines = 0;
        const auto got = results(resumed, &lines);
        QCOMPARE(lines, 300);              // no duplicate, none lost
        QVERIFY(got == reference);         // greedy: the same answers as the uninterrupted run
    }

    void batchInputErrorsNameTheLine()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("in.jsonl")), output = dir.filePath(QStringLiteral("out.jsonl"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/completions\", \"body\": {\"prompt\": \"x\"}}\n"
                "{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/completions\", \"body\": {\"prompt\": \"y\"}}\n");
        f.close();
        const auto r = runKeel({QStringLiteral("batch"), kTiny, input, output});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("in.jsonl:2: custom_id \"a\" repeats line 1")), qPrintable(r.err));
        QVERIFY(!QFile::exists(output) || QFile(output).size() == 0); // nothing ran
    }
};

QTEST_GUILESS_MAIN(TestServeCli)
#include "tst_servecli.moc"
