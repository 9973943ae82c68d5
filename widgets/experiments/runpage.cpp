#include "widgets/experiments/runpage.h"

#include "models/durationtext.h"
#include "models/enginetext.h"
#include "models/session.h"
#include "store/artifactstore.h"
#include "store/workspace.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace keel {
namespace {

constexpr int kPathRole = Qt::UserRole + 1;
constexpr qint64 kPreviewBytes = 256 * 1024;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString when(const std::optional<std::int64_t> &ms)
{
    return ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms), QLocale::ShortFormat) : QString();
}

QTableWidget *keyValueTable(QWidget *parent, const QStringList &headers, const char *name)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(QLatin1String(name));
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    return t;
}

void addRow(QTableWidget *t, const QStringList &cells)
{
    const int row = t->rowCount();
    t->insertRow(row);
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString number(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 8) : (std::isnan(v) ? QStringLiteral("NaN") : (v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf")));
}

} // namespace

RunPage::RunPage(Session &session, const QString &runUuid, QWidget *parent) : QDialog(parent), m_session(session), m_uuid(runUuid)
{
    setObjectName(QStringLiteral("runPage"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("runPageTabs"));
    layout->addWidget(m_tabs, 1);

    auto *overviewPage = new QWidget(m_tabs);
    auto *overviewLayout = new QVBoxLayout(overviewPage);
    m_overview = new QLabel(overviewPage);
    m_overview->setObjectName(QStringLiteral("runOverview"));
    m_overview->setWordWrap(true);
    m_overview->setTextFormat(Qt::RichText);
    m_overview->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_overview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    overviewLayout->addWidget(m_overview, 1);
    m_tabs->addTab(overviewPage, tr("Overview"));
    connect(m_overview, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("run:")))
            Q_EMIT openRun(link.mid(4));
    });

    m_params = keyValueTable(m_tabs, {tr("Param"), tr("Value")}, "runParams");
    m_tabs->addTab(m_params, tr("Params"));
    m_metrics = keyValueTable(m_tabs, {tr("Metric"), tr("Latest"), tr("Step"), tr("Points"), tr("Min"), tr("Max")}, "runMetrics");
    m_tabs->addTab(m_metrics, tr("Metrics"));
    m_tags = keyValueTable(m_tabs, {tr("Tag"), tr("Value")}, "runTags");
    m_tabs->addTab(m_tags, tr("Tags"));

    auto *artifactsPage = new QSplitter(Qt::Horizontal, m_tabs);
    auto *left = new QWidget(artifactsPage);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_artifacts = new QTreeWidget(left);
    m_artifacts->setObjectName(QStringLiteral("runArtifacts"));
    m_artifacts->setHeaderLabels({tr("Artifact"), tr("Size")});
    m_artifacts->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_artifacts->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_artifacts->header()->setStretchLastSection(false);
    leftLayout->addWidget(m_artifacts, 1);
    auto *registerButton = new QPushButton(tr("Register this model…"), left);
    registerButton->setObjectName(QStringLiteral("runRegister"));
    leftLayout->addWidget(registerButton);
    auto *previewStack = new QStackedWidget(artifactsPage);
    m_preview = new QTextBrowser(previewStack);
    m_preview->setObjectName(QStringLiteral("runArtifactPreview"));
    m_preview->setLineWrapMode(QTextEdit::NoWrap);
    m_image = new QLabel(previewStack);
    m_image->setAlignment(Qt::AlignCenter);
    previewStack->addWidget(m_preview);
    previewStack->addWidget(m_image);
    artifactsPage->addWidget(left);
    artifactsPage->addWidget(previewStack);
    artifactsPage->setSizes({320, 600});
    m_tabs->addTab(artifactsPage, tr("Artifacts"));
    connect(m_artifacts, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && !item->data(0, kPathRole).toString().isEmpty())
            previewArtifact(item->data(0, kPathRole).toString());
    });
    connect(registerButton, &QPushButton::clicked, this, [this] { Q_EMIT registerRequested(m_uuid); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    resize(980, 680);
    load();
}

void RunPage::load()
{
    auto *ws = m_session.workspace();
    if (!ws)
        return;
    tracking::TrackingStore store(ws->db(), &ws->artifacts());
    const auto data = store.run(m_uuid.toStdString());
    if (!data) {
        m_title->setText(tr("<b>No run %1 in this workspace.</b>").arg(m_uuid.toHtmlEscaped()));
        return;
    }
    const tracking::Run &run = data->run;
    const auto experiment = store.experiment(run.experimentId);
    setWindowTitle(tr("Run %1").arg(q(run.name.empty() ? run.uuid : run.name)));
    m_title->setText(QStringLiteral("<h2>%1</h2><span style='color:#555'>%2 · %3</span>")
                         .arg(q(run.name.empty() ? run.uuid : run.name).toHtmlEscaped(),
                              experiment ? tr("experiment %1").arg(q(experiment->name).toHtmlEscaped()) : QString(), q(run.uuid)));

    // Overview: attributes, description, parent and children, datasets.
    auto tag = [&](const char *key) {
        const auto it = data->tags.find(key);
        return it == data->tags.end() ? QString() : q(it->second);
    };
    QString html = QStringLiteral("<table cellpadding='3'>");
    auto row = [&html](const QString &name, const QString &value) {
        if (!value.isEmpty())
            html += QStringLiteral("<tr><td style='color:#555; padding-right:12px'>%1</td><td>%2</td></tr>").arg(name, value);
    };
    row(tr("Status"), EngineText::runStatus(run.status).toHtmlEscaped());
    row(tr("Started"), when(run.startTime));
    row(tr("Ended"), when(run.endTime));
    if (run.startTime && run.endTime)
        row(tr("Duration"), DurationText::of(*run.endTime - *run.startTime));
    row(tr("User"), q(run.userId).toHtmlEscaped());
    row(tr("Source"), (q(run.sourceName) + (run.sourceType.empty() ? QString() : QStringLiteral(" (%1)").arg(q(run.sourceType)))).toHtmlEscaped());
    row(tr("Git commit"), q(run.sourceVersion.empty() ? std::string(tag("mlflow.source.git.commit").toStdString()) : run.sourceVersion).toHtmlEscaped());
    const QString parent = tag("mlflow.parentRunId");
    if (!parent.isEmpty()) {
        const auto p = store.run(parent.toStdString());
        row(tr("Parent run"), QStringLiteral("<a href='run:%1'>%2</a>").arg(parent, (p ? q(p->run.name) : parent).toHtmlEscaped()));
    }
    // Children: runs of the same experiment whose parent this run is.
    tracking::SearchQuery children;
    children.experimentIds = {run.experimentId};
    children.filter = "tags.mlflow.parentRunId = '" + run.uuid + "'";
    children.orderBy = {"attributes.start_time ASC"};
    QStringList links;
    try {
        for (const auto &uuid : tracking::searchRuns(ws->db(), children).runUuids) {
            const auto c = store.run(uuid);
            links << QStringLiteral("<a href='run:%1'>%2</a>").arg(q(uuid), (c ? q(c->run.name) : q(uuid)).toHtmlEscaped());
        }
    } catch (const std::exception &) {
        // no children listed when the search cannot run
    }
    row(tr("Child runs"), links.join(QStringLiteral(", ")));
    html += QStringLiteral("</table>");
    const QString note = tag("mlflow.note.content");
    html += QStringLiteral("<h3>%1</h3>").arg(tr("Description"));
    html += note.isEmpty() ? tr("<i>No description.</i>") : QStringLiteral("<p>%1</p>").arg(note.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    if (!data->datasets.empty()) {
        html += QStringLiteral("<h3>%1</h3><table cellpadding='3' border='1' style='border-collapse:collapse'><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                    .arg(tr("Datasets"), tr("Name"), tr("Digest"), tr("Context"), tr("Source"));
        for (const auto &d : data->datasets)
            html += QStringLiteral("<tr><td>%1</td><td><tt>%2</tt></td><td>%3</td><td>%4</td></tr>")
                        .arg(q(d.name).toHtmlEscaped(), q(d.digest).toHtmlEscaped(), q(d.context).toHtmlEscaped(), q(d.source).toHtmlEscaped().left(160));
        html += QStringLiteral("</table>");
    }
    m_overview->setText(html);

    for (const auto &[k, v] : data->params)
        addRow(m_params, {q(k), q(v)});
    for (const auto &[k, m] : data->latestMetrics) {
        const auto history = store.metricHistory(m_uuid.toStdString(), k);
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto &p : history)
            if (std::isfinite(p.value)) {
                lo = std::min(lo, p.value);
                hi = std::max(hi, p.value);
            }
        addRow(m_metrics, {q(k), number(m.value), QString::number(m.step), QString::number(history.size()), std::isfinite(lo) ? number(lo) : QString(),
                           std::isfinite(hi) ? number(hi) : QString()});
    }
    for (const auto &[k, v] : data->tags)
        addRow(m_tags, {q(k), q(v).left(300)});
    for (QTableWidget *t : {m_params, m_metrics, m_tags})
        t->resizeColumnsToContents();

    // The artifact tree: folders from the paths, sizes summed up the tree.
    std::map<QString, QTreeWidgetItem *> folders;
    std::function<QTreeWidgetItem *(const QString &)> folderItem = [&](const QString &folder) -> QTreeWidgetItem * {
        if (folder.isEmpty())
            return nullptr;
        if (auto it = folders.find(folder); it != folders.end())
            return it->second;
        const int slash = int(folder.lastIndexOf(QLatin1Char('/')));
        QTreeWidgetItem *parentItem = folderItem(slash < 0 ? QString() : folder.left(slash));
        auto *item = parentItem ? new QTreeWidgetItem(parentItem) : new QTreeWidgetItem(m_artifacts);
        item->setText(0, folder.mid(slash + 1) + QLatin1Char('/'));
        item->setData(1, Qt::UserRole, qulonglong(0));
        folders[folder] = item;
        return item;
    };
    QTreeWidgetItem *mlmodel = nullptr;
    m_files = data->artifacts;
    for (const auto &a : data->artifacts) {
        const QString path = q(a.path);
        const int slash = int(path.lastIndexOf(QLatin1Char('/')));
        QTreeWidgetItem *parentItem = folderItem(slash < 0 ? QString() : path.left(slash));
        auto *item = parentItem ? new QTreeWidgetItem(parentItem) : new QTreeWidgetItem(m_artifacts);
        item->setText(0, path.mid(slash + 1));
        item->setText(1, QLocale().formattedDataSize(qint64(a.size)));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, kPathRole, path);
        if (path.endsWith(QLatin1String("MLmodel")) && !mlmodel)
            mlmodel = item;
        for (QTreeWidgetItem *up = parentItem; up; up = up->parent()) {
            const qulonglong total = up->data(1, Qt::UserRole).toULongLong() + a.size;
            up->setData(1, Qt::UserRole, total);
            up->setText(1, QLocale().formattedDataSize(qint64(total)));
            up->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    m_artifacts->expandAll();
    if (data->artifacts.empty())
        m_preview->setHtml(tr("<i>This run has no artifacts in the workspace.</i>"));
    else if (mlmodel) // the model's description first, as MLflow opens on it
        m_artifacts->setCurrentItem(mlmodel);
    findChild<QPushButton *>(QStringLiteral("runRegister"))->setEnabled(!data->artifacts.empty());
}

bool RunPage::previewArtifact(const QString &path)
{
    auto *ws = m_session.workspace();
    if (!ws)
        return false;
    const auto found = std::find_if(m_files.begin(), m_files.end(), [&](const tracking::RunArtifact &a) { return q(a.path) == path; });
    if (found == m_files.end())
        return false;
    auto *stack = qobject_cast<QStackedWidget *>(m_preview->parentWidget());
    const QString file = QString::fromStdString(ws->artifacts().pathFor(found->sha256).string());
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (QImageReader::supportedImageFormats().contains(suffix.toLatin1())) {
        QPixmap image(file);
        if (!image.isNull()) {
            m_image->setPixmap(image.width() > 900 ? image.scaledToWidth(900, Qt::SmoothTransformation) : image);
            stack->setCurrentWidget(m_image);
            return true;
        }
    }
    stack->setCurrentWidget(m_preview);
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        m_preview->setPlainText(tr("%1 cannot be read: %2").arg(path, f.errorString()));
        return false;
    }
    QByteArray bytes = f.read(kPreviewBytes);
    if (bytes.contains('\0')) {
        m_preview->setPlainText(tr("%1 is a binary file of %2.").arg(path, QLocale().formattedDataSize(qint64(found->size))));
        return true;
    }
    QString text = QString::fromUtf8(bytes);
    if (suffix == QLatin1String("json")) {
        const QJsonDocument doc = QJsonDocument::fromJson(bytes);
        if (!doc.isNull())
            text = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    if (qint64(found->size) > kPreviewBytes)
        text += QStringLiteral("\n") + tr("… (the first %1 of %2)").arg(QLocale().formattedDataSize(kPreviewBytes), QLocale().formattedDataSize(qint64(found->size)));
    m_preview->setPlainText(text);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return true;
}

} // namespace keel
