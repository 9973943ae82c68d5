#include "widgets/jobs/jobsdock.h"

#include "models/costtext.h"

#include "models/enginebridge.h"
#include "models/jobsmodel.h"
#include "widgets/common/buttondelegate.h"
#include "widgets/common/progressdelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace keel {

JobsDock::JobsDock(EngineBridge *bridge, JobsModel *model, QWidget *parent)
    : QDockWidget(tr("Jobs"), parent)
    , m_bridge(bridge)
    , m_model(model)
{
    setObjectName(QStringLiteral("jobsDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("jobsSummary"));
    auto *clear = new QPushButton(tr("Clear finished"), body);
    clear->setObjectName(QStringLiteral("clearFinishedButton"));
    bar->addWidget(m_summary, 1);
    bar->addWidget(clear);
    layout->addLayout(bar);

    m_view = new QTableView(body);
    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 14);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setMouseTracking(true);
    m_view->setItemDelegateForColumn(JobsModel::ProgressColumn, new ProgressDelegate(JobsModel::ProgressRole, m_view));
    auto *buttons = new ButtonDelegate(m_view);
    m_view->setItemDelegateForColumn(JobsModel::ActionColumn, buttons);
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics fm = m_view->fontMetrics();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(JobsModel::NameColumn, fm.horizontalAdvance(QLatin1Char('x')) * 36);
    header->resizeSection(JobsModel::DeviceColumn, fm.horizontalAdvance(QStringLiteral("GPU 0")) + 36);
    // Wide enough for the longest state name in any language, plus its icon.
    int stateWidth = 0;
    for (auto s : {compute::JobState::Queued, compute::JobState::Running, compute::JobState::Succeeded,
                   compute::JobState::Failed, compute::JobState::Cancelled})
        stateWidth = qMax(stateWidth, fm.horizontalAdvance(JobsModel::stateText(s)));
    header->resizeSection(JobsModel::StateColumn, stateWidth + 44);
    header->resizeSection(JobsModel::ProgressColumn, 150);
    header->resizeSection(JobsModel::ElapsedColumn, fm.horizontalAdvance(QStringLiteral("00:00:00")) + 24);
    header->resizeSection(JobsModel::CostColumn, fm.horizontalAdvance(QStringLiteral("$0.00042")) + 24);
    header->setSectionResizeMode(JobsModel::DetailsColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(JobsModel::ActionColumn, QHeaderView::Fixed);
    header->resizeSection(JobsModel::ActionColumn, 96);
    header->setHighlightSections(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    layout->addWidget(m_view);
    setWidget(body);

    connect(buttons, &ButtonDelegate::clicked, this, [this](const QModelIndex &index) {
        m_bridge->cancel(index.data(JobsModel::JobIdRole).toULongLong());
    });
    connect(clear, &QPushButton::clicked, m_model, &JobsModel::clearFinished);
    connect(m_model, &JobsModel::rowsInserted, this, [this] {
        updateSummary();
        m_view->scrollToBottom();
    });
    connect(m_model, &JobsModel::rowsRemoved, this, &JobsDock::updateSummary);
    connect(m_model, &JobsModel::dataChanged, this, &JobsDock::updateSummary);
    updateSummary();
}

void JobsDock::updateSummary()
{
    int running = 0, queued = 0, failed = 0;
    double cost = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(JobsModel::EarlierRole).toBool())
            continue;
        cost += qMax(0.0, m_model->index(row, 0).data(JobsModel::CostRole).toDouble());
        switch (static_cast<compute::JobState>(m_model->index(row, 0).data(JobsModel::StateRole).toInt())) {
        case compute::JobState::Running: ++running; break;
        case compute::JobState::Queued: ++queued; break;
        case compute::JobState::Failed: ++failed; break;
        default: break;
        }
    }
    if (m_model->rowCount() == 0) {
        m_summary->setText(tr("No jobs yet. Long work (imports, training, evaluations, index builds) runs here."));
        return;
    }
    QStringList parts{tr("running: %1").arg(running), tr("queued: %1").arg(queued)};
    if (failed > 0)
        parts << tr("failed: %1").arg(failed);
    if (cost > 0)
        parts << tr("cost this session: %1").arg(CostText::usd(cost));
    if (m_model->earlierCount() > 0)
        parts << tr("earlier sessions: %1 (in italics)").arg(m_model->earlierCount());
    m_summary->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace keel
