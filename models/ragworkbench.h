#pragma once

#include "compute/job.h"
#include "rag/ragindex.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace keel::nn {
class WordPieceTokenizer;
}

namespace keel {

class Session;

// The RAG area's engine side: the workspace's index versions, builds and sweeps as pool jobs
// (Jobs dock, progress, cancel), and queries answered on a thread of their own so the window
// never waits. Results come back as signals on the GUI thread.
class RagWorkbench : public QObject {
    Q_OBJECT
public:
    explicit RagWorkbench(Session &session, QObject *parent = nullptr);
    ~RagWorkbench() override;

    const std::vector<rag::IndexVersion> &versions() const { return m_versions; }
    // Reads the workspace's indexes again; indexesChanged() follows.
    void refresh();

    // The encoder models found (`keel models`): label and folder.
    QList<QPair<QString, QString>> encoders() const;
    // The model's tokenizer as a counter, for previews of token-based chunkers (cached).
    rag::TokenCounter tokenCounter(const QString &modelFolder);

    compute::JobId build(const rag::BuildOptions &options);
    compute::JobId sweep(const rag::IndexVersion &version);
    // Answers on another thread; queryAnswered(requestId, ...) or queryFailed(requestId, ...).
    void query(int requestId, const rag::IndexVersion &version, const QString &text, int k, rag::QueryMode mode);
    // efSearch / nprobe as the version's default (manifest rewritten); false with `why` when
    // the chosen setting needs a rebuild.
    bool makeDefault(const rag::IndexVersion &version, const rag::IndexSpec &spec, QString *why);

Q_SIGNALS:
    void indexesChanged();
    void buildFinished(const QString &summary);
    void buildFailed(const QString &message);
    void benchChanged(const QString &versionDir);
    void queryAnswered(int requestId, const std::vector<rag::RetrievedChunk> &hits, double milliseconds);
    void queryFailed(int requestId, const QString &message);

private:
    struct OpenIndex;
    std::shared_ptr<OpenIndex> openIndex(const rag::IndexVersion &version);
    Session &m_session;
    std::vector<rag::IndexVersion> m_versions;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<OpenIndex>> m_open;
    std::map<std::string, std::shared_ptr<nn::WordPieceTokenizer>> m_tokenizers;
};

} // namespace keel
