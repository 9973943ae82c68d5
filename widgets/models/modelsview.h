#pragma once

#include <QWidget>

#include <string>
#include <utility>
#include <vector>

class QDoubleSpinBox;
class QLineEdit;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QCheckBox;

namespace keel {

class ModelHost;
class ServingView;
class Session;

// The Models area: the local models Keel finds (the models cache, the Hugging Face hub cache,
// folders the user adds) with format, size and quantisation; which are loaded; a small
// playground (a prompt, a streamed answer, time to first token and tokens per second); and the
// Serving tab, where model servers start and show their traffic.
class ModelsView : public QWidget {
    Q_OBJECT
public:
    explicit ModelsView(Session &session, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    QPlainTextEdit *output() const { return m_output; }
    QLabel *stats() const { return m_stats; }
    ModelHost *host() const { return m_host; }
    ServingView *serving() const { return m_serving; }
    void refresh();
    bool selectModel(const QString &name);
    // Sends `prompt` as the user's next turn of the conversation (with the chat template; without
    // it, a completion of the prompt alone) to the selected model; false (with the reason shown)
    // when it cannot.
    bool generate(const QString &prompt, int maxTokens = 64);
    // Forgets the conversation.
    void newConversation();
    int turns() const { return int(m_conversation.size()); }
    QLineEdit *systemPrompt() const { return m_system; }
    // The prompt tokens of the last answer (what the conversation so far cost).
    int lastPromptTokens() const { return m_lastPromptTokens; }

Q_SIGNALS:
    void generationFinished();

private:
    void addFolder();
    void updateLoaded();
    Session &m_session;
    ModelHost *m_host;
    ServingView *m_serving;
    QTableWidget *m_table;
    QPlainTextEdit *m_prompt;
    QLineEdit *m_system, *m_stops;
    QSpinBox *m_topK;
    QDoubleSpinBox *m_topP;
    std::vector<std::pair<std::string, std::string>> m_conversation; // (role, text): user and assistant turns
    QString m_asked, m_reply;
    int m_lastPromptTokens = 0;
    QPlainTextEdit *m_output;
    QSpinBox *m_maxTokens;
    QDoubleSpinBox *m_temperature;
    QCheckBox *m_chat;
    QPushButton *m_run;
    QPushButton *m_stop;
    QLabel *m_stats;
    QLabel *m_loaded;
    quint64 m_job = 0;
};

} // namespace keel
