// JobsModel under QAbstractItemModelTester, fed by a real pool through the bridge.
#include "compute/jobhistory.h"
#include "compute/workerpool.h"
#include "models/enginebridge.h"
#include "models/durationtext.h"
#include "models/jobsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <future>
#include <thread>

using namespace keel;
using namespace keel::compute;

class TestJobsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsJobsThroughTheirLife()
    {
        WorkerPool pool(PoolOptions{.cpuWorkers = 2});
        EngineBridge bridge(pool);
        JobsModel model(&bridge);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy active(&model, &JobsModel::activeCountChanged);

        std::promise<void> release;
        std::shared_future<void> gate = release.get_future().share();
        JobSpec slow;
        slow.name = "slow";
        slow.work = [gate](JobContext &ctx) {
            ctx.progress(0.25, "a quarter");
            gate.wait();
        };
        JobSpec failing;
        failing.name = "failing";
        failing.work = [](JobContext &) { throw std::runtime_error("no such column: price"); };

        const JobId slowId = bridge.submit(slow);
        const JobId failId = bridge.submit(failing);
        QTRY_COMPARE(model.rowCount(), 2);
        const int slowRow = model.rowOf(slowId);
        const int failRow = model.rowOf(failId);
        QCOMPARE(model.index(slowRow, JobsModel::NameColumn).data().toString(), QStringLiteral("slow"));
        QTRY_COMPARE(model.index(slowRow, 0).data(JobsModel::StateRole).toInt(), int(JobState::Running));
        QTRY_COMPARE(model.index(slowRow, 0).data(JobsModel::ProgressRole).toDouble(), 0.25);
        QCOMPARE(model.index(slowRow, JobsModel::ProgressColumn).data().toString(), QStringLiteral("25%"));
        QCOMPARE(model.index(slowRow, JobsModel::ActionColumn).data().toString(), QStringLiteral("Cancel"));
        QVERIFY(model.index(slowRow, 0).data(JobsModel::CancellableRole).toBool());

        QTRY_COMPARE(model.index(failRow, 0).data(JobsModel::StateRole).toInt(), int(JobState::Failed));
        QCOMPARE(model.index(failRow, 0).data(JobsModel::ErrorRole).toString(), QStringLiteral("no such column: price"));
        QVERIFY(model.index(failRow, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("no such column")));
        QVERIFY(model.index(failRow, JobsModel::ActionColumn).data().toString().isEmpty());
        QCOMPARE(model.index(failRow, JobsModel::DeviceColumn).data().toString(), QStringLiteral("CPU"));

        release.set_value();
        QTRY_COMPARE(model.index(slowRow, 0).data(JobsModel::StateRole).toInt(), int(JobState::Succeeded));
        QTRY_COMPARE(model.activeCount(), 0);
        QVERIFY(!active.isEmpty());
        QCOMPARE(active.last().at(0).toInt(), 0);

        model.clearFinished();
        QCOMPARE(model.rowCount(), 0);
    }

    void keepsAtMostTheConfiguredFinishedJobs()
    {
        WorkerPool pool(PoolOptions{.cpuWorkers = 2});
        EngineBridge bridge(pool);
        JobsModel model(&bridge);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxFinished(10);
        for (int i = 0; i < 40; ++i) {
            JobSpec s;
            s.name = "quick " + std::to_string(i);
            s.work = [](JobContext &) {};
            bridge.submit(s);
        }
        pool.waitIdle();
        QTRY_COMPARE(model.activeCount(), 0);
        QTRY_COMPARE(model.rowCount(), 10);
        // The newest are kept.
        QCOMPARE(model.index(9, 0).data().toString(), QStringLiteral("quick 39"));
    }

    void showsEarlierSessionsJobsGreyedAndNotCancellable()
    {
        WorkerPool pool(PoolOptions{.cpuWorkers = 1});
        EngineBridge bridge(pool);
        JobsModel model(&bridge);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        JobSpec live;
        live.name = "live";
        live.work = [](JobContext &) {};
        const JobId liveId = bridge.submit(live);
        QTRY_COMPARE(model.rowCount(), 1);

        // As JobHistory::list returns them: newest first. A still-running row is skipped.
        std::vector<JobRecord> records(3);
        records[0] = {.id = 9, .name = "running elsewhere", .deviceNeed = "cpu", .state = "running", .submittedMs = 3000};
        records[1] = {.id = 8, .name = "speed test", .deviceNeed = "gpu", .device = "cuda:1", .state = "succeeded",
                      .progress = 1.0, .message = "40 TFLOP/s", .submittedMs = 2000, .startedMs = 2000, .finishedMs = 4500,
                      .deviceSeconds = 2.5, .costUsd = 0.0027083, .gpuUtilisationMean = 63, .gpuUtilisationPeak = 98,
                      .gpuMemoryPeak = 13ull << 30};
        records[2] = {.id = 7, .name = "import", .deviceNeed = "cpu", .device = "cpu", .state = "failed",
                      .error = "mlflow.db: no table runs", .submittedMs = 1000, .startedMs = 1000, .finishedMs = 1200};
        model.showEarlierJobs(records);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.earlierCount(), 2);
        QCOMPARE(model.index(0, JobsModel::NameColumn).data().toString(), QStringLiteral("import"));
        QCOMPARE(model.index(1, JobsModel::NameColumn).data().toString(), QStringLiteral("speed test"));
        QCOMPARE(model.index(1, JobsModel::DeviceColumn).data().toString(), QStringLiteral("GPU 1"));
        QCOMPARE(model.index(1, JobsModel::ElapsedColumn).data().toString(), QStringLiteral("2.5 s"));
        // What it cost and what the GPU did, as the history kept them.
        QCOMPARE(model.index(1, JobsModel::CostColumn).data().toString(), QStringLiteral("$0.0027"));
        QCOMPARE(model.index(1, 0).data(JobsModel::CostRole).toDouble(), 0.0027083);
        QCOMPARE(JobsModel::costText(*model.jobAt(1)),
                 QStringLiteral("$0.0027 for 2.5 s of GPU 1 · GPU 63 % busy on average, 98 % at peak, 13.0 GiB at peak"));
        QVERIFY(model.index(0, JobsModel::CostColumn).data().toString().isEmpty()); // recorded before prices existed
        QCOMPARE(model.totalCost(), 0.0027083);
        QVERIFY(model.index(0, 0).data(JobsModel::EarlierRole).toBool());
        // Earlier sessions' jobs are in italics, not greyed out.
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid()); // the palette's own text colour
        QVERIFY(!model.index(0, 0).data(JobsModel::CancellableRole).toBool());
        QCOMPARE(model.index(0, 0).data(JobsModel::ErrorRole).toString(), QStringLiteral("mlflow.db: no table runs"));
        // Its error reads in the same red as a live job's.
        QCOMPARE(model.index(0, JobsModel::DetailsColumn).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xb3, 0x26, 0x1e));
        QCOMPARE(model.rowOf(liveId), 2);
        QVERIFY(!model.index(2, 0).data(JobsModel::EarlierRole).toBool());

        // Showing them again replaces, never duplicates.
        model.showEarlierJobs(records);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(liveId), 2);

        QTRY_COMPARE(model.index(2, 0).data(JobsModel::StateRole).toInt(), int(JobState::Succeeded));
        model.clearFinished();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.earlierCount(), 0);
        QCOMPARE(model.rowOf(liveId), -1);
    }

    void formatsElapsedTime()
    {
        // One format for every duration (the Jobs dock and the runs table share it).
        QCOMPARE(DurationText::of(1500), QStringLiteral("1.5 s"));
        QCOMPARE(DurationText::of(59'940), QStringLiteral("59.9 s"));
        QCOMPARE(DurationText::of(75'000), QStringLiteral("1 min 15 s"));
        QCOMPARE(DurationText::of(3'725'000), QStringLiteral("1 h 02 min 05 s"));
        QVERIFY(DurationText::of(-1).isEmpty());
    }
};

QTEST_MAIN(TestJobsModel)
#include "tst_jobsmodel.moc"
