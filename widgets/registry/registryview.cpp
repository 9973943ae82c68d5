#include "widgets/registry/registryview.h"

#include "core/clock.h"
#include "core/error.h"
#include "models/enginetext.h"
#include "models/registrytreemodel.h"
#include "models/runcomparisonmodel.h"
#include "models/session.h"
#include "drift/driftreports.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTableView>

#include <algorithm>
#include <cmath>
#include <map>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedLayout>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace keel {
namespace {

// A change to the registry as a small dialog: what (a choice, or a name typed in) and why
// (optional; kept in the audit history). False when cancelled.
bool askChange(QWidget *parent, const QString &title, const QString &label, const QStringList &choices, int current, bool editable,
               QString &value, QString &reason)
{
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("registryChangeDialog"));
    dialog.setWindowTitle(title);
    auto *form = new QFormLayout(&dialog);
    auto *choice = new QComboBox(&dialog);
    choice->setObjectName(QStringLiteral("changeChoice"));
    choice->setEditable(editable);
    choice->addItems(choices);
    choice->setCurrentIndex(current);
    choice->setMinimumContentsLength(24);
    form->addRow(label, choice);
    auto *why = new QLineEdit(&dialog);
    why->setObjectName(QStringLiteral("changeReason"));
    why->setPlaceholderText(RegistryView::tr("optional: kept in the audit history"));
    form->addRow(RegistryView::tr("Reason:"), why);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    value = choice->currentText().trimmed();
    reason = why->text().trimmed();
    return !value.isEmpty();
}

} // namespace

RegistryView::RegistryView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new RegistryTreeModel(session, this))
{
    setObjectName(QStringLiteral("registryArea"));
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Confirm"), question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("registryTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch); // the aliases, readable
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    auto *details = new QWidget(this);
    auto *d = new QVBoxLayout(details);
    m_title = new QLabel(details);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_badges = new QLabel(details);
    m_badges->setObjectName(QStringLiteral("registryBadges"));
    m_badges->setTextFormat(Qt::RichText);
    auto *buttons = new QHBoxLayout;
    m_aliasButton = new QPushButton(tr("Set alias…"), details);
    m_rollbackButton = new QPushButton(tr("Roll back alias…"), details);
    m_stageButton = new QPushButton(tr("Move stage…"), details);
    m_aliasButton->setObjectName(QStringLiteral("registrySetAlias"));
    m_rollbackButton->setObjectName(QStringLiteral("registryRollback"));
    m_stageButton->setObjectName(QStringLiteral("registryMoveStage"));
    buttons->addWidget(m_aliasButton);
    buttons->addWidget(m_rollbackButton);
    m_removeAliasButton = new QPushButton(tr("Remove alias…"), details);
    buttons->addWidget(m_removeAliasButton);
    buttons->addWidget(m_stageButton);
    m_compareButton = new QPushButton(tr("Compare with…"), details);
    buttons->addWidget(m_compareButton);
    buttons->addStretch(1);
    m_card = new QTextBrowser(details);
    m_card->setObjectName(QStringLiteral("registryCard"));
    m_card->setMaximumHeight(120);
    m_metrics = new QTableWidget(0, 2, details);
    m_metrics->setHorizontalHeaderLabels({tr("Metric (at registration)"), tr("Value")});
    m_metrics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_metrics->verticalHeader()->hide();
    m_metrics->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_metrics->setMaximumHeight(140);
    m_signature = new QLabel(details);
    m_signature->setObjectName(QStringLiteral("registrySignature"));
    m_signature->setTextFormat(Qt::RichText);
    m_signature->setWordWrap(true);
    m_lineage = new QLabel(details);
    m_lineage->setObjectName(QStringLiteral("registryLineage"));
    m_lineage->setTextFormat(Qt::RichText);
    m_lineage->setWordWrap(true);
    m_verification = new QLabel(details);
    m_verification->setObjectName(QStringLiteral("registryVerification"));
    m_verification->setTextFormat(Qt::RichText);
    m_verification->setWordWrap(true);
    m_timeline = new QTableWidget(0, 5, details);
    m_timeline->setObjectName(QStringLiteral("registryTimeline"));
    m_timeline->setHorizontalHeaderLabels({tr("When"), tr("Who"), tr("What"), tr("From → to"), tr("Why")});
    m_timeline->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_timeline->verticalHeader()->hide();
    m_timeline->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timeline->setWordWrap(false);
    d->addWidget(m_title);
    d->addWidget(m_badges);
    d->addLayout(buttons);
    d->addWidget(m_card);
    d->addWidget(m_metrics);
    d->addWidget(m_signature);
    d->addWidget(m_lineage);
    d->addWidget(m_verification);
    d->addWidget(new QLabel(tr("History"), details));
    d->addWidget(m_timeline, 1);

    m_empty = new QLabel(this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("<h3>No registered models yet</h3><p>Register a model with <tt>keel registry register NAME FILE</tt>, "
                        "or import an MLflow store that has a registry (File → Import MLflow Store…).</p>"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tree);
    split->addWidget(details);
    split->setSizes({460, 700});
    auto *stack = new QStackedLayout(this);
    stack->addWidget(split);
    stack->addWidget(m_empty);

    auto refreshEmpty = [this, stack, split] { stack->setCurrentWidget(m_model->rowCount() ? static_cast<QWidget *>(split) : m_empty); };
    connect(m_model, &RegistryTreeModel::verificationChanged, this, [this](const QString &model, int version) {
        if (model == selectedModel() && version == selectedVersion())
            showVerification();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this, refreshEmpty] {
        refreshEmpty();
        m_tree->expandAll();
        selectFirstIfNone();
        showSelected();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &RegistryView::showSelected);
    connect(m_lineage, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("run:")))
            Q_EMIT openRun(link.mid(4));
        else if (link.startsWith(QLatin1String("drift:")))
            Q_EMIT openDriftReport(link.mid(6).toLongLong());
    });
    connect(m_aliasButton, &QPushButton::clicked, this, [this] {
        QString alias, reason;
        if (askChange(this, tr("Set alias"), tr("Alias to point at version %1:").arg(selectedVersion()),
                      {QStringLiteral("champion"), QStringLiteral("challenger")}, 0, true, alias, reason))
            setAlias(alias, reason);
    });
    connect(m_rollbackButton, &QPushButton::clicked, this, [this] {
        // Only aliases that have somewhere to go back to; the selected version's first.
        const auto targets = rollbackTargets();
        if (targets.isEmpty()) {
            QMessageBox::information(this, tr("Roll back alias"),
                                     tr("No alias of %1 has pointed anywhere else that it could go back to.").arg(selectedModel()));
            return;
        }
        QStringList choices;
        for (const auto &t : targets)
            choices << tr("%1: version %2 → back to version %3").arg(t.alias).arg(t.fromVersion).arg(t.toVersion);
        QString picked, reason;
        if (askChange(this, tr("Roll back alias"), tr("Alias:"), choices, 0, false, picked, reason))
            rollbackAlias(targets[int(choices.indexOf(picked))].alias, reason);
    });
    connect(m_compareButton, &QPushButton::clicked, this, [this] {
        auto *ws = m_session.workspace();
        if (!ws)
            return;
        QStringList others;
        for (const auto &v : registry::ModelRegistry(ws->db(), ws->artifacts()).versions(selectedModel().toStdString()))
            if (v.version != selectedVersion())
                others << QString::number(v.version);
        if (others.isEmpty())
            return;
        bool ok = false;
        const QString other = QInputDialog::getItem(this, tr("Compare versions"), tr("Compare version %1 with version:").arg(selectedVersion()),
                                                    others, 0, false, &ok);
        if (!ok)
            return;
        auto *dialog = new QDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("%1: version %2 and version %3").arg(selectedModel()).arg(selectedVersion()).arg(other));
        auto *layout = new QVBoxLayout(dialog);
        auto *diffOnly = new QCheckBox(tr("Show differences only"), dialog);
        auto *table = new QTableView(dialog);
        auto *model = new RunComparisonModel(dialog);
        model->setRuns({versionAsRun(selectedModel(), selectedVersion()), versionAsRun(selectedModel(), other.toInt())},
                       versionAttributes({selectedVersion(), other.toInt()}));
        table->setModel(model);
        table->verticalHeader()->hide();
        table->setWordWrap(false);
        table->setTextElideMode(Qt::ElideMiddle); // a hash keeps its ends
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setStretchLastSection(true);
        connect(diffOnly, &QCheckBox::toggled, model, &RunComparisonModel::setDifferencesOnly);
        layout->addWidget(diffOnly);
        layout->addWidget(table);
        auto *close = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(close, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        layout->addWidget(close);
        dialog->resize(640, 480);
        dialog->show();
    });
    connect(m_removeAliasButton, &QPushButton::clicked, this, [this] {
        auto *ws = m_session.workspace();
        const auto model = ws ? registry::ModelRegistry(ws->db(), ws->artifacts()).model(selectedModel().toStdString()) : std::nullopt;
        if (!model || model->aliases.empty())
            return;
        QStringList aliases;
        for (const auto &[a, v] : model->aliases)
            aliases << QString::fromStdString(a);
        QString alias, reason;
        if (askChange(this, tr("Remove alias"), tr("Alias to remove:"), aliases, 0, false, alias, reason))
            removeAlias(alias, reason);
    });
    connect(m_stageButton, &QPushButton::clicked, this, [this] {
        QString stage, reason;
        if (askChange(this, tr("Move stage"), tr("Stage for version %1:").arg(selectedVersion()),
                      {QStringLiteral("None"), QStringLiteral("Staging"), QStringLiteral("Production"), QStringLiteral("Archived")}, 2, false, stage,
                      reason))
            moveStage(stage, stage == QLatin1String("Production") || stage == QLatin1String("Staging"), reason);
    });
    refreshEmpty();
    m_tree->expandAll();
    selectFirstIfNone();
    showSelected();
}

void RegistryView::selectFirstIfNone()
{
    // The area opens on the first model's newest version rather than an empty card.
    if (m_tree->currentIndex().isValid() || m_model->rowCount() == 0)
        return;
    const QModelIndex first = m_model->index(0, 0);
    m_tree->setCurrentIndex(m_model->rowCount(first) > 0 ? m_model->index(0, 0, first) : first);
}

QString RegistryView::selectedModel() const
{
    return m_tree->currentIndex().data(RegistryTreeModel::ModelNameRole).toString();
}

int RegistryView::selectedVersion() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data(RegistryTreeModel::VersionRole).toInt();
}

void RegistryView::select(const QString &model, int version)
{
    m_tree->setCurrentIndex(m_model->indexOf(model, version));
}

void RegistryView::showSelected()
{
    const QString model = selectedModel();
    const int version = selectedVersion();
    m_aliasButton->setEnabled(version > 0);
    m_stageButton->setEnabled(version > 0);
    m_compareButton->setEnabled(version > 0);
    m_rollbackButton->setEnabled(!model.isEmpty());
    m_removeAliasButton->setEnabled(!model.isEmpty());
    m_signature->clear();
    m_verification->clear();
    m_metrics->setRowCount(0);
    m_timeline->setRowCount(0);
    auto *ws = m_session.workspace();
    if (model.isEmpty() || !ws) {
        m_title->setText(tr("Choose a model or a version"));
        m_badges->clear();
        m_card->clear();
        m_lineage->clear();
        return;
    }
    registry::ModelRegistry reg(ws->db(), ws->artifacts());
    const auto m = reg.model(model.toStdString());
    if (!m)
        return;
    if (version > 0) {
        const auto v = reg.version(m->name, version);
        m_title->setText(tr("%1 · version %2").arg(model).arg(version));
        QString badges;
        for (const auto &a : v.aliases)
            badges += QStringLiteral("<span style='background:#dbe7fb;color:#1f4fa8;'>&nbsp;@%1&nbsp;</span>&nbsp; ").arg(QString::fromStdString(a).toHtmlEscaped());
        const QString stageColour = v.stage == "Production" ? QStringLiteral("#d3f0da;color:#1e7a34") : v.stage == "Staging" ? QStringLiteral("#fff0c9;color:#8a5a00")
                                                                                                   : QStringLiteral("#eceff1;color:#555");
        badges += QStringLiteral("<span style='background:%1;'>&nbsp;%2&nbsp;</span>").arg(stageColour, EngineText::stage(v.stage));
        m_badges->setText(badges);
        m_card->setMarkdown(QString::fromStdString(v.description.empty() ? m->description : v.description));
        const QJsonObject metrics = QJsonDocument::fromJson(QByteArray::fromStdString(v.metrics)).object();
        for (auto it = metrics.begin(); it != metrics.end(); ++it) {
            const int row = m_metrics->rowCount();
            m_metrics->insertRow(row);
            m_metrics->setItem(row, 0, new QTableWidgetItem(it.key()));
            m_metrics->setItem(row, 1, new QTableWidgetItem(it.value().isNull() ? QStringLiteral("NaN") : QString::number(it.value().toDouble(), 'g', 8)));
        }
        if (v.signature != "{}" && !v.signature.empty()) {
            // In a line: how many inputs and outputs, the first few by name and type; the whole
            // signature in the tooltip.
            const QJsonObject signature = QJsonDocument::fromJson(QByteArray::fromStdString(v.signature)).object();
            auto describe = [](const QJsonArray &fields) {
                QStringList names;
                for (const QJsonValue &f : fields) {
                    if (names.size() == 6) {
                        names << QStringLiteral("…");
                        break;
                    }
                    const QJsonObject o = f.toObject();
                    names << QStringLiteral("%1 (%2)").arg(o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("type")).toString());
                }
                return names.join(QStringLiteral(", "));
            };
            const QJsonArray inputs = signature.value(QStringLiteral("inputs")).toArray(), outputs = signature.value(QStringLiteral("outputs")).toArray();
            QString text = tr("<b>Signature</b> %n input(s): %1", nullptr, int(inputs.size())).arg(describe(inputs).toHtmlEscaped());
            if (!outputs.isEmpty())
                text += QStringLiteral("; ") + tr("%n output(s): %1", nullptr, int(outputs.size())).arg(describe(outputs).toHtmlEscaped());
            m_signature->setText(text);
            m_signature->setToolTip(QString::fromUtf8(QJsonDocument(signature).toJson(QJsonDocument::Indented)));
        }
        QString lineage = tr("<b>Artifact</b> SHA-256 <tt>%1…</tt>").arg(QString::fromStdString(v.artifactSha256).left(16));
        if (v.runUuid) {
            tracking::TrackingStore tracking(ws->db());
            const auto run = tracking.run(*v.runUuid);
            QString runText = QString::fromStdString(*v.runUuid).left(8);
            if (run) {
                const auto experiment = tracking.experiment(run->run.experimentId);
                runText = QStringLiteral("%1 (%2)").arg(QString::fromStdString(run->run.name),
                                                        experiment ? QString::fromStdString(experiment->name) : QString());
                for (const auto &ds : run->datasets)
                    runText += tr(" · dataset %1 (%2)").arg(QString::fromStdString(ds.name), QString::fromStdString(ds.digest));
            }
            lineage += tr(" ← <b>run</b> <a href='run:%1'>%2</a>").arg(QString::fromStdString(*v.runUuid), runText.toHtmlEscaped());
        }
        // The files the version is made of, with their sizes.
        try {
            const auto files = reg.artifactFiles(m->name, version);
            std::uint64_t total = 0;
            for (const auto &f : files)
                total += f.size;
            lineage += QStringLiteral("<br>") + tr("<b>Files</b> %n file(s), %1:", nullptr, int(files.size())).arg(QLocale().formattedDataSize(qint64(total)));
            int shown = 0;
            for (const auto &f : files) {
                if (++shown > 12) {
                    lineage += QStringLiteral(" …");
                    break;
                }
                lineage += QStringLiteral(" <tt>%1</tt> (%2)").arg(QString::fromStdString(f.path).toHtmlEscaped(), QLocale().formattedDataSize(qint64(f.size)));
            }
        } catch (const std::exception &e) {
            lineage += QStringLiteral("<br>") + tr("<b>Files</b> cannot be listed: %1").arg(EngineText::error(e).toHtmlEscaped());
        }
        // The drift reports that watched this version, newest first; each opens in the Drift area.
        try {
            const auto watched = drift::DriftReports(ws->db()).list(v.id, 5);
            if (!watched.empty()) {
                lineage += QStringLiteral("<br>") + tr("<b>Drift reports</b>");
                for (const auto &r : watched)
                    lineage += QStringLiteral(" · <a href='drift:%1'>%2</a> %3")
                                   .arg(r.id)
                                   .arg(QDateTime::fromMSecsSinceEpoch(r.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                                   .arg(r.datasetDrift || r.qualityAlerts ? tr("<span style='color:#b42318'>drift</span>")
                                                                         : tr("<span style='color:#1e7a34'>no drift</span>"));
            }
        } catch (const std::exception &) {
            // A workspace of an older Keel without drift reports has none to list.
        }
        m_lineage->setText(lineage);
        m_model->verify(model, version); // a pool job, the first time
        showVerification();
    } else {
        m_title->setText(model);
        QString badges;
        for (const auto &[a, v] : m->aliases)
            badges += QStringLiteral("<span style='background:#dbe7fb;color:#1f4fa8;'>&nbsp;@%1 → v%2&nbsp;</span>&nbsp; ").arg(QString::fromStdString(a).toHtmlEscaped()).arg(v);
        m_badges->setText(badges);
        m_card->setMarkdown(QString::fromStdString(m->description));
        m_lineage->clear();
    }
    const auto history = reg.history(m->name);
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        const int row = m_timeline->rowCount();
        m_timeline->insertRow(row);
        QString what = QString::fromStdString(it->action);
        if (!it->subject.empty() && it->subject != it->action)
            what += QStringLiteral(" ") + QString::fromStdString(it->subject);
        if (it->version)
            what += tr(" (v%1)").arg(*it->version);
        m_timeline->setItem(row, 0, new QTableWidgetItem(QLocale().toString(QDateTime::fromMSecsSinceEpoch(it->at), QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        m_timeline->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(it->actor)));
        m_timeline->setItem(row, 2, new QTableWidgetItem(what));
        m_timeline->setItem(row, 3, new QTableWidgetItem(QStringLiteral("%1 → %2").arg(QString::fromStdString(it->from.value_or("—")).left(16),
                                                                                      QString::fromStdString(it->to.value_or("—")).left(16))));
        m_timeline->setItem(row, 4, new QTableWidgetItem(QString::fromStdString(it->reason)));
    }
    m_timeline->resizeColumnsToContents();
}

tracking::RunData RegistryView::versionAsRun(const QString &model, int version) const
{
    tracking::RunData d;
    auto *ws = m_session.workspace();
    if (!ws)
        return d;
    const auto v = registry::ModelRegistry(ws->db(), ws->artifacts()).version(model.toStdString(), version);
    if (v.runUuid) {
        tracking::TrackingStore tracking(ws->db());
        if (auto run = tracking.run(*v.runUuid))
            d = *run; // its params and tags
    }
    d.run.name = tr("version %1").arg(version).toStdString();
    // The metrics as they were when the version was registered.
    d.latestMetrics.clear();
    const QJsonObject metrics = QJsonDocument::fromJson(QByteArray::fromStdString(v.metrics)).object();
    for (auto it = metrics.begin(); it != metrics.end(); ++it)
        d.latestMetrics[it.key().toStdString()] = {it.key().toStdString(), it.value().isNull() ? std::nan("") : it.value().toDouble(), 0, 0};
    return d;
}

std::vector<std::pair<QString, QStringList>> RegistryView::versionAttributes(const std::vector<int> &versions) const
{
    // What a version is besides its run: the artifact it holds and its stage, named as such.
    QStringList artifacts, stages, aliases;
    auto *ws = m_session.workspace();
    if (!ws)
        return {};
    registry::ModelRegistry reg(ws->db(), ws->artifacts());
    for (int n : versions) {
        const auto v = reg.version(selectedModel().toStdString(), n);
        artifacts << QString::fromStdString(v.artifactSha256);
        stages << EngineText::stage(v.stage);
        QStringList names;
        for (const auto &a : v.aliases)
            names << QLatin1Char('@') + QString::fromStdString(a);
        aliases << names.join(QStringLiteral(" "));
    }
    return {{tr("Artifact (SHA-256)"), artifacts}, {tr("Stage"), stages}, {tr("Aliases"), aliases}};
}

bool RegistryView::compareVersions(int a, int b, bool differencesOnly, RunComparisonModel *into) const
{
    into->setRuns({versionAsRun(selectedModel(), a), versionAsRun(selectedModel(), b)}, versionAttributes({a, b}));
    into->setDifferencesOnly(differencesOnly);
    return true;
}

bool RegistryView::act(const QString &question, const std::function<void()> &change)
{
    if (!question.isEmpty() && !m_confirm(question))
        return false;
    const QString model = selectedModel();
    const int version = selectedVersion();
    try {
        change();
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Not changed"), EngineText::error(e));
        return false;
    }
    m_model->reload();
    select(model, version);
    return true;
}

QList<RegistryView::RollbackTarget> RegistryView::rollbackTargets() const
{
    QList<RollbackTarget> out;
    auto *ws = m_session.workspace();
    if (!ws || selectedModel().isEmpty())
        return out;
    try {
        registry::ModelRegistry registry(ws->db(), ws->artifacts());
        const auto model = registry.model(selectedModel().toStdString());
        if (!model)
            return out;
        const auto history = registry.history(model->name); // oldest first
        std::map<int, std::string> stages;
        for (const auto &v : registry.versions(model->name))
            stages[v.version] = v.stage;
        for (const auto &[alias, version] : model->aliases) {
            // Where the alias's last move took it from, as ModelRegistry::rollback reads it.
            for (auto it = history.rbegin(); it != history.rend(); ++it) {
                const registry::AuditEntry &entry = *it;
                if (entry.subject != alias || (entry.action != "alias" && entry.action != "rollback"))
                    continue;
                if (entry.from && stages.count(std::stoi(*entry.from)) && stages[std::stoi(*entry.from)] != "Archived")
                    out.append({QString::fromStdString(alias), version, std::stoi(*entry.from)});
                break;
            }
        }
    } catch (const std::exception &) {
        // A registry that cannot be read offers nothing to roll back; the area says why elsewhere.
    }
    // The selected version's aliases first.
    std::stable_sort(out.begin(), out.end(), [this](const RollbackTarget &a, const RollbackTarget &b) {
        return (a.fromVersion == selectedVersion()) > (b.fromVersion == selectedVersion());
    });
    return out;
}

bool RegistryView::setAlias(const QString &alias, const QString &reason)
{
    auto *ws = m_session.workspace();
    if (!ws || selectedVersion() == 0)
        return false;
    const QString model = selectedModel();
    const int version = selectedVersion();
    const QString question = alias == QLatin1String("champion")
                                 ? tr("Point %1@champion at version %2? Traffic that follows the champion moves to it.").arg(model).arg(version)
                                 : QString();
    return act(question, [&] {
        registry::ModelRegistry(ws->db(), ws->artifacts())
            .setAlias(model.toStdString(), alias.toStdString(), version, registry::ModelRegistry::currentActor(), reason.toStdString());
    });
}

bool RegistryView::removeAlias(const QString &alias, const QString &reason)
{
    auto *ws = m_session.workspace();
    if (!ws)
        return false;
    const QString model = selectedModel();
    const QString question = alias == QLatin1String("champion")
                                 ? tr("Remove %1@champion? Whatever follows the champion will find no model.").arg(model)
                                 : QString();
    return act(question, [&] {
        registry::ModelRegistry(ws->db(), ws->artifacts())
            .removeAlias(model.toStdString(), alias.toStdString(), registry::ModelRegistry::currentActor(), reason.toStdString());
    });
}

bool RegistryView::rollbackAlias(const QString &alias, const QString &reason)
{
    auto *ws = m_session.workspace();
    if (!ws)
        return false;
    const QString model = selectedModel();
    const QString question = alias == QLatin1String("champion")
                                 ? tr("Roll %1@champion back to the version it pointed at before?").arg(model)
                                 : QString();
    return act(question, [&] {
        registry::ModelRegistry(ws->db(), ws->artifacts())
            .rollback(model.toStdString(), alias.toStdString(), registry::ModelRegistry::currentActor(), reason.toStdString());
    });
}

bool RegistryView::moveStage(const QString &stage, bool archiveExisting, const QString &reason)
{
    auto *ws = m_session.workspace();
    if (!ws || selectedVersion() == 0)
        return false;
    const QString model = selectedModel();
    const int version = selectedVersion();
    const QString question = stage == QLatin1String("Production")
                                 ? tr("Move version %1 of %2 to Production%3?").arg(version).arg(model)
                                       .arg(archiveExisting ? tr(" and archive the version now there") : QString())
                                 : QString();
    return act(question, [&] {
        registry::ModelRegistry(ws->db(), ws->artifacts())
            .transitionStage(model.toStdString(), version, stage.toStdString(), archiveExisting, registry::ModelRegistry::currentActor(),
                             reason.toStdString());
    });
}

void RegistryView::showVerification()
{
    const auto v = m_model->verification(selectedModel(), selectedVersion());
    switch (v.state) {
    case RegistryTreeModel::Verification::Unknown:
        m_verification->clear();
        break;
    case RegistryTreeModel::Verification::Checking:
        m_verification->setText(tr("<b>Verification</b> checking the artifact against its registered hash…"));
        break;
    case RegistryTreeModel::Verification::Verified:
        m_verification->setText(tr("<b>Verification</b> <span style='color:#1e7a34'>✓ the artifact matches its registered hash</span> (checked %1)").arg(v.at));
        break;
    case RegistryTreeModel::Verification::Damaged:
        m_verification->setText(tr("<b>Verification</b> <span style='color:#b3261e'>✗ %1</span> (checked %2)").arg(v.message.toHtmlEscaped(), v.at));
        break;
    }
}

} // namespace keel
