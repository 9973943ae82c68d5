// The Evals area (widgets/eval/evalview.h) as a user drives it: the results grid model against a
// baseline (regressed, improved, failures only), checked with QAbstractItemModelTester; the suite
// editor checking what is typed and marking the error's line; a suite run from the Run button as
// a pool job over the committed tiny Llama (no models cache needed), its grid, a clicked cell's
// detail (prompt as sent, assertions, trace), the failures filter, and "re-run failing cases"
// giving a second run compared with the first. With KEEL_SCREENSHOTS=DIR set, it saves pictures.
#include "testsupport.h"

#include "compute/devices.h"
#include "compute/workerpool.h"
#include "models/evalresultsmodel.h"
#include "models/evalworkbench.h"
#include "models/session.h"
#include "store/workspace.h"
#include "widgets/eval/evalview.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include <fstream>

using namespace keel;

namespace {

eval::EvalCellResult cell(std::size_t caseIndex, const std::string &provider, const std::string &status, double score)
{
    eval::EvalCellResult r;
    r.caseIndex = caseIndex;
    r.caseKey = "case" + std::to_string(caseIndex);
    r.description = "case " + std::to_string(caseIndex + 1);
    r.promptId = "p";
    r.providerId = provider;
    r.status = status;
    r.score = score;
    r.output = "out";
    r.assertions = nlohmann::json::array({{{"type", "equals"}, {"pass", status == "pass"}, {"score", score}, {"error", status == "error"}}});
    return r;
}

// The tiny random Llama answers nonsense, so the suite's checks are ones whose outcome does not
// depend on the words: case 1 passes, case 2 fails, case 3's assertion type does not exist.
std::string tinySuite()
{
    return "description: tiny\n"
           "prompts:\n"
           "  - {raw: 'Say {{word}}', keelRaw: true, label: say}\n"
           "providers:\n"
           "  - id: keel:" KEEL_TEST_DATA "/nn/tiny_llama.gguf\n"
           "    label: tiny\n"
           "    config: {temperature: 0, max_tokens: 6}\n"
           "tests:\n"
           "  - description: passes\n"
           "    vars: {word: hello}\n"
           "    assert: [{type: not-contains, value: 'no such text in any answer'}]\n"
           "  - description: fails\n"
           "    vars: {word: world}\n"
           "    assert: [{type: equals, value: 'an answer a random model never gives'}]\n"
           "  - description: unknown type\n"
           "    vars: {word: again}\n"
           "    assert: [{type: made-up-check, value: x}]\n";
}

} // namespace

class TestEvalView : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<Session>(compute::discoverDevices());
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
    }

    void gridAgainstBaseline()
    {
        EvalResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Baseline: case 1 passed on both, case 2 failed on a; now case 1 fails on a (regressed),
        // case 2 passes on a (improved), case 3 is new.
        std::vector<eval::EvalCellResult> baseline{cell(0, "a", "pass", 1), cell(0, "b", "pass", 1), cell(1, "a", "fail", 0)};
        std::vector<eval::EvalCellResult> now{cell(0, "a", "fail", 0.2), cell(0, "b", "pass", 1), cell(1, "a", "pass", 1), cell(2, "a", "error", 0)};
        model.setResults(now, baseline, true);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3); // the case, then a and b
        QVERIFY(model.headerData(1, Qt::Horizontal).toString().startsWith(QStringLiteral("a\n")));
        QVERIFY(model.headerData(1, Qt::Horizontal).toString().contains(QStringLiteral("1 of 3 passed")));
        QCOMPARE(model.index(0, 1).data(EvalResultsModel::ChangeRole).toString(), QStringLiteral("regressed"));
        QVERIFY(model.index(0, 1).data().toString().contains(QStringLiteral("regressed")));
        QCOMPARE(model.index(0, 2).data(EvalResultsModel::ChangeRole).toString(), QString());
        QCOMPARE(model.index(1, 1).data(EvalResultsModel::ChangeRole).toString(), QStringLiteral("improved"));
        QCOMPARE(model.index(2, 1).data(EvalResultsModel::ChangeRole).toString(), QStringLiteral("new"));
        QCOMPARE(model.index(1, 2).data(EvalResultsModel::ResultRole).toInt(), -1); // case 2 never ran on b
        QCOMPARE(model.regressedCount(), 1);
        QCOMPARE(model.improvedCount(), 1);
        QVERIFY(model.baselineOf(*model.result(model.index(0, 1))));
        QCOMPARE(model.failingCaseKeys(), (std::set<std::string>{"case0", "case2"}));
        model.setFailuresOnly(true);
        QCOMPARE(model.rowCount(), 2); // case 2 passes everywhere now
        QCOMPARE(model.index(1, 0).data(EvalResultsModel::CaseKeyRole).toString(), QStringLiteral("case2"));
        model.setFailuresOnly(false);
        QCOMPARE(model.rowCount(), 3);
        model.setResults({});
        QCOMPARE(model.rowCount(), 0);
    }

    void editorChecksAsYouType()
    {
        EvalView view(*m_session);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTabWidget *tabs = view.tabs();
        tabs->setCurrentIndex(0);
        QPlainTextEdit *editor = view.editor();
        editor->clear();
        editor->setFocus();
        // Typed as a user types it: the providers line lacks its closing bracket on line 3.
        for (const char *line : {"prompts: ['Hi {{x}}']", "tests: [{vars: {x: 1}}]", "providers: [keel:tiny"}) {
            QTest::keyClicks(editor, QString::fromUtf8(line));
            QTest::keyClick(editor, Qt::Key_Return);
        }
        QTRY_VERIFY(view.checkLabel()->text().contains(QStringLiteral(":3:")) || view.checkLabel()->text().contains(QStringLiteral(":4:")));
        QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("evalRun"))->isEnabled());
        QCOMPARE(editor->extraSelections().size(), 1);
        const int marked = editor->extraSelections().first().cursor.blockNumber() + 1;
        QVERIFY2(marked == 3 || marked == 4, qPrintable(QString::number(marked)));
        // Closing the bracket makes it a suite of one case.
        QTest::keyClick(editor, Qt::Key_Up);
        QTest::keyClick(editor, Qt::Key_End);
        QTest::keyClicks(editor, QStringLiteral("]"));
        QTRY_VERIFY2(view.checkLabel()->text().contains(QStringLiteral("1 case")), qPrintable(view.checkLabel()->text()));
        QVERIFY(editor->extraSelections().isEmpty());
        QVERIFY(view.findChild<QPushButton *>(QStringLiteral("evalRun"))->isEnabled());
        // An unknown assertion type is named with its line; the suite still runs.
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("defaultTest: {assert: [{type: contains-everything}]}"));
        QTRY_VERIFY2(view.checkLabel()->text().contains(QStringLiteral("contains-everything")), qPrintable(view.checkLabel()->text()));
        test::screenshot(&view, "evals-editor.png");
        // The area fits the window on a small screen (the rail and the docks take the rest).
        QVERIFY2(view.minimumSizeHint().width() <= 760, qPrintable(QString::number(view.minimumSizeHint().width())));
    }

    void runFromTheButtonShowsResultsAndRerunsFailures()
    {
        const std::filesystem::path evals = m_session->workspace()->dir() / "evals";
        std::filesystem::create_directories(evals);
        {
            std::ofstream(evals / "tiny.yaml") << tinySuite();
        }
        EvalView view(*m_session);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The workspace's suite is listed and opened.
        QVERIFY(view.editor()->toPlainText().contains(QStringLiteral("tiny_llama.gguf")));
        QTRY_VERIFY(view.findChild<QPushButton *>(QStringLiteral("evalRun"))->isEnabled());
        QSignalSpy finished(view.workbench(), &EvalWorkbench::runFinished);
        QSignalSpy failed(view.workbench(), &EvalWorkbench::runFailed);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("evalRun")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("FINISHED"));
        const QString first = finished.first().at(0).toString();
        QCOMPARE(view.shownRun(), first);
        QCOMPARE(view.tabs()->currentIndex(), 1);
        QCOMPARE(view.runList()->topLevelItemCount(), 1);

        EvalResultsModel *model = view.resultsModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->columnCount(), 2);
        QCOMPARE(model->index(0, 1).data(EvalResultsModel::StatusRole).toString(), QStringLiteral("pass"));
        QCOMPARE(model->index(1, 1).data(EvalResultsModel::StatusRole).toString(), QStringLiteral("fail"));
        QCOMPARE(model->index(2, 1).data(EvalResultsModel::StatusRole).toString(), QStringLiteral("error"));
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("evalSummary"))->text().contains(QStringLiteral("1 of 3 cells passed")));

        // A click on the passing cell shows what was sent, what came back and the trace.
        QTableView *grid = view.grid();
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(model->index(0, 1)).center());
        QTRY_VERIFY(view.detail()->toPlainText().contains(QStringLiteral("Prompt as sent")));
        const QString detail = view.detail()->toPlainText();
        QVERIFY(detail.contains(QStringLiteral("Say hello")));
        // The grid holds cells without their prompts (a 100,000-cell run stays small); the one
        // shown is read whole.
        QVERIFY(model->results().front().prompt.empty());
        QVERIFY(!model->results().front().output.empty());
        QVERIFY(detail.contains(QStringLiteral("not-contains")));
        QVERIFY(detail.contains(QStringLiteral("Trace")));
        QVERIFY(detail.contains(QStringLiteral("generation")));
        test::screenshot(&view, "evals-results.png");

        // Failures only: the two cases that did not pass.
        QTest::mouseClick(view.findChild<QCheckBox *>(QStringLiteral("evalFailuresOnly")), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 2);

        // Re-running the failing cases makes a second run of those two, compared with the first.
        finished.clear();
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("evalRerun")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
        QVERIFY(failed.isEmpty());
        const QString second = finished.first().at(0).toString();
        QVERIFY(second != first);
        QCOMPARE(view.shownRun(), second);
        QCOMPARE(view.workbench()->run(second)->baselineUuid, first.toStdString());
        QCOMPARE(view.findChild<QComboBox *>(QStringLiteral("evalBaseline"))->currentData().toString(), first);
        QVERIFY(model->hasBaseline());
        QCOMPARE(int(model->results().size()), 2);
        QCOMPARE(model->regressedCount(), 0);
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("evalSummary"))->text().contains(QStringLiteral("0 regressed")));
        QCOMPARE(view.runList()->topLevelItemCount(), 2);
        // Choosing the first run in the list shows it again.
        view.runList()->setCurrentItem(view.runList()->topLevelItem(1));
        QCOMPARE(view.shownRun(), first);
        view.tabs()->setCurrentIndex(2);
        test::screenshot(&view, "evals-charts.png");

        // A second local model chosen beside the suite's gets a column of its own.
        QComboBox *beside = view.findChild<QComboBox *>(QStringLiteral("evalExtraModel"));
        beside->addItem(QStringLiteral("tiny again"), QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf"));
        beside->setCurrentIndex(beside->count() - 1);
        finished.clear();
        view.tabs()->setCurrentIndex(0);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("evalRun")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 120000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(model->columnCount(), 3);
        QVERIFY(model->headerData(1, Qt::Horizontal).toString().startsWith(QStringLiteral("tiny\n")));
        QVERIFY(model->headerData(2, Qt::Horizontal).toString().startsWith(QStringLiteral("tiny_llama\n")));
        QCOMPARE(int(model->results().size()), 6);
    }

    // A run cancelled from the pool (as the Jobs dock's cancel does) stops, keeps the windows it
    // finished, says so, and its row shows KILLED.
    void cancelKeepsFinishedCells()
    {
        const std::filesystem::path evals = m_session->workspace()->dir() / "evals";
        std::filesystem::create_directories(evals);
        {
            std::ofstream csv(evals / "many.csv");
            csv << "word,__expected\n";
            for (int i = 0; i < 3000; ++i)
                csv << "w" << i << ",contains:zzz\n";
            std::ofstream(evals / "many.yaml") << "prompts: [{raw: 'Say {{word}}', keelRaw: true}]\nproviders:\n  - id: 'keel:" KEEL_TEST_DATA
                                                   "/nn/tiny_llama.gguf'\n    config: {temperature: 0, max_tokens: 4}\ntests: file://many.csv\n";
        }
        EvalView view(*m_session);
        QSignalSpy progress(view.workbench(), &EvalWorkbench::progress);
        QSignalSpy finished(view.workbench(), &EvalWorkbench::runFinished);
        EvalWorkbench::RunRequest request;
        request.suitePath = QString::fromStdString((evals / "many.yaml").string());
        const compute::JobId job = view.workbench()->start(request);
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000); // the start, and a window done
        QVERIFY(m_session->pool().cancel(job));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("KILLED"));
        const QString uuid = finished.first().at(0).toString();
        const eval::EvalRunInfo *info = view.workbench()->run(uuid);
        QVERIFY(info);
        QCOMPARE(info->status, std::string("KILLED"));
        QVERIFY(info->done > 0 && info->done < 3000);
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("evalRunStatus"))->text().contains(QStringLiteral("Cancelled")));
        QCOMPARE(int(view.resultsModel()->results().size()), int(info->done));
    }

    // Opening another workspace leaves the first one's suite and runs behind.
    void anotherWorkspaceLeavesTheOldSuite()
    {
        EvalView view(*m_session);
        QVERIFY(!view.editor()->toPlainText().isEmpty()); // a suite of this workspace is open
        QVERIFY(view.runList()->topLevelItemCount() > 0);
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "other"), true);
        QVERIFY(view.editor()->toPlainText().isEmpty());
        QCOMPARE(view.runList()->topLevelItemCount(), 0);
        QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("evalRun"))->isEnabled());
    }
};

QTEST_MAIN(TestEvalView)
#include "tst_evalview.moc"
