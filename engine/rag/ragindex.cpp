#include "rag/ragindex.h"

#include "rag/torchsearch.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/sha256.h"
#include "nn/bertencoder.h"
#include "store/database.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <numeric>
#include <regex>
#include <set>
#include <unordered_map>

namespace keel::rag {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char *kCacheSchema = R"sql(
CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file_chunks(hash TEXT NOT NULL, chunker TEXT NOT NULL, title TEXT NOT NULL, chunks TEXT NOT NULL,
                                       PRIMARY KEY(hash, chunker));
CREATE TABLE IF NOT EXISTS embeddings(chunk_hash TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(chunk_hash, model));
CREATE TABLE IF NOT EXISTS models(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL, digest TEXT NOT NULL);
)sql";

constexpr const char *kChunksSchema = R"sql(
CREATE TABLE chunks(id INTEGER PRIMARY KEY, source TEXT NOT NULL, begin INTEGER NOT NULL, end INTEGER NOT NULL, page INTEGER NOT NULL,
                    heading TEXT NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL);
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='id');
)sql";

fs::path indexesDir(const fs::path &workspace) { return workspace / "indexes"; }

sql::Database openCache(const fs::path &workspace)
{
    fs::create_directories(indexesDir(workspace));
    sql::Database db = sql::Database::open(indexesDir(workspace) / "cache.db", sql::Database::Mode::Create);
    db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
    db.exec(kCacheSchema);
    return db;
}

std::int64_t mtimeNs(const fs::path &p)
{
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    return ec ? 0 : std::int64_t(t.time_since_epoch().count());
}

fs::path weightsFile(const fs::path &model)
{
    if (fs::is_regular_file(model))
        return model;
    for (const char *name : {"model.safetensors", "pytorch_model.bin"})
        if (fs::exists(model / name))
            return model / name;
    throwError(ErrorKind::BadInput, model.string() + ": not a sentence-transformers folder (no model.safetensors)");
}

int nextVersion(const fs::path &dir)
{
    int max = 0;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
        for (const auto &entry : fs::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.size() > 1 && name[0] == 'v' && std::all_of(name.begin() + 1, name.end(), ::isdigit))
                max = std::max(max, std::stoi(name.substr(1)));
        }
    }
    return max + 1;
}

json chunksToJson(const std::vector<Chunk> &chunks)
{
    json a = json::array();
    for (const Chunk &c : chunks)
        a.push_back({{"t", c.text}, {"b", c.begin}, {"e", c.end}, {"p", c.page}, {"h", c.headingPath}});
    return a;
}

std::vector<Chunk> chunksFromJson(const json &a)
{
    std::vector<Chunk> out;
    for (const json &j : a)
        out.push_back({j.at("t").get<std::string>(), j.at("b").get<std::size_t>(), j.at("e").get<std::size_t>(), j.at("p").get<int>(),
                       j.at("h").get<std::string>()});
    return out;
}

void writeFloats(const fs::path &file, const std::vector<float> &v)
{
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(v.data()), std::streamsize(v.size() * sizeof(float)));
    if (!out)
        throwError(ErrorKind::Io, file.string() + ": cannot be written");
}

json measurementJsonImpl(const IndexMeasurement &m)
{
    return {{"index", m.spec.toJson()},    {"describe", m.spec.describe()}, {"k", m.k},           {"queries", m.queries},
            {"recall", m.recall},          {"p50_ms", m.p50Ms},             {"p95_ms", m.p95Ms},   {"p99_ms", m.p99Ms},
            {"qps_1_thread", m.qpsOneThread}, {"qps_all_threads", m.qpsAllThreads}, {"bytes_per_vector", m.bytesPerVector},
            {"build_seconds", m.buildSeconds}, {"pareto", m.pareto}};
}

void check(const BuildHooks &hooks)
{
    if (hooks.stop && hooks.stop())
        throw compute::JobCancelled();
}

void report(const BuildHooks &hooks, double fraction, const std::string &message)
{
    if (hooks.progress)
        hooks.progress(fraction, message);
}

} // namespace

void checkIndexName(const std::string &name)
{
    static const std::regex valid("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    if (!std::regex_match(name, valid))
        throwError(ErrorKind::BadInput, "index name '" + name + "': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
}

std::string modelDigest(const fs::path &workspace, const fs::path &model)
{
    const fs::path weights = weightsFile(model);
    sql::Database db = openCache(workspace);
    const std::string key = fs::absolute(weights).lexically_normal().string();
    const auto size = std::int64_t(fs::file_size(weights));
    const std::int64_t mtime = mtimeNs(weights);
    auto q = db.prepare("SELECT digest FROM models WHERE path = ? AND size = ? AND mtime = ?");
    q.bindAll(key, size, mtime);
    if (q.step())
        return q.text(0);
    const std::string digest = sha256File(weights);
    db.prepare("INSERT OR REPLACE INTO models(path, size, mtime, digest) VALUES (?, ?, ?, ?)").bindAll(key, size, mtime, digest).run();
    return digest;
}

std::vector<float> sampleQueries(const std::vector<float> &vectors, std::size_t dim, std::size_t count, std::vector<std::int64_t> &leaveOut)
{
    const std::size_t n = dim ? vectors.size() / dim : 0;
    count = std::min(count, n);
    std::vector<float> out;
    leaveOut.clear();
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t id = (i * n) / count + (n / count) / 2;
        leaveOut.push_back(std::int64_t(std::min(id, n - 1)));
        out.insert(out.end(), vectors.begin() + std::ptrdiff_t(leaveOut.back() * dim), vectors.begin() + std::ptrdiff_t((leaveOut.back() + 1) * dim));
    }
    return out;
}

BuildReport buildIndex(const fs::path &workspace, const BuildOptions &options, const BuildHooks &hooks)
{
    const std::int64_t started = steadyNs();
    checkIndexName(options.name);
    if (options.sources.empty())
        throwError(ErrorKind::BadInput, "no sources: give files or folders to index");
    if (options.chunker.effectiveOverlap() >= options.chunker.effectiveSize())
        throwError(ErrorKind::BadInput, "chunker: the overlap (" + std::to_string(options.chunker.effectiveOverlap()) +
                                            ") must be smaller than the size (" + std::to_string(options.chunker.effectiveSize()) + ")");
    const SourceList sources = listSources(options.sources, options.limits);
    BuildReport rep;
    rep.name = options.name;
    rep.skipped = sources.skipped;

    report(hooks, 0.0, "loading " + options.model.filename().string());
    const std::string digest = modelDigest(workspace, options.model);
    const auto encoder = nn::BertEncoder::load(options.model, options.device);
    const std::size_t dim = encoder->dimension();
    const TokenCounter countTokens = [&encoder](std::string_view text) { return encoder->tokenizer().encode(text, false, 0).ids.size(); };
    const bool tokenBased = options.chunker.kind == ChunkerKind::Tokens || options.chunker.kind == ChunkerKind::Sentence;
    const std::string chunkerKey = options.chunker.key() + (tokenBased ? " tokenizer=" + digest.substr(0, 16) : "");

    sql::Database cache = openCache(workspace);
    const fs::path dir = indexesDir(workspace) / options.name;
    fs::create_directories(dir);
    // Leftovers of builds that were killed.
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec))
        if (entry.path().filename().string().rfind(".partial-", 0) == 0)
            fs::remove_all(entry.path(), ec);
    const int version = nextVersion(dir);
    const fs::path partial = dir / (".partial-v" + std::to_string(version));
    fs::create_directories(partial);
    try {
        sql::Database chunksDb = sql::Database::open(partial / "chunks.db", sql::Database::Mode::Create);
        chunksDb.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
        chunksDb.exec(kChunksSchema);

        // 1. Read and chunk, reusing the cache for files that have not changed.
        json manifestSources = json::array();
        std::vector<std::string> chunkHashes; // by chunk id
        std::vector<std::size_t> chunkLengths;
        {
            sql::Transaction tx(chunksDb);
            auto insert = chunksDb.prepare("INSERT INTO chunks(id, source, begin, end, page, heading, hash, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (std::size_t i = 0; i < sources.files.size(); ++i) {
                check(hooks);
                const SourceFile &file = sources.files[i];
                report(hooks, 0.3 * double(i) / double(sources.files.size()), "chunking " + file.relative);
                const std::string path = fs::absolute(file.path).lexically_normal().string();
                std::string hash;
                {
                    auto q = cache.prepare("SELECT hash FROM files WHERE path = ? AND size = ? AND mtime = ?");
                    q.bindAll(path, std::int64_t(file.size), file.mtimeNs);
                    if (q.step())
                        hash = q.text(0);
                }
                std::vector<Chunk> chunks;
                std::string title;
                bool reused = false;
                if (!hash.empty()) {
                    auto q = cache.prepare("SELECT chunks, title FROM file_chunks WHERE hash = ? AND chunker = ?");
                    q.bindAll(hash, chunkerKey);
                    if (q.step()) {
                        chunks = chunksFromJson(json::parse(q.text(0)));
                        title = q.text(1);
                        reused = true;
                    }
                }
                if (!reused) {
                    try {
                        const Document doc = readDocument(file);
                        chunks = chunkText(doc.text, options.chunker, countTokens);
                        for (Chunk &c : chunks)
                            c.page = doc.pageAt(c.begin);
                        hash = doc.hash;
                        title = doc.title;
                    } catch (const Error &e) {
                        rep.skipped.push_back({file.relative, e.what()});
                        continue;
                    }
                    sql::Transaction ctx(cache);
                    cache.prepare("INSERT OR REPLACE INTO files(path, size, mtime, hash) VALUES (?, ?, ?, ?)")
                        .bindAll(path, std::int64_t(file.size), file.mtimeNs, hash)
                        .run();
                    cache.prepare("INSERT OR REPLACE INTO file_chunks(hash, chunker, title, chunks) VALUES (?, ?, ?, ?)")
                        .bindAll(hash, chunkerKey, title, chunksToJson(chunks).dump())
                        .run();
                    ctx.commit();
                } else {
                    ++rep.filesReused;
                }
                ++rep.files;
                for (const Chunk &c : chunks) {
                    const std::string chunkHash = sha256Hex(c.text);
                    insert.bindAll(std::int64_t(chunkHashes.size()), file.relative, std::int64_t(c.begin), std::int64_t(c.end), c.page, c.headingPath,
                                   chunkHash, c.text);
                    insert.run();
                    insert.reset();
                    chunkHashes.push_back(chunkHash);
                    chunkLengths.push_back(c.text.size());
                }
                manifestSources.push_back(
                    {{"path", file.relative}, {"hash", hash}, {"kind", file.kind}, {"chunks", chunks.size()}, {"title", title}, {"bytes", file.size}});
            }
            chunksDb.exec("INSERT INTO chunks_fts(chunks_fts) VALUES('rebuild')");
            tx.commit();
        }
        rep.chunks = chunkHashes.size();
        rep.readSeconds = double(steadyNs() - started) / 1e9;
        if (rep.chunks == 0)
            throwError(ErrorKind::BadInput, "no text to index: " + std::to_string(rep.skipped.size()) + " files skipped" +
                                                (rep.skipped.empty() ? "" : " (" + rep.skipped.front().relative + ": " + rep.skipped.front().reason + ")"));

        // 2. Embeddings: from the cache by chunk hash and model digest, the rest embedded.
        const std::int64_t embedStart = steadyNs();
        std::vector<float> vectors(rep.chunks * dim);
        std::unordered_map<std::string, std::vector<std::size_t>> missing; // chunk hash → ids
        {
            auto q = cache.prepare("SELECT vector FROM embeddings WHERE chunk_hash = ? AND model = ?");
            for (std::size_t id = 0; id < rep.chunks; ++id) {
                q.bindAll(chunkHashes[id], digest);
                if (q.step() && q.blob(0).size() == dim * sizeof(float)) {
                    std::memcpy(&vectors[id * dim], q.blob(0).data(), dim * sizeof(float));
                    ++rep.embeddingsReused;
                } else {
                    missing[chunkHashes[id]].push_back(id);
                }
                q.reset();
            }
        }
        // Shortest first, so that each batch pads little.
        std::vector<std::pair<std::size_t, std::string>> order;
        for (const auto &[hash, ids] : missing)
            order.emplace_back(chunkLengths[ids.front()], hash);
        std::sort(order.begin(), order.end());
        const std::size_t group = std::max<std::size_t>(options.batchSize * 4, 8);
        auto text = chunksDb.prepare("SELECT text FROM chunks WHERE id = ?");
        rep.modelWindow = encoder->config().maxSequence;
        for (std::size_t g = 0; g < order.size(); g += group) {
            check(hooks);
            report(hooks, 0.3 + 0.55 * double(g) / double(order.size()),
                   "embedding chunks " + std::to_string(g) + " of " + std::to_string(order.size()));
            const std::size_t end = std::min(order.size(), g + group);
            std::vector<std::string> texts;
            for (std::size_t i = g; i < end; ++i) {
                text.bind(1, std::int64_t(missing[order[i].second].front()));
                text.step();
                texts.push_back(text.text(0));
                text.reset();
            }
            for (const std::string &t : texts)
                if (encoder->tokenizer().encode(t, true, 0).ids.size() > rep.modelWindow)
                    ++rep.truncatedChunks;
            const auto embedded = encoder->embed(texts, options.batchSize);
            sql::Transaction tx(cache);
            auto put = cache.prepare("INSERT OR REPLACE INTO embeddings(chunk_hash, model, vector) VALUES (?, ?, ?)");
            for (std::size_t i = g; i < end; ++i) {
                const auto &v = embedded[i - g];
                put.bindAll(order[i].second, digest, std::span<const std::byte>(reinterpret_cast<const std::byte *>(v.data()), v.size() * sizeof(float)));
                put.run();
                put.reset();
                for (std::size_t id : missing[order[i].second])
                    std::memcpy(&vectors[id * dim], v.data(), dim * sizeof(float));
            }
            tx.commit();
            rep.embedded += end - g;
        }
        rep.embedSeconds = double(steadyNs() - embedStart) / 1e9;

        // 3. The vector index.
        check(hooks);
        report(hooks, 0.87, "building " + options.index.describe());
        if (options.index.metric == Metric::InnerProduct)
            normalizeRows(vectors.data(), rep.chunks, dim);
        const std::int64_t indexStart = steadyNs();
        VectorIndex index = VectorIndex::build(options.index, vectors.data(), rep.chunks, dim);
        rep.indexSeconds = double(steadyNs() - indexStart) / 1e9;
        index.save(partial / "vectors.faiss");
        writeFloats(partial / "vectors.f32", vectors);
        rep.indexBytes = index.bytes();

        // 4. Measured against exact search on vectors sampled from the index itself.
        report(hooks, 0.93, "measuring recall against exact search");
        std::vector<std::int64_t> leaveOut;
        const auto queries = sampleQueries(vectors, dim, options.measureQueries, leaveOut);
        if (!leaveOut.empty()) {
            const std::size_t k = std::min(options.measureK, rep.chunks > 1 ? rep.chunks - 1 : 1);
            const auto truth = exactNeighbours(vectors.data(), rep.chunks, dim, options.index.metric, queries.data(), leaveOut.size(), k, leaveOut);
            IndexMeasurement m = measureIndex(index, queries.data(), leaveOut.size(), k, truth, leaveOut);
            m.buildSeconds = rep.indexSeconds;
            rep.measurement = m;
        }

        // 5. The manifest, then the version appears.
        rep.version = version;
        rep.totalSeconds = double(steadyNs() - started) / 1e9;
        json skipped = json::array();
        for (const SkippedFile &s : rep.skipped)
            skipped.push_back({{"path", s.relative}, {"reason", s.reason}});
        json manifest{
            {"format", 1},
            {"name", options.name},
            {"version", version},
            {"created", isoTimeUtc(nowMs())},
            {"sources", manifestSources},
            {"roots", json::array()},
            {"skipped", skipped},
            {"chunker", {{"kind", chunkerName(options.chunker.kind)}, {"size", options.chunker.effectiveSize()}, {"overlap", options.chunker.effectiveOverlap()}, {"key", chunkerKey}}},
            {"model", {{"name", options.modelName.empty() ? options.model.filename().string() : options.modelName}, {"path", fs::absolute(options.model).lexically_normal().string()}, {"digest", digest}, {"dimension", dim}}},
            {"index", index.spec().toJson()},
            {"index_describe", index.spec().describe()},
            {"vectors", rep.chunks},
            {"dimension", dim},
            {"files", rep.files},
            {"build", {{"total_seconds", rep.totalSeconds}, {"read_seconds", rep.readSeconds}, {"embed_seconds", rep.embedSeconds},
                       {"index_seconds", rep.indexSeconds}, {"embedded", rep.embedded}, {"embeddings_reused", rep.embeddingsReused},
                       {"files_reused", rep.filesReused}, {"truncated_chunks", rep.truncatedChunks}, {"model_window_tokens", rep.modelWindow}}},
            {"index_bytes", rep.indexBytes},
            {"bytes_per_vector", double(rep.indexBytes) / double(rep.chunks)},
        };
        for (const fs::path &root : options.sources)
            manifest["roots"].push_back(fs::absolute(root).lexically_normal().string());
        if (rep.measurement)
            manifest["measurement"] = measurementJsonImpl(*rep.measurement);
        {
            std::ofstream out(partial / "manifest.json");
            out << manifest.dump(2) << '\n';
            if (!out)
                throwError(ErrorKind::Io, (partial / "manifest.json").string() + ": cannot be written");
        }
        rep.dir = dir / ("v" + std::to_string(version));
        fs::rename(partial, rep.dir);
    } catch (...) {
        fs::remove_all(partial, ec);
        throw;
    }
    report(hooks, 1.0, "built " + options.name + " v" + std::to_string(version));
    return rep;
}

std::vector<IndexVersion> listIndexes(const fs::path &workspace)
{
    std::vector<IndexVersion> out;
    std::error_code ec;
    const fs::path root = indexesDir(workspace);
    if (!fs::is_directory(root, ec))
        return out;
    for (const auto &entry : fs::directory_iterator(root, ec)) {
        if (!entry.is_directory())
            continue;
        for (const auto &v : fs::directory_iterator(entry.path(), ec)) {
            const fs::path manifest = v.path() / "manifest.json";
            if (!fs::exists(manifest))
                continue;
            try {
                std::ifstream in(manifest);
                IndexVersion iv;
                iv.manifest = json::parse(in);
                iv.name = iv.manifest.at("name").get<std::string>();
                iv.version = iv.manifest.at("version").get<int>();
                iv.dir = v.path();
                out.push_back(std::move(iv));
            } catch (const std::exception &) {
                continue; // a damaged manifest: the version is not listed
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const IndexVersion &a, const IndexVersion &b) { return std::tie(a.name, a.version) < std::tie(b.name, b.version); });
    return out;
}

IndexVersion findIndex(const fs::path &workspace, const std::string &ref)
{
    if (fs::exists(fs::path(ref) / "manifest.json")) {
        std::ifstream in(fs::path(ref) / "manifest.json");
        IndexVersion iv;
        try {
            iv.manifest = json::parse(in);
            iv.name = iv.manifest.at("name").get<std::string>();
            iv.version = iv.manifest.at("version").get<int>();
        } catch (const std::exception &e) {
            throwError(ErrorKind::Corrupt, (fs::path(ref) / "manifest.json").string() + ": " + e.what());
        }
        iv.dir = ref;
        return iv;
    }
    std::string name = ref;
    int version = 0;
    if (const auto at = ref.rfind('@'); at != std::string::npos) {
        name = ref.substr(0, at);
        try {
            version = std::stoi(ref.substr(at + 1));
        } catch (const std::exception &) {
            throwError(ErrorKind::BadInput, "'" + ref + "': expected NAME or NAME@VERSION");
        }
    }
    std::optional<IndexVersion> found;
    for (IndexVersion &iv : listIndexes(workspace))
        if (iv.name == name && (version == 0 || iv.version == version))
            found = std::move(iv);
    if (!found)
        throwError(ErrorKind::NotFound, "no index '" + ref + "' in " + workspace.string() + " (keel rag indexes lists them)");
    return *found;
}

QueryMode queryModeFromName(std::string_view name)
{
    if (name == "vector")
        return QueryMode::Vector;
    if (name == "keyword")
        return QueryMode::Keyword;
    if (name == "hybrid")
        return QueryMode::Hybrid;
    throwError(ErrorKind::BadInput, "unknown query mode '" + std::string(name) + "': use vector, keyword or hybrid");
}

std::string ftsQuery(const std::string &text)
{
    std::string out, word;
    auto flush = [&] {
        if (word.empty())
            return;
        out += (out.empty() ? "\"" : " OR \"") + word + "\"";
        word.clear();
    };
    for (unsigned char c : text) {
        // Letters and digits (and every byte of a multi-byte character) make words.
        if (std::isalnum(c) || c >= 0x80)
            word.push_back(char(c));
        else
            flush();
    }
    flush();
    return out;
}

struct RagIndex::Db {
    sql::Database db;
};

RagIndex::~RagIndex() = default;

std::unique_ptr<RagIndex> RagIndex::open(const IndexVersion &version, compute::DeviceId device)
{
    std::unique_ptr<RagIndex> r(new RagIndex);
    r->m_version = version;
    r->m_device = device;
    IndexSpec spec;
    try {
        spec = IndexSpec::fromJson(version.manifest.at("index"));
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::Corrupt, (version.dir / "manifest.json").string() + ": " + e.what());
    }
    r->m_index = std::make_unique<VectorIndex>(VectorIndex::load(version.dir / "vectors.faiss", spec));
    r->m_db = std::make_unique<Db>(Db{sql::Database::open(version.dir / "chunks.db", sql::Database::Mode::ReadOnly)});
    if (device.isCuda() && spec.type == IndexType::Flat) {
        const std::vector<float> v = r->vectors();
        r->m_gpuExact = std::make_unique<TorchExactIndex>(v.data(), r->chunkCount(), r->dimension(), spec.metric, device);
    }
    return r;
}

std::size_t RagIndex::chunkCount() const { return m_index->size(); }
std::size_t RagIndex::dimension() const { return m_index->dimension(); }

std::vector<float> RagIndex::embedQuery(const std::string &text)
{
    if (!m_encoder) {
        const fs::path model = m_version.manifest.at("model").at("path").get<std::string>();
        if (!fs::exists(model))
            throwError(ErrorKind::NotFound, "the index's model " + model.string() + " is not on this machine");
        m_encoder = nn::BertEncoder::load(model, m_device);
    }
    std::vector<float> v = m_encoder->embed({text}).front();
    if (m_index->spec().metric == Metric::InnerProduct)
        normalizeRows(v.data(), 1, v.size());
    return v;
}

RetrievedChunk RagIndex::chunk(std::int64_t id)
{
    auto &q = m_db->db.cached("SELECT source, begin, end, page, heading, text FROM chunks WHERE id = ?");
    q.reset();
    q.bind(1, id);
    RetrievedChunk c;
    c.id = id;
    if (!q.step())
        throwError(ErrorKind::Corrupt, (m_version.dir / "chunks.db").string() + ": no chunk " + std::to_string(id));
    c.source = q.text(0);
    c.begin = std::size_t(q.int64(1));
    c.end = std::size_t(q.int64(2));
    c.page = int(q.int64(3));
    c.headingPath = q.text(4);
    c.text = q.text(5);
    q.reset();
    return c;
}

std::vector<RetrievedChunk> RagIndex::queryVector(const std::vector<float> &vector, std::size_t k)
{
    std::vector<RetrievedChunk> out;
    const auto hits = m_gpuExact ? m_gpuExact->search(vector.data(), 1, k) : m_index->search(vector.data(), 1, k);
    int rank = 0;
    for (const SearchHit &h : hits.front()) {
        RetrievedChunk c = chunk(h.id);
        c.score = h.score;
        c.vectorRank = ++rank;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<RetrievedChunk> RagIndex::keyword(const std::string &text, std::size_t k)
{
    std::vector<RetrievedChunk> out;
    const std::string match = ftsQuery(text);
    if (match.empty())
        return out;
    auto &q = m_db->db.cached("SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?");
    q.reset();
    q.bindAll(match, std::int64_t(k));
    std::vector<std::pair<std::int64_t, double>> hits;
    while (q.step())
        hits.emplace_back(q.int64(0), q.real(1));
    q.reset();
    int rank = 0;
    for (const auto &[id, bm25] : hits) {
        RetrievedChunk c = chunk(id);
        c.score = -bm25; // SQLite's bm25() is lower for better matches
        c.keywordRank = ++rank;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<RetrievedChunk> RagIndex::query(const std::string &text, std::size_t k, QueryMode mode)
{
    if (mode == QueryMode::Keyword)
        return keyword(text, k);
    if (mode == QueryMode::Vector)
        return queryVector(embedQuery(text), k);
    // Hybrid: each retriever's top candidates fused by reciprocal rank.
    const std::size_t depth = std::max<std::size_t>(k * 2, 20);
    std::map<std::int64_t, RetrievedChunk> fused;
    for (RetrievedChunk &c : queryVector(embedQuery(text), depth)) {
        const std::int64_t id = c.id;
        c.score = 1.0 / (kRrfK + c.vectorRank);
        fused.emplace(id, std::move(c));
    }
    for (RetrievedChunk &c : keyword(text, depth)) {
        auto it = fused.find(c.id);
        if (it == fused.end()) {
            c.score = 1.0 / (kRrfK + c.keywordRank);
            fused.emplace(c.id, std::move(c));
        } else {
            it->second.keywordRank = c.keywordRank;
            it->second.score += 1.0 / (kRrfK + c.keywordRank);
        }
    }
    std::vector<RetrievedChunk> out;
    for (auto &[id, c] : fused)
        out.push_back(std::move(c));
    std::stable_sort(out.begin(), out.end(), [](const RetrievedChunk &a, const RetrievedChunk &b) { return a.score > b.score; });
    if (out.size() > k)
        out.resize(k);
    return out;
}

std::vector<float> RagIndex::vectors() const
{
    const fs::path file = m_version.dir / "vectors.f32";
    std::ifstream in(file, std::ios::binary);
    std::vector<float> v(m_index->size() * m_index->dimension());
    in.read(reinterpret_cast<char *>(v.data()), std::streamsize(v.size() * sizeof(float)));
    if (!in)
        throwError(ErrorKind::Corrupt, file.string() + ": shorter than the index's " + std::to_string(m_index->size()) + " vectors");
    return v;
}

json measurementToJson(const IndexMeasurement &m) { return measurementJsonImpl(m); }

namespace {

void writeJsonAtomically(const fs::path &file, const json &j)
{
    const fs::path tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp);
        out << j.dump(2) << '\n';
        if (!out)
            throwError(ErrorKind::Io, tmp.string() + ": cannot be written");
    }
    fs::rename(tmp, file);
}

std::string yamlWhere(const fs::path &file, const YAML::Node &node, const std::string &field)
{
    return file.string() + ":" + std::to_string(node.Mark().line + 1) + ": " + field;
}

} // namespace

BuildConfig readBuildConfig(const fs::path &file)
{
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile &) {
        throwError(ErrorKind::BadInput, file.string() + ": cannot be read");
    } catch (const YAML::Exception &e) {
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    if (!root.IsMap())
        throwError(ErrorKind::BadInput, file.string() + ": expected a mapping with name, sources, chunker, model and index");
    static const std::set<std::string> known{"name", "sources", "chunker", "model", "index", "batch"};
    for (const auto &kv : root) {
        const std::string key = kv.first.as<std::string>();
        if (!known.count(key))
            throwError(ErrorKind::BadInput, yamlWhere(file, kv.first, key) + ": unknown field (name, sources, chunker, model, index, batch)");
    }
    BuildConfig c;
    const fs::path base = file.parent_path();
    auto scalar = [&](const YAML::Node &node, const std::string &field) {
        if (!node.IsScalar())
            throwError(ErrorKind::BadInput, yamlWhere(file, node, field) + ": expected a value");
        return node.as<std::string>();
    };
    auto integer = [&](const YAML::Node &node, const std::string &field) {
        try {
            const long long v = node.as<long long>();
            if (v < 0)
                throw YAML::Exception(node.Mark(), "negative");
            return std::size_t(v);
        } catch (const YAML::Exception &) {
            throwError(ErrorKind::BadInput, yamlWhere(file, node, field) + ": expected a whole number of at least 0");
        }
    };
    c.options.name = root["name"] ? scalar(root["name"], "name") : file.stem().string();
    if (!root["sources"])
        throwError(ErrorKind::BadInput, file.string() + ": sources: missing (a list of files and folders)");
    const YAML::Node sources = root["sources"];
    if (sources.IsScalar()) {
        c.options.sources.push_back(base / scalar(sources, "sources"));
    } else if (sources.IsSequence()) {
        for (std::size_t i = 0; i < sources.size(); ++i)
            c.options.sources.push_back(base / scalar(sources[i], "sources[" + std::to_string(i) + "]"));
    } else {
        throwError(ErrorKind::BadInput, yamlWhere(file, sources, "sources") + ": expected a list of files and folders");
    }
    if (const YAML::Node ch = root["chunker"]) {
        if (ch.IsScalar()) {
            c.options.chunker.kind = chunkerKindFromName(ch.as<std::string>());
        } else if (ch.IsMap()) {
            if (ch["kind"])
                c.options.chunker.kind = chunkerKindFromName(scalar(ch["kind"], "chunker.kind"));
            if (ch["size"])
                c.options.chunker.size = integer(ch["size"], "chunker.size");
            if (ch["overlap"]) {
                c.options.chunker.overlap = integer(ch["overlap"], "chunker.overlap");
                c.options.chunker.overlapSet = true;
            }
        } else {
            throwError(ErrorKind::BadInput, yamlWhere(file, ch, "chunker") + ": expected a kind or {kind, size, overlap}");
        }
    }
    c.model = root["model"] ? scalar(root["model"], "model") : "all-MiniLM-L6-v2";
    if (fs::exists(base / c.model))
        c.model = (base / c.model).string();
    if (root["batch"])
        c.options.batchSize = std::max<std::size_t>(1, integer(root["batch"], "batch"));
    if (const YAML::Node ix = root["index"]) {
        json j = json::object();
        if (ix.IsScalar()) {
            j["type"] = ix.as<std::string>();
        } else if (ix.IsMap()) {
            for (const auto &kv : ix) {
                const std::string key = kv.first.as<std::string>();
                if (key == "type" || key == "metric")
                    j[key] = scalar(kv.second, "index." + key);
                else
                    j[key] = int(integer(kv.second, "index." + key));
            }
        } else {
            throwError(ErrorKind::BadInput, yamlWhere(file, ix, "index") + ": expected a type or {type, ...}");
        }
        try {
            c.options.index = IndexSpec::fromJson(j);
        } catch (const Error &e) {
            throwError(ErrorKind::BadInput, yamlWhere(file, ix, "") + e.what());
        }
    }
    return c;
}

json readBench(const IndexVersion &version)
{
    std::ifstream in(version.dir / "bench.json");
    if (!in)
        return nullptr;
    try {
        return json::parse(in);
    } catch (const std::exception &) {
        return nullptr;
    }
}

void writeBench(const IndexVersion &version, const json &bench) { writeJsonAtomically(version.dir / "bench.json", bench); }

std::vector<IndexMeasurement> sweepIndex(RagIndex &index, std::size_t k, std::size_t queries, std::vector<std::string> &skipped,
                                         const std::function<void(std::size_t, std::size_t)> &progress)
{
    const std::vector<float> vectors = index.vectors();
    const std::size_t dim = index.dimension(), n = index.chunkCount();
    std::vector<std::int64_t> leaveOut;
    const auto sample = sampleQueries(vectors, dim, queries, leaveOut);
    k = std::min(k, n > 1 ? n - 1 : 1);
    const Metric metric = index.vectorIndex().spec().metric;
    return sweepIndexes(sweepGrid(n, dim, metric), vectors.data(), n, dim, sample.data(), leaveOut.size(), k, leaveOut, skipped, progress);
}

QualityReport evaluateQueries(RagIndex &index, const fs::path &jsonl, std::size_t k, QueryMode mode)
{
    std::ifstream in(jsonl);
    if (!in)
        throwError(ErrorKind::BadInput, jsonl.string() + ": cannot be read");
    QualityReport report;
    Qrels qrels;
    RunResults run;
    std::string line;
    std::size_t number = 0;
    bool sawSource = false, sawId = false;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = jsonl.string() + ":" + std::to_string(number);
        json j;
        try {
            j = json::parse(line);
        } catch (const json::parse_error &e) {
            throwError(ErrorKind::BadInput, where + ": not JSON (" + e.what() + ")");
        }
        if (!j.is_object() || !j.contains("query") || !j["query"].is_string())
            throwError(ErrorKind::BadInput, where + ": expected {\"query\": \"...\", \"relevant\": [...]}");
        if (!j.contains("relevant") || !j["relevant"].is_array() || j["relevant"].empty())
            throwError(ErrorKind::BadInput, where + ": relevant: expected a list of sources or chunk ids");
        const std::string qid = j.contains("id") ? (j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump()) : "q" + std::to_string(number);
        for (const json &r : j["relevant"]) {
            if (r.is_string()) {
                sawSource = true;
                qrels[qid][r.get<std::string>()] = 1;
            } else if (r.is_number_integer()) {
                sawId = true;
                qrels[qid][std::to_string(r.get<std::int64_t>())] = 1;
            } else {
                throwError(ErrorKind::BadInput, where + ": relevant: each entry is a source path or a chunk id");
            }
        }
        if (sawSource && sawId)
            throwError(ErrorKind::BadInput, where + ": relevant: use sources or chunk ids, not both in one file");
        report.bySource = !sawId;
        // Deep enough that k distinct sources are usually found.
        const auto hits = index.query(j["query"].get<std::string>(), report.bySource ? k * 4 : k, mode);
        auto &ranking = run[qid];
        std::set<std::string> seen;
        for (std::size_t i = 0; i < hits.size() && ranking.size() < k; ++i) {
            const std::string doc = report.bySource ? hits[i].source : std::to_string(hits[i].id);
            if (!seen.insert(doc).second)
                continue;
            // Scores by rank so that trec_eval's order is the retriever's order.
            ranking.emplace_back(doc, double(k - ranking.size()));
        }
        ++report.queries;
    }
    if (report.queries == 0)
        throwError(ErrorKind::BadInput, jsonl.string() + ": no queries");
    std::vector<int> cutoffs{1, 3, 5};
    if (std::find(cutoffs.begin(), cutoffs.end(), int(k)) == cutoffs.end())
        cutoffs.push_back(int(k));
    report.scores = evaluateRetrieval(qrels, run, cutoffs);
    return report;
}

void setDefaultSearch(IndexVersion &version, int efSearch, int nprobe)
{
    json &index = version.manifest["index"];
    if (efSearch > 0 && index.contains("efSearch"))
        index["efSearch"] = efSearch;
    if (nprobe > 0 && index.contains("nprobe"))
        index["nprobe"] = nprobe;
    version.manifest["index_describe"] = IndexSpec::fromJson(index).describe();
    writeJsonAtomically(version.dir / "manifest.json", version.manifest);
}

} // namespace keel::rag
