#pragma once

#include <QDockWidget>

class QLabel;
class QTableView;

namespace keel {

class EngineBridge;
class JobsModel;

// The live queue: name, device, state, progress bar, elapsed time and a cancel button.
class JobsDock : public QDockWidget {
    Q_OBJECT
public:
    JobsDock(EngineBridge *bridge, JobsModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }

private:
    void updateSummary();

    EngineBridge *m_bridge;
    JobsModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
};

} // namespace keel
