#include "widgets/models/modelsview.h"

#include "widgets/models/servingview.h"

#include "models/modelfolders.h"
#include "models/modelhost.h"
#include "nn/chattemplate.h"
#include "models/session.h"
#include "nn/llamamodel.h"
#include "nn/modelcatalog.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace keel {

ModelsView::ModelsView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_host(new ModelHost(session, this))
{
    setObjectName(QStringLiteral("modelsArea"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto *split = new QSplitter(Qt::Horizontal, this);

    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(tr("<b>Local models</b>"), left);
    header->addWidget(title, 1);
    auto *add = new QPushButton(tr("Add Folder…"), left);
    auto *refreshButton = new QPushButton(tr("Refresh"), left);
    header->addWidget(add);
    header->addWidget(refreshButton);
    leftLayout->addLayout(header);
    m_table = new QTableWidget(0, 5, left);
    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Kind"), tr("Format"), tr("Quantisation"), tr("Size")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    leftLayout->addWidget(m_table, 1);
    m_loaded = new QLabel(left);
    m_loaded->setWordWrap(true);
    leftLayout->addWidget(m_loaded);
    auto *unload = new QPushButton(tr("Unload All"), left);
    leftLayout->addWidget(unload, 0, Qt::AlignLeft);

    auto *tabs = new QTabWidget(split);
    tabs->setObjectName(QStringLiteral("modelsTabs"));
    auto *right = new QWidget(tabs);
    auto *rightLayout = new QVBoxLayout(right);
    m_system = new QLineEdit(right);
    m_system->setObjectName(QStringLiteral("modelsSystem"));
    m_system->setPlaceholderText(tr("System prompt (optional): how the model should answer"));
    rightLayout->addWidget(m_system);
    m_prompt = new QPlainTextEdit(right);
    m_prompt->setPlaceholderText(tr("Ask the selected model something…"));
    m_prompt->setMaximumHeight(90);
    rightLayout->addWidget(m_prompt);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Max tokens"), right));
    m_maxTokens = new QSpinBox(right);
    m_maxTokens->setRange(1, 4096);
    m_maxTokens->setValue(128);
    controls->addWidget(m_maxTokens);
    controls->addWidget(new QLabel(tr("Temperature"), right));
    m_temperature = new QDoubleSpinBox(right);
    m_temperature->setRange(0, 2);
    m_temperature->setSingleStep(0.1);
    m_temperature->setToolTip(tr("0 picks the likeliest token every time (greedy)"));
    controls->addWidget(m_temperature);
    controls->addWidget(new QLabel(tr("Top-k"), right));
    m_topK = new QSpinBox(right);
    m_topK->setRange(0, 1000);
    m_topK->setToolTip(tr("Sample among the k likeliest tokens only (0: all)"));
    controls->addWidget(m_topK);
    controls->addWidget(new QLabel(tr("Top-p"), right));
    m_topP = new QDoubleSpinBox(right);
    m_topP->setRange(0.01, 1);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(1);
    m_topP->setToolTip(tr("Sample among the likeliest tokens that together hold this probability (1: all)"));
    controls->addWidget(m_topP);
    controls->addStretch(1);
    rightLayout->addLayout(controls);
    auto *controls2 = new QHBoxLayout;
    controls2->addWidget(new QLabel(tr("Stop at"), right));
    m_stops = new QLineEdit(right);
    m_stops->setObjectName(QStringLiteral("modelsStops"));
    m_stops->setPlaceholderText(tr("text that ends the answer; several separated by |"));
    controls2->addWidget(m_stops, 1);
    m_chat = new QCheckBox(tr("Chat template"), right);
    m_chat->setChecked(true);
    m_chat->setToolTip(tr("Wrap the conversation in the model's chat format; without it, the prompt alone is completed as written"));
    controls2->addWidget(m_chat);
    rightLayout->addLayout(controls2);
    auto *buttons = new QHBoxLayout; // a row of their own: the window stays narrow in every language
    auto *fresh = new QPushButton(tr("New conversation"), right);
    fresh->setObjectName(QStringLiteral("modelsNewConversation"));
    buttons->addWidget(fresh);
    buttons->addStretch(1);
    m_stop = new QPushButton(tr("Stop"), right);
    m_stop->setEnabled(false);
    m_run = new QPushButton(tr("Send"), right);
    m_run->setDefault(true);
    m_run->setObjectName(QStringLiteral("modelsGenerate"));
    buttons->addWidget(m_stop);
    buttons->addWidget(m_run);
    rightLayout->addLayout(buttons);
    connect(fresh, &QPushButton::clicked, this, &ModelsView::newConversation);
    m_output = new QPlainTextEdit(right);
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("The conversation: each answer streams in as it is written."));
    rightLayout->addWidget(m_output, 1);
    m_stats = new QLabel(right);
    m_stats->setObjectName(QStringLiteral("modelsStats"));
    m_stats->setWordWrap(true);
    rightLayout->addWidget(m_stats);
    tabs->addTab(right, tr("Playground"));
    m_serving = new ServingView(session, tabs);
    tabs->addTab(m_serving, tr("Serving"));
    split->addWidget(left);
    split->addWidget(tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({560, 640});
    layout->addWidget(split, 1);

    connect(add, &QPushButton::clicked, this, &ModelsView::addFolder);
    connect(refreshButton, &QPushButton::clicked, this, &ModelsView::refresh);
    connect(unload, &QPushButton::clicked, m_host, &ModelHost::unloadAll);
    connect(m_run, &QPushButton::clicked, this, [this] { generate(m_prompt->toPlainText(), m_maxTokens->value()); });
    // A different model starts a new conversation.
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row, int, int previous) {
        if (row != previous)
            newConversation();
    });
    connect(m_stop, &QPushButton::clicked, this, [this] { m_host->cancel(m_job); });
    connect(m_host, &ModelHost::loadedChanged, this, &ModelsView::updateLoaded);
    connect(m_host, &ModelHost::textPiece, this, [this](quint64 job, const QString &text) {
        if (job != m_job)
            return;
        m_reply += text;
        m_output->moveCursor(QTextCursor::End);
        m_output->insertPlainText(text);
    });
    connect(m_host, &ModelHost::finished, this,
            [this](quint64 job, int promptTokens, int completion, double ttft, double tps, const QString &reason) {
                if (job != m_job)
                    return;
                m_run->setEnabled(true);
                m_stop->setEnabled(false);
                m_lastPromptTokens = promptTokens;
                // The turn joins the conversation (a stopped answer as far as it got).
                if (m_chat->isChecked()) {
                    m_conversation.emplace_back("user", m_asked.toStdString());
                    m_conversation.emplace_back("assistant", m_reply.toStdString());
                }
                m_output->moveCursor(QTextCursor::End);
                m_output->insertPlainText(QStringLiteral("\n\n"));
                m_stats->setText(tr("%1 prompt tokens · %2 generated (%3) · first token after %4 ms · %5 tokens/s")
                                     .arg(promptTokens)
                                     .arg(completion)
                                     .arg(reason)
                                     .arg(ttft, 0, 'f', 0)
                                     .arg(tps, 0, 'f', 1));
                updateLoaded();
                Q_EMIT generationFinished();
            });
    connect(m_host, &ModelHost::failed, this, [this](quint64 job, const QString &message) {
        if (job != m_job)
            return;
        m_run->setEnabled(true);
        m_stop->setEnabled(false);
        m_stats->setText(tr("Failed: %1").arg(message));
        Q_EMIT generationFinished();
    });
    refresh();
    updateLoaded();
}

void ModelsView::refresh()
{
    const auto models = nn::findModels(nn::modelFolders(addedModelFolders()));
    m_table->setRowCount(int(models.size()));
    for (int r = 0; r < int(models.size()); ++r) {
        const auto &m = models[std::size_t(r)];
        auto item = [](const QString &text) { return new QTableWidgetItem(text); };
        QTableWidgetItem *name = item(QString::fromStdString(m.name));
        name->setData(Qt::UserRole, QString::fromStdString(m.path.string()));
        name->setData(Qt::UserRole + 1, QString::fromStdString(m.kind));
        name->setToolTip(QString::fromStdString(m.path.string()));
        m_table->setItem(r, 0, name);
        m_table->setItem(r, 1, item(m.kind == "decoder" ? tr("text generation") : tr("embeddings")));
        m_table->setItem(r, 2, item(QString::fromStdString(m.format)));
        m_table->setItem(r, 3, item(QString::fromStdString(m.quantisation)));
        m_table->setItem(r, 4, item(QLocale().formattedDataSize(qint64(m.bytes))));
    }
    m_table->resizeColumnsToContents();
    if (models.empty())
        m_stats->setText(tr("No models found. scripts/fetch-models.sh fetches SmolLM2-135M-Instruct and all-MiniLM-L6-v2; "
                            "Add Folder… finds GGUF files and Hugging Face model folders elsewhere."));
    else if (m_table->currentRow() < 0)
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->item(r, 0)->data(Qt::UserRole + 1).toString() == QLatin1String("decoder")) {
                m_table->selectRow(r);
                break;
            }
}

bool ModelsView::selectModel(const QString &name)
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, 0)->text() == name) {
            m_table->selectRow(r);
            return true;
        }
    return false;
}

bool ModelsView::generate(const QString &prompt, int maxTokens)
{
    const int row = m_table->currentRow();
    if (row < 0) {
        m_stats->setText(tr("Choose a model first."));
        return false;
    }
    if (m_table->item(row, 0)->data(Qt::UserRole + 1).toString() != QLatin1String("decoder")) {
        m_stats->setText(tr("%1 makes embeddings, not text: use it from the command line (keel embed) or in RAG.").arg(m_table->item(row, 0)->text()));
        return false;
    }
    if (prompt.trimmed().isEmpty()) {
        m_stats->setText(tr("Write a prompt first."));
        return false;
    }
    nn::SamplingParams params;
    params.maxTokens = std::size_t(maxTokens);
    params.temperature = m_temperature->value();
    params.topK = std::size_t(m_topK->value());
    params.topP = m_topP->value();
    for (const QString &stop : m_stops->text().split(QLatin1Char('|'), Qt::SkipEmptyParts))
        params.stop.push_back(stop.toStdString());
    params.seed = 1;
    std::vector<nn::ChatMessage> messages;
    if (m_chat->isChecked()) {
        if (!m_system->text().trimmed().isEmpty())
            messages.push_back({"system", m_system->text().trimmed().toStdString()});
        for (const auto &[role, text] : m_conversation)
            messages.push_back({role, text});
    } else {
        m_output->clear(); // a completion stands alone
    }
    messages.push_back({"user", prompt.toStdString()});
    m_asked = prompt;
    m_reply.clear();
    m_prompt->clear();
    m_output->moveCursor(QTextCursor::End);
    m_output->insertPlainText(tr("You: %1").arg(prompt.trimmed()) + QStringLiteral("\n\n") +
                              tr("%1: ").arg(m_table->item(row, 0)->text()));
    m_stats->setText(tr("Generating…"));
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_job = m_host->generate(m_table->item(row, 0)->data(Qt::UserRole).toString(), messages, m_chat->isChecked(), params);
    return true;
}

void ModelsView::newConversation()
{
    m_conversation.clear();
    m_output->clear();
    m_stats->clear();
}

void ModelsView::addFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with models"));
    if (dir.isEmpty())
        return;
    QSettings settings;
    QStringList folders = settings.value(QStringLiteral("models/folders")).toStringList();
    if (!folders.contains(dir))
        folders << dir;
    settings.setValue(QStringLiteral("models/folders"), folders);
    refresh();
}

void ModelsView::updateLoaded()
{
    const QStringList loaded = m_host->loaded();
    const auto minutes = &ModelHost::idleUnloadMinutes;
    const QString unload = m_session.devices().gpuSlots().empty()
                               ? tr("unload after %n idle minute(s)", nullptr, minutes(false))
                               : tr("unload after %1 idle minutes on a GPU, %2 on the CPU").arg(minutes(true)).arg(minutes(false));
    m_loaded->setText(loaded.isEmpty() ? tr("No model loaded (models load on the first request and %1).").arg(unload)
                                       : tr("Loaded: %1; %2.").arg(loaded.join(QStringLiteral(", ")), unload));
}

} // namespace keel
