#include "widgets/rag/ragview.h"

#include "models/enginetext.h"
#include "models/ragworkbench.h"
#include "models/session.h"
#include "rag/chunkers.h"
#include "rag/documents.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QLogValueAxis>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <set>

namespace keel {
namespace {

constexpr int kVersionRole = Qt::UserRole + 1; // index into the workbench's versions
constexpr std::size_t kPreviewBytes = 24 * 1024;

QSpinBox *spin(int min, int max, int value, QWidget *parent)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setValue(value);
    return s;
}

QString escaped(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

// The words of the question (three letters or more) in bold on yellow in `text`.
QString highlighted(const std::string &text, const QString &question)
{
    QString html = escaped(text);
    QStringList words;
    for (const QString &w : question.split(QRegularExpression(QStringLiteral("\\W+")), Qt::SkipEmptyParts))
        if (w.size() >= 3)
            words << QRegularExpression::escape(w.toHtmlEscaped());
    if (!words.isEmpty()) {
        const QRegularExpression re(QStringLiteral("\\b(%1)").arg(words.join(QLatin1Char('|'))), QRegularExpression::CaseInsensitiveOption);
        html.replace(re, QStringLiteral("<b style=\"background:#fff2a8\">\\1</b>"));
    }
    return html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

void addJson(QTreeWidgetItem *parent, const QString &key, const nlohmann::json &j)
{
    auto *item = new QTreeWidgetItem(parent, {key});
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            addJson(item, QString::fromStdString(it.key()), it.value());
    } else if (j.is_array()) {
        item->setText(1, QObject::tr("%n item(s)", nullptr, int(j.size())));
        int i = 0;
        for (const auto &v : j)
            addJson(item, QString::number(i++), v);
    } else {
        item->setText(1, j.is_string()           ? QString::fromStdString(j.get<std::string>())
                         : j.is_number_float() ? QString::number(j.get<double>(), 'g', 6)
                                               : QString::fromStdString(j.dump()));
    }
}

} // namespace

RagView::RagView(Session &session, QWidget *parent) : QWidget(parent), m_session(session), m_workbench(new RagWorkbench(session, this))
{
    setObjectName(QStringLiteral("ragArea"));
    setAcceptDrops(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Indexes</b>"), left);
    leftLayout->addWidget(title);
    m_indexes = new QTreeWidget(left);
    m_indexes->setObjectName(QStringLiteral("ragIndexes"));
    m_indexes->setHeaderLabels({tr("Index"), tr("Chunks"), tr("Recall@10")});
    m_indexes->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_indexes->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_indexes->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_indexes->header()->setStretchLastSection(false);
    m_indexes->setRootIsDecorated(true);
    leftLayout->addWidget(m_indexes, 1);
    auto *newIndex = new QPushButton(tr("New index…"), left);
    leftLayout->addWidget(newIndex);
    connect(newIndex, &QPushButton::clicked, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_name->clear();
        m_sources->clear();
        addSources({});
        m_name->setFocus();
    });
    splitter->addWidget(left);

    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("ragTabs"));
    // The builder scrolls rather than make the window taller than a laptop screen.
    auto *builderScroll = new QScrollArea(m_tabs);
    builderScroll->setWidgetResizable(true);
    builderScroll->setFrameShape(QFrame::NoFrame);
    builderScroll->setWidget(createBuilder());
    m_tabs->addTab(builderScroll, tr("Build"));
    m_tabs->addTab(createTradeOff(), tr("Recall vs speed"));
    m_tabs->addTab(createPlayground(), tr("Query"));
    m_tabs->addTab(createManifest(), tr("Manifest"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 1000});

    connect(m_workbench, &RagWorkbench::indexesChanged, this, &RagView::rebuildIndexList);
    connect(m_indexes, &QTreeWidget::currentItemChanged, this, &RagView::showVersion);
    connect(m_workbench, &RagWorkbench::buildFinished, this, [this](const QString &summary) {
        m_buildStatus->setText(tr("Built %1").arg(summary));
        m_build->setEnabled(true);
        if (!m_workbench->versions().empty())
            selectIndex(m_name->text());
    });
    connect(m_workbench, &RagWorkbench::buildFailed, this, [this](const QString &message) {
        m_buildStatus->setText(tr("The build failed: %1").arg(message));
        m_build->setEnabled(true);
    });
    connect(m_workbench, &RagWorkbench::benchChanged, this, [this] {
        m_sweep->setEnabled(true);
        updateChart();
    });
    connect(m_workbench, &RagWorkbench::queryAnswered, this, [this](int id, const std::vector<rag::RetrievedChunk> &hits, double ms) {
        for (int side = 0; side < 2; ++side) {
            if (m_pending[side] != id)
                continue;
            QString html;
            int rank = 0;
            for (const auto &h : hits) {
                QString where = escaped(h.source);
                if (h.page > 0)
                    where += tr(", page %1").arg(h.page);
                if (!h.headingPath.empty())
                    where += QStringLiteral(" — ") + escaped(h.headingPath);
                QString ranks;
                if (h.vectorRank && h.keywordRank)
                    ranks = tr(" (vector #%1, keyword #%2)").arg(h.vectorRank).arg(h.keywordRank);
                html += QStringLiteral("<p><b>%1.</b> <span style=\"color:#555\">%2</span> &nbsp; score %3%4<br>%5</p>")
                            .arg(++rank)
                            .arg(where)
                            .arg(h.score, 0, 'f', 4)
                            .arg(ranks, highlighted(h.text, m_question->text()));
            }
            m_results[side]->setHtml(hits.empty() ? tr("<i>No chunk matches.</i>") : html);
            m_timing[side]->setText(tr("%n chunk(s) in %1 ms", nullptr, int(hits.size())).arg(ms, 0, 'f', 1));
        }
    });
    connect(m_workbench, &RagWorkbench::queryFailed, this, [this](int id, const QString &message) {
        for (int side = 0; side < 2; ++side)
            if (m_pending[side] == id)
                m_results[side]->setHtml(tr("<b>The query failed:</b> %1").arg(message.toHtmlEscaped()));
    });
    rebuildIndexList();
    // A workspace with indexes opens on their trade-off chart; one without, on the builder.
    connect(m_workbench, &RagWorkbench::indexesChanged, this, [this] {
        if (!m_shownOnce && !m_workbench->versions().empty()) {
            m_shownOnce = true;
            m_tabs->setCurrentIndex(1);
        }
    });
    if (!m_workbench->versions().empty()) {
        m_shownOnce = true;
        m_tabs->setCurrentIndex(1);
    }
}

RagView::~RagView() = default;

QWidget *RagView::createBuilder()
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);

    auto *sourcesBox = new QGroupBox(tr("Sources — drop files and folders here"), page);
    auto *sl = new QVBoxLayout(sourcesBox);
    m_sources = new QListWidget(sourcesBox);
    m_sources->setObjectName(QStringLiteral("ragSources"));
    m_sources->setSelectionMode(QAbstractItemView::ExtendedSelection);
    sl->addWidget(m_sources);
    auto *sourceButtons = new QHBoxLayout;
    auto *addFiles = new QPushButton(tr("Add files…"), sourcesBox);
    auto *addFolder = new QPushButton(tr("Add folder…"), sourcesBox);
    auto *remove = new QPushButton(tr("Remove"), sourcesBox);
    sourceButtons->addWidget(addFiles);
    sourceButtons->addWidget(addFolder);
    sourceButtons->addWidget(remove);
    sourceButtons->addStretch();
    sl->addLayout(sourceButtons);
    connect(addFiles, &QPushButton::clicked, this, [this] {
        addSources(QFileDialog::getOpenFileNames(this, tr("Documents to index"), QString(),
                                                 tr("Documents (*.txt *.md *.html *.htm *.pdf *.py *.cpp *.h *.rst *.json);;All files (*)")));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("A folder of documents to index"));
        if (!dir.isEmpty())
            addSources({dir});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_sources->selectedItems());
        updatePreview();
    });

    auto *settings = new QGroupBox(tr("Settings"), page);
    auto *form = new QFormLayout(settings);
    m_name = new QLineEdit(settings);
    m_name->setPlaceholderText(tr("docs"));
    form->addRow(tr("Name"), m_name);
    m_chunker = new QComboBox(settings);
    m_chunker->addItem(tr("Recursive (LangChain), characters"), QStringLiteral("recursive"));
    m_chunker->addItem(tr("Sentences (LlamaIndex), tokens"), QStringLiteral("sentence"));
    m_chunker->addItem(tr("Token windows, tokens"), QStringLiteral("tokens"));
    m_chunker->addItem(tr("Markdown headings, characters"), QStringLiteral("markdown"));
    form->addRow(tr("Chunker"), m_chunker);
    auto *sizes = new QHBoxLayout;
    m_chunkSize = spin(16, 100000, 1000, settings);
    m_chunkOverlap = spin(0, 50000, 100, settings);
    sizes->addWidget(m_chunkSize);
    sizes->addWidget(new QLabel(tr("overlap"), settings));
    sizes->addWidget(m_chunkOverlap);
    form->addRow(tr("Chunk size"), sizes);
    m_model = new QComboBox(settings);
    for (const auto &[label, folder] : m_workbench->encoders())
        m_model->addItem(label, folder);
    if (m_model->count() == 0)
        m_model->addItem(tr("No embedding model found: run scripts/fetch-models.sh"), QString());
    form->addRow(tr("Embedding model"), m_model);
    m_indexType = new QComboBox(settings);
    m_indexType->addItem(tr("HNSW graph"), QStringLiteral("hnsw"));
    m_indexType->addItem(tr("Exact (flat)"), QStringLiteral("flat"));
    m_indexType->addItem(tr("IVF-Flat clusters"), QStringLiteral("ivf-flat"));
    m_indexType->addItem(tr("IVF-PQ compressed"), QStringLiteral("ivf-pq"));
    form->addRow(tr("Index"), m_indexType);
    m_metric = new QComboBox(settings);
    m_metric->addItem(tr("Cosine (inner product on normalised vectors)"), QStringLiteral("ip"));
    m_metric->addItem(tr("Euclidean (L2)"), QStringLiteral("l2"));
    form->addRow(tr("Metric"), m_metric);
    m_m = spin(4, 128, 32, settings);
    m_efConstruction = spin(8, 2000, 200, settings);
    m_efSearch = spin(1, 4096, 64, settings);
    m_nlist = spin(0, 65536, 0, settings);
    m_nlist->setSpecialValueText(tr("auto (4·√n)"));
    m_nprobe = spin(1, 65536, 8, settings);
    m_pqM = spin(0, 512, 0, settings);
    m_pqM->setSpecialValueText(tr("auto"));
    form->addRow(tr("HNSW M"), m_m);
    form->addRow(tr("efConstruction"), m_efConstruction);
    form->addRow(tr("efSearch"), m_efSearch);
    form->addRow(tr("IVF nlist"), m_nlist);
    form->addRow(tr("IVF nprobe"), m_nprobe);
    form->addRow(tr("PQ m"), m_pqM);
    m_build = new QPushButton(tr("Build index"), settings);
    m_build->setObjectName(QStringLiteral("ragBuild"));
    m_build->setDefault(true);
    form->addRow(QString(), m_build);
    m_buildStatus = new QLabel(settings);
    m_buildStatus->setWordWrap(true);
    form->addRow(QString(), m_buildStatus);
    connect(m_build, &QPushButton::clicked, this, &RagView::startBuild);

    auto *previewBox = new QGroupBox(tr("Chunk preview"), page);
    auto *pl = new QVBoxLayout(previewBox);
    m_sample = new QComboBox(previewBox);
    pl->addWidget(m_sample);
    m_preview = new QTextBrowser(previewBox);
    m_preview->setObjectName(QStringLiteral("ragPreview"));
    pl->addWidget(m_preview, 1);
    m_previewStats = new QLabel(previewBox);
    m_previewStats->setWordWrap(true);
    pl->addWidget(m_previewStats);

    grid->addWidget(sourcesBox, 0, 0);
    grid->addWidget(settings, 1, 0);
    grid->addWidget(previewBox, 0, 1, 2, 1);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 3);
    grid->setRowStretch(0, 1);

    connect(m_chunker, &QComboBox::currentIndexChanged, this, [this] {
        const QString kind = m_chunker->currentData().toString();
        // Each chunker's own defaults, in its own unit.
        const bool tokens = kind == QLatin1String("sentence") || kind == QLatin1String("tokens");
        m_chunkSize->setValue(tokens ? 256 : 1000);
        m_chunkOverlap->setValue(kind == QLatin1String("markdown") ? 0 : tokens ? 32 : 100);
        updatePreview();
    });
    for (QSpinBox *s : {m_chunkSize, m_chunkOverlap})
        connect(s, &QSpinBox::valueChanged, this, &RagView::updatePreview);
    connect(m_sample, &QComboBox::currentIndexChanged, this, &RagView::updatePreview);
    connect(m_model, &QComboBox::currentIndexChanged, this, &RagView::updatePreview);
    connect(m_indexType, &QComboBox::currentIndexChanged, this, &RagView::updateIndexFields);
    updateIndexFields();
    updatePreview();
    return page;
}

void RagView::updateIndexFields()
{
    const QString type = m_indexType->currentData().toString();
    const bool hnsw = type == QLatin1String("hnsw"), ivf = type.startsWith(QLatin1String("ivf")), pq = type == QLatin1String("ivf-pq");
    for (QSpinBox *s : {m_m, m_efConstruction, m_efSearch})
        s->setEnabled(hnsw);
    for (QSpinBox *s : {m_nlist, m_nprobe})
        s->setEnabled(ivf);
    m_pqM->setEnabled(pq);
}

QWidget *RagView::createTradeOff()
{
    auto *page = new QWidget(this);
    auto *l = new QVBoxLayout(page);
    auto *top = new QHBoxLayout;
    auto *explain = new QLabel(tr("Every setting measured on this version's own vectors against exact search: recall@10 up, queries per "
                                  "second (all threads, log scale) right, point size by bytes per vector. The line joins the Pareto front."),
                               page);
    explain->setWordWrap(true);
    top->addWidget(explain, 1);
    m_sweep = new QPushButton(tr("Measure a sweep"), page);
    m_sweep->setObjectName(QStringLiteral("ragSweep"));
    top->addWidget(m_sweep);
    l->addLayout(top);
    m_chart = new QChartView(new QChart, page);
    m_chart->setObjectName(QStringLiteral("ragTradeOff"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    l->addWidget(m_chart, 1);
    auto *bottom = new QHBoxLayout;
    m_pointInfo = new QLabel(tr("Click a point to see its parameters."), page);
    m_pointInfo->setWordWrap(true);
    bottom->addWidget(m_pointInfo, 1);
    m_makeDefault = new QPushButton(tr("Make it the default"), page);
    m_makeDefault->setEnabled(false);
    bottom->addWidget(m_makeDefault);
    l->addLayout(bottom);
    connect(m_sweep, &QPushButton::clicked, this, [this] {
        if (const auto *v = current()) {
            m_sweep->setEnabled(false);
            m_workbench->sweep(*v);
        }
    });
    connect(m_makeDefault, &QPushButton::clicked, this, [this] {
        const auto *v = current();
        if (!v || !m_selectedPoint)
            return;
        const QString name = QString::fromStdString(v->name);
        const int version = v->version;
        QString why;
        if (m_workbench->makeDefault(*v, m_points[*m_selectedPoint].spec, &why)) {
            selectIndex(name, version);
            m_pointInfo->setText(tr("Queries on %1 v%2 now use these settings.").arg(name).arg(version));
        } else {
            m_pointInfo->setText(why);
        }
    });
    return page;
}

QWidget *RagView::createPlayground()
{
    auto *page = new QWidget(this);
    auto *l = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_question = new QLineEdit(page);
    m_question->setObjectName(QStringLiteral("ragQuestion"));
    m_question->setPlaceholderText(tr("Ask the index a question…"));
    row->addWidget(m_question, 1);
    row->addWidget(new QLabel(tr("top"), page));
    m_k = spin(1, 50, 5, page);
    row->addWidget(m_k);
    auto *ask = new QPushButton(tr("Search"), page);
    row->addWidget(ask);
    l->addLayout(row);
    auto *sides = new QHBoxLayout;
    for (int side = 0; side < 2; ++side) {
        auto *col = new QVBoxLayout;
        auto *pick = new QHBoxLayout;
        m_side[side] = new QComboBox(page);
        m_mode[side] = new QComboBox(page);
        m_mode[side]->addItem(tr("Vector"), int(rag::QueryMode::Vector));
        m_mode[side]->addItem(tr("Keyword (BM25)"), int(rag::QueryMode::Keyword));
        m_mode[side]->addItem(tr("Hybrid (RRF)"), int(rag::QueryMode::Hybrid));
        pick->addWidget(m_side[side], 1);
        pick->addWidget(m_mode[side]);
        col->addLayout(pick);
        m_results[side] = new QTextBrowser(page);
        m_results[side]->setObjectName(side == 0 ? QStringLiteral("ragResultsLeft") : QStringLiteral("ragResultsRight"));
        col->addWidget(m_results[side], 1);
        m_timing[side] = new QLabel(page);
        col->addWidget(m_timing[side]);
        sides->addLayout(col, 1);
    }
    m_mode[1]->setCurrentIndex(2);
    l->addLayout(sides, 1);
    connect(ask, &QPushButton::clicked, this, &RagView::runQuery);
    connect(m_question, &QLineEdit::returnPressed, this, &RagView::runQuery);
    return page;
}

QWidget *RagView::createManifest()
{
    auto *page = new QWidget(this);
    auto *l = new QVBoxLayout(page);
    m_usedBy = new QLabel(page);
    m_usedBy->setWordWrap(true);
    l->addWidget(m_usedBy);
    m_manifest = new QTreeWidget(page);
    m_manifest->setObjectName(QStringLiteral("ragManifest"));
    m_manifest->setHeaderLabels({tr("Field"), tr("Value")});
    m_manifest->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    l->addWidget(m_manifest, 1);
    return page;
}

void RagView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void RagView::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    addSources(paths);
    m_tabs->setCurrentIndex(0);
    event->acceptProposedAction();
}

void RagView::addSources(const QStringList &paths)
{
    for (const QString &p : paths) {
        if (p.isEmpty() || !m_sources->findItems(p, Qt::MatchExactly).isEmpty())
            continue;
        auto *item = new QListWidgetItem(QFileInfo(p).isDir() ? QIcon::fromTheme(QStringLiteral("folder")) : QIcon::fromTheme(QStringLiteral("text-x-generic")), p,
                                         m_sources);
        item->setToolTip(p);
    }
    if (m_name->text().isEmpty() && !paths.isEmpty() && !paths.front().isEmpty())
        m_name->setText(QFileInfo(paths.front()).completeBaseName().replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("-")));
    // The preview's sample documents: the first files the sources hold.
    m_sample->blockSignals(true);
    const QString before = m_sample->currentData().toString();
    m_sample->clear();
    std::vector<std::filesystem::path> roots;
    for (int i = 0; i < m_sources->count(); ++i)
        roots.push_back(m_sources->item(i)->text().toStdString());
    try {
        const auto list = rag::listSources(roots);
        std::size_t largest = 0;
        for (std::size_t i = 0; i < list.files.size() && i < 200; ++i) {
            m_sample->addItem(QString::fromStdString(list.files[i].relative), QString::fromStdString(list.files[i].path.string()));
            if (list.files[i].size > list.files[largest].size)
                largest = i;
        }
        // The largest document shows the most chunks.
        if (before.isEmpty() && !list.files.empty())
            m_sample->setProperty("largest", int(largest));
    } catch (const std::exception &e) {
        m_previewStats->setText(EngineText::error(e));
    }
    const int keep = m_sample->findData(before);
    m_sample->setCurrentIndex(keep >= 0 ? keep : m_sample->property("largest").toInt());
    m_sample->blockSignals(false);
    updatePreview();
}

bool RagView::buildOptions(rag::BuildOptions &o, QString *why) const
{
    auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    o.name = (m_name->text().isEmpty() ? m_name->placeholderText() : m_name->text()).toStdString();
    try {
        rag::checkIndexName(o.name);
    } catch (const std::exception &e) {
        return fail(EngineText::error(e));
    }
    if (m_sources->count() == 0)
        return fail(tr("Add files or folders to index: drop them here, or use Add files… and Add folder…"));
    o.sources.clear();
    for (int i = 0; i < m_sources->count(); ++i)
        o.sources.push_back(m_sources->item(i)->text().toStdString());
    o.chunker.kind = rag::chunkerKindFromName(m_chunker->currentData().toString().toStdString());
    o.chunker.size = std::size_t(m_chunkSize->value());
    o.chunker.overlap = std::size_t(m_chunkOverlap->value());
    o.chunker.overlapSet = true;
    if (o.chunker.overlap >= o.chunker.size)
        return fail(tr("The overlap (%1) must be smaller than the chunk size (%2).").arg(o.chunker.overlap).arg(o.chunker.size));
    if (m_model->currentData().toString().isEmpty())
        return fail(tr("No embedding model: run scripts/fetch-models.sh, or put a sentence-transformers folder in the models cache."));
    o.model = m_model->currentData().toString().toStdString();
    o.modelName = m_model->currentText().toStdString();
    o.index.type = rag::indexTypeFromName(m_indexType->currentData().toString().toStdString());
    o.index.metric = m_metric->currentData().toString() == QLatin1String("ip") ? rag::Metric::InnerProduct : rag::Metric::L2;
    o.index.m = m_m->value();
    o.index.efConstruction = m_efConstruction->value();
    o.index.efSearch = m_efSearch->value();
    o.index.nlist = m_nlist->value();
    o.index.nprobe = m_nprobe->value();
    o.index.pqM = m_pqM->value();
    return true;
}

void RagView::startBuild()
{
    rag::BuildOptions options;
    QString why;
    if (!buildOptions(options, &why)) {
        m_buildStatus->setText(why);
        return;
    }
    try {
        m_workbench->build(options);
        m_build->setEnabled(false);
        m_buildStatus->setText(tr("Building %1… (progress and Cancel in the Jobs dock; a cancelled build resumes without embedding again)")
                                   .arg(QString::fromStdString(options.name)));
    } catch (const std::exception &e) {
        m_buildStatus->setText(EngineText::error(e));
    }
}

void RagView::updatePreview()
{
    if (!m_preview)
        return;
    const QString path = m_sample->currentData().toString();
    if (path.isEmpty()) {
        m_preview->setHtml(tr("<p style=\"color:#666\">Add sources to see how the chunker cuts one of their documents: each chunk in its "
                              "own colour, overlaps in orange, a bar where a chunk begins.</p>"));
        m_previewStats->clear();
        return;
    }
    try {
        rag::SourceFile file;
        file.path = path.toStdString();
        file.kind = rag::documentKind(file.path);
        file.relative = m_sample->currentText().toStdString();
        rag::Document doc = rag::readDocument(file);
        const bool truncated = doc.text.size() > kPreviewBytes;
        if (truncated) {
            std::size_t cut = kPreviewBytes;
            while (cut > 0 && (static_cast<unsigned char>(doc.text[cut]) & 0xC0) == 0x80)
                --cut;
            doc.text.resize(cut);
        }
        rag::ChunkerSpec spec{rag::chunkerKindFromName(m_chunker->currentData().toString().toStdString()), std::size_t(m_chunkSize->value()),
                              std::size_t(m_chunkOverlap->value()), true};
        rag::TokenCounter count;
        if (spec.kind == rag::ChunkerKind::Sentence || spec.kind == rag::ChunkerKind::Tokens) {
            if (m_model->currentData().toString().isEmpty()) {
                m_preview->setHtml(tr("This chunker counts tokens with the embedding model's tokenizer, and no model is found."));
                return;
            }
            count = m_workbench->tokenCounter(m_model->currentData().toString());
        }
        const auto chunks = rag::chunkText(doc.text, spec, count);
        // Segments between chunk boundaries, coloured by how many chunks cover them.
        std::set<std::size_t> cuts{0, doc.text.size()};
        for (const auto &c : chunks) {
            cuts.insert(c.begin);
            cuts.insert(c.end);
        }
        static const char *colours[] = {"#dbeafe", "#dcfce7", "#f3e8ff", "#fef9c3"};
        QString html = QStringLiteral("<div style=\"font-family:monospace; white-space:pre-wrap\">");
        std::size_t prev = 0;
        bool first = true;
        for (std::size_t cut : cuts) {
            if (first) {
                first = false;
                prev = cut;
                continue;
            }
            int covering = 0, which = -1;
            bool begins = false;
            for (std::size_t i = 0; i < chunks.size(); ++i) {
                if (chunks[i].begin <= prev && chunks[i].end >= cut && chunks[i].begin < chunks[i].end) {
                    ++covering;
                    if (which < 0)
                        which = int(i);
                }
                begins = begins || chunks[i].begin == prev;
            }
            const QString text = QString::fromStdString(doc.text.substr(prev, cut - prev)).toHtmlEscaped();
            const char *bg = covering == 0 ? "transparent" : covering > 1 ? "#fed7aa" : colours[which % 4];
            if (begins)
                html += QStringLiteral("<span style=\"color:#d00; font-weight:bold\">▍</span>");
            html += QStringLiteral("<span style=\"background:%1%2\">%3</span>")
                        .arg(QLatin1String(bg), covering == 0 ? QStringLiteral("; color:#999") : QString(), text);
            prev = cut;
        }
        html += QStringLiteral("</div>");
        m_preview->setHtml(html);
        std::size_t total = 0, longest = 0;
        for (const auto &c : chunks) {
            const std::size_t n = count ? count(c.text) : QString::fromStdString(c.text).size();
            total += n;
            longest = std::max(longest, n);
        }
        const QString unit = count ? tr("tokens") : tr("characters");
        m_previewStats->setText(tr("%n chunk(s); %1 %2 on average, %3 at most%4", nullptr, int(chunks.size()))
                                    .arg(chunks.empty() ? 0 : total / chunks.size())
                                    .arg(unit)
                                    .arg(longest)
                                    .arg(truncated ? tr(" (the first %1 KiB of the document)").arg(kPreviewBytes / 1024) : QString()));
    } catch (const std::exception &e) {
        m_preview->setHtml(tr("<p><b>%1 cannot be chunked:</b> %2</p>").arg(m_sample->currentText().toHtmlEscaped(), EngineText::error(e).toHtmlEscaped()));
        m_previewStats->clear();
    }
}

void RagView::rebuildIndexList()
{
    const QString selected = m_indexes->currentItem() ? m_indexes->currentItem()->data(0, Qt::UserRole + 2).toString() : QString();
    m_indexes->blockSignals(true);
    m_indexes->clear();
    std::map<std::string, QTreeWidgetItem *> names;
    const auto &versions = m_workbench->versions();
    QTreeWidgetItem *toSelect = nullptr;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const auto &v = versions[i];
        QTreeWidgetItem *&parent = names[v.name];
        if (!parent) {
            parent = new QTreeWidgetItem(m_indexes, {QString::fromStdString(v.name)});
            parent->setExpanded(true);
            parent->setFlags(parent->flags() & ~Qt::ItemIsSelectable);
        }
        auto *item = new QTreeWidgetItem(parent);
        item->setText(0, tr("v%1 · %2 · %3").arg(v.version).arg(QString::fromStdString(v.manifest.value("index_describe", std::string())).section(QLatin1Char(' '), 0, 0),
                                                            QString::fromStdString(v.manifest.value("created", std::string())).mid(5, 5)));
        item->setText(1, QString::number(v.manifest.value("vectors", 0)));
        if (v.manifest.contains("measurement"))
            item->setText(2, QString::number(v.manifest["measurement"].value("recall", 0.0), 'f', 3));
        item->setData(0, kVersionRole, int(i));
        const QString key = QStringLiteral("%1@%2").arg(QString::fromStdString(v.name)).arg(v.version);
        item->setData(0, Qt::UserRole + 2, key);
        item->setToolTip(0, QString::fromStdString(v.dir.string()));
        if (key == selected || !toSelect)
            toSelect = key == selected ? item : toSelect;
    }
    for (int side = 0; side < 2; ++side) {
        const QString keep = m_side[side]->currentData().toString();
        m_side[side]->clear();
        for (std::size_t i = 0; i < versions.size(); ++i)
            m_side[side]->addItem(QStringLiteral("%1 v%2").arg(QString::fromStdString(versions[i].name)).arg(versions[i].version),
                                  QStringLiteral("%1@%2").arg(QString::fromStdString(versions[i].name)).arg(versions[i].version));
        const int at = m_side[side]->findData(keep);
        m_side[side]->setCurrentIndex(at >= 0 ? at : m_side[side]->count() - 1);
    }
    m_indexes->blockSignals(false);
    if (!toSelect && m_indexes->topLevelItemCount() > 0) {
        QTreeWidgetItem *last = m_indexes->topLevelItem(m_indexes->topLevelItemCount() - 1);
        toSelect = last->child(last->childCount() - 1);
    }
    if (toSelect)
        m_indexes->setCurrentItem(toSelect);
    else
        showVersion();
}

const rag::IndexVersion *RagView::current() const
{
    const QTreeWidgetItem *item = m_indexes->currentItem();
    if (!item || !item->data(0, kVersionRole).isValid())
        return nullptr;
    const int i = item->data(0, kVersionRole).toInt();
    const auto &versions = m_workbench->versions();
    return i >= 0 && std::size_t(i) < versions.size() ? &versions[std::size_t(i)] : nullptr;
}

void RagView::selectIndex(const QString &name, int version)
{
    QTreeWidgetItem *best = nullptr;
    int bestVersion = -1;
    for (int t = 0; t < m_indexes->topLevelItemCount(); ++t) {
        QTreeWidgetItem *top = m_indexes->topLevelItem(t);
        if (top->text(0) != name)
            continue;
        for (int c = 0; c < top->childCount(); ++c) {
            const int v = top->child(c)->data(0, Qt::UserRole + 2).toString().section(QLatin1Char('@'), 1).toInt();
            if ((version == 0 && v > bestVersion) || v == version) {
                best = top->child(c);
                bestVersion = v;
            }
        }
    }
    if (best)
        m_indexes->setCurrentItem(best);
}

void RagView::showVersion()
{
    const rag::IndexVersion *v = current();
    m_manifest->clear();
    m_sweep->setEnabled(v != nullptr);
    if (!v) {
        m_usedBy->setText(m_workbench->versions().empty()
                              ? tr("No index yet. Drop documents on the Build tab, choose a chunker, model and index, and press Build index.")
                              : tr("Choose a version on the left."));
        updateChart();
        return;
    }
    for (auto it = v->manifest.begin(); it != v->manifest.end(); ++it)
        addJson(m_manifest->invisibleRootItem(), QString::fromStdString(it.key()), it.value());
    fillBuilder(*v);
    for (int i = 0; i < m_manifest->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_manifest->topLevelItem(i);
        item->setExpanded(item->text(0) != QLatin1String("sources") && item->text(0) != QLatin1String("skipped"));
    }
    const auto skipped = v->manifest.value("skipped", nlohmann::json::array());
    QString text = tr("<b>%1 v%2</b> in %3. ").arg(QString::fromStdString(v->name)).arg(v->version).arg(QString::fromStdString(v->dir.string()).toHtmlEscaped());
    text += skipped.empty() ? tr("Every source was read. ") : tr("%n file(s) skipped (see <i>skipped</i> below). ", nullptr, int(skipped.size()));
    text += tr("Used by: no eval suite or pipeline names this index yet (Evals is not built yet).");
    m_usedBy->setText(text);
    updateChart();
}

void RagView::fillBuilder(const rag::IndexVersion &v)
{
    // Building again from here makes the next version of the same index.
    const nlohmann::json &m = v.manifest;
    m_name->setText(QString::fromStdString(v.name));
    m_sources->clear();
    QStringList roots;
    for (const auto &r : m.value("roots", nlohmann::json::array()))
        roots << QString::fromStdString(r.get<std::string>());
    addSources(roots);
    const auto &ch = m.value("chunker", nlohmann::json::object());
    const int chunker = m_chunker->findData(QString::fromStdString(ch.value("kind", std::string("recursive"))));
    if (chunker >= 0) {
        m_chunker->blockSignals(true);
        m_chunker->setCurrentIndex(chunker);
        m_chunker->blockSignals(false);
    }
    m_chunkSize->setValue(ch.value("size", 1000));
    m_chunkOverlap->setValue(ch.value("overlap", 100));
    const int model = m_model->findData(QString::fromStdString(m.value("model", nlohmann::json::object()).value("path", std::string())));
    if (model >= 0)
        m_model->setCurrentIndex(model);
    try {
        const rag::IndexSpec spec = rag::IndexSpec::fromJson(m.at("index"));
        m_indexType->setCurrentIndex(std::max(0, m_indexType->findData(QString::fromStdString(rag::indexTypeName(spec.type)))));
        m_metric->setCurrentIndex(spec.metric == rag::Metric::InnerProduct ? 0 : 1);
        m_m->setValue(spec.m);
        m_efConstruction->setValue(spec.efConstruction);
        m_efSearch->setValue(spec.efSearch);
        m_nlist->setValue(spec.nlist);
        m_nprobe->setValue(spec.nprobe);
        m_pqM->setValue(spec.pqM);
    } catch (const std::exception &) {
        // A manifest Keel cannot read leaves the fields as they were.
    }
    updatePreview();
}

void RagView::updateChart()
{
    QChart *chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *a : chart->axes())
        chart->removeAxis(a);
    m_points.clear();
    m_selectedPoint.reset();
    m_makeDefault->setEnabled(false);
    const rag::IndexVersion *v = current();
    if (!v) {
        chart->setTitle(tr("No index selected"));
        return;
    }
    const nlohmann::json bench = rag::readBench(*v);
    auto toMeasurement = [](const nlohmann::json &j) {
        rag::IndexMeasurement m;
        m.spec = rag::IndexSpec::fromJson(j.at("index"));
        m.k = j.value("k", 10);
        m.queries = j.value("queries", 0);
        m.recall = j.value("recall", 0.0);
        m.p50Ms = j.value("p50_ms", 0.0);
        m.p95Ms = j.value("p95_ms", 0.0);
        m.p99Ms = j.value("p99_ms", 0.0);
        m.qpsOneThread = j.value("qps_1_thread", 0.0);
        m.qpsAllThreads = j.value("qps_all_threads", 0.0);
        m.bytesPerVector = j.value("bytes_per_vector", 0.0);
        m.buildSeconds = j.value("build_seconds", 0.0);
        m.pareto = j.value("pareto", false);
        return m;
    };
    try {
        if (bench.is_object() && bench.contains("sweep"))
            for (const auto &j : bench["sweep"])
                m_points.push_back(toMeasurement(j));
        else if (v->manifest.contains("measurement"))
            m_points.push_back(toMeasurement(v->manifest["measurement"]));
    } catch (const std::exception &e) {
        chart->setTitle(tr("bench.json cannot be read: %1").arg(EngineText::error(e)));
        return;
    }
    chart->setTitle(m_points.size() > 1 ? tr("%1 v%2: %3 settings, recall@10 against exact search").arg(QString::fromStdString(v->name)).arg(v->version).arg(m_points.size())
                                        : tr("%1 v%2: the built setting only — Measure a sweep to compare settings").arg(QString::fromStdString(v->name)).arg(v->version));
    if (m_points.empty())
        return;
    auto *x = new QLogValueAxis;
    x->setTitleText(tr("queries per second, all threads (log scale)"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setBase(10);
    auto *y = new QValueAxis;
    y->setTitleText(tr("recall@10"));
    y->setLabelFormat(QStringLiteral("%.2f"));
    double minQps = 1e300, maxQps = 0, minRecall = 1;
    double maxBytes = 1;
    for (const auto &m : m_points) {
        minQps = std::min(minQps, std::max(1.0, m.qpsAllThreads));
        maxQps = std::max(maxQps, m.qpsAllThreads);
        minRecall = std::min(minRecall, m.recall);
        maxBytes = std::max(maxBytes, m.bytesPerVector);
    }
    x->setRange(std::pow(10.0, std::floor(std::log10(minQps))), std::pow(10.0, std::ceil(std::log10(std::max(maxQps, minQps * 1.5)))));
    // Ticks anchored at 1.0 (a recall of one on a grid line), a little headroom above it.
    const double low = std::max(0.0, std::floor(minRecall * 10 - 0.5) / 10);
    y->setRange(low, 1.01);
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(1.0);
    y->setTickInterval(1.0 - low > 0.5 ? 0.1 : 0.05);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    // One series per point, so that each has its own size (memory per vector: 8 to 22 pixels);
    // Qt 6.4 draws per-point sizes of one series off-centre. The legend keeps one entry per type.
    const struct {
        rag::IndexType type;
        QString label;
        QColor colour;
    } kinds[] = {{rag::IndexType::Flat, tr("exact"), QColor(0x25, 0x63, 0xeb)},
                 {rag::IndexType::Hnsw, tr("HNSW"), QColor(0x16, 0xa3, 0x4a)},
                 {rag::IndexType::IvfFlat, tr("IVF-Flat"), QColor(0xea, 0x58, 0x0c)},
                 {rag::IndexType::IvfPq, tr("IVF-PQ"), QColor(0x7c, 0x3a, 0xed)}};
    std::set<rag::IndexType> inLegend;
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        const auto &m = m_points[i];
        auto *s = new QScatterSeries;
        for (const auto &k : kinds)
            if (k.type == m.spec.type) {
                s->setName(k.label);
                s->setColor(k.colour);
                s->setBorderColor(k.colour.darker(130));
            }
        s->setMarkerSize(8.0 + 14.0 * m.bytesPerVector / maxBytes);
        s->append(std::max(1.0, m.qpsAllThreads), m.recall);
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        if (!inLegend.insert(m.spec.type).second)
            for (QLegendMarker *marker : chart->legend()->markers(s))
                marker->setVisible(false);
        connect(s, &QScatterSeries::clicked, this, [this, i](const QPointF &) { showPoint(i); });
    }
    std::vector<const rag::IndexMeasurement *> front;
    for (const auto &m : m_points)
        if (m.pareto)
            front.push_back(&m);
    std::sort(front.begin(), front.end(), [](const auto *a, const auto *b) { return a->qpsAllThreads < b->qpsAllThreads; });
    if (front.size() > 1) {
        auto *line = new QLineSeries;
        line->setName(tr("Pareto front"));
        QPen pen(QColor(0x44, 0x44, 0x44));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        line->setPen(pen);
        for (const auto *m : front)
            line->append(std::max(1.0, m->qpsAllThreads), m->recall);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
}

void RagView::showPoint(std::size_t i)
{
    if (i >= m_points.size())
        return;
    m_selectedPoint = i;
    const auto &m = m_points[i];
    m_pointInfo->setText(tr("<b>%1</b> — recall@%2 %3, latency p50 %4 ms / p99 %5 ms, %6 QPS on one thread, %7 on all, %8 bytes per vector%9")
                             .arg(QString::fromStdString(m.spec.describe()).toHtmlEscaped())
                             .arg(m.k)
                             .arg(m.recall, 0, 'f', 3)
                             .arg(m.p50Ms, 0, 'f', 3)
                             .arg(m.p99Ms, 0, 'f', 3)
                             .arg(m.qpsOneThread, 0, 'f', 0)
                             .arg(m.qpsAllThreads, 0, 'f', 0)
                             .arg(m.bytesPerVector, 0, 'f', 1)
                             .arg(m.pareto ? tr(", on the Pareto front") : QString()));
    m_makeDefault->setEnabled(true);
}

void RagView::runQuery()
{
    const QString text = m_question->text().trimmed();
    if (text.isEmpty())
        return;
    const auto &versions = m_workbench->versions();
    for (int side = 0; side < 2; ++side) {
        const QString key = m_side[side]->currentData().toString();
        const rag::IndexVersion *v = nullptr;
        for (const auto &candidate : versions)
            if (QStringLiteral("%1@%2").arg(QString::fromStdString(candidate.name)).arg(candidate.version) == key)
                v = &candidate;
        if (!v) {
            m_results[side]->setHtml(tr("<i>Build an index first.</i>"));
            continue;
        }
        m_pending[side] = ++m_requests;
        m_results[side]->setHtml(tr("<i>Searching…</i>"));
        m_workbench->query(m_pending[side], *v, text, m_k->value(), rag::QueryMode(m_mode[side]->currentData().toInt()));
    }
}

} // namespace keel
