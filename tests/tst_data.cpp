// The CSV/TSV reader (engine/data) and the table-against-table drift comparison built on it.
#include "core/error.h"
#include "data/table.h"
#include "drift/tabledrift.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <bit>
#include <charconv>
#include <clocale>
#include <fstream>
#include <random>

using namespace keel;
using data::ColumnType;

class TestData : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::filesystem::path write(const char *name, const std::string &text)
    {
        const std::filesystem::path p = std::filesystem::path(m_dir.path().toStdString()) / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

    // The message of the keel::Error that reading `text` as `name` throws; empty if none.
    QString readError(const char *name, const std::string &text, const std::map<std::string, ColumnType> &overrides = {})
    {
        try {
            data::readTable(write(name, text), overrides);
        } catch (const Error &e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private Q_SLOTS:
    void quotingAndLineEndings()
    {
        const auto t = data::readDelimited(write("q.csv", "\xEF\xBB\xBFid,comment\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n"));
        QCOMPARE(t.rows, std::size_t(3));
        QCOMPARE(t.columns.size(), std::size_t(2));
        QCOMPARE(t.columns[0].name, std::string("id")); // the byte order mark is not part of the name
        const auto &c = *t.column("comment");
        QCOMPARE(c.texts(), (std::vector<std::string>{"a, b", "say \"hi\"", "two\nlines"}));
        QCOMPARE(t.column("id")->numbers, (std::vector<double>{1, 2, 3}));
    }

    void delimiters()
    {
        const auto semi = data::readDelimited(write("s.csv", "a;b\n1,5;x\n2,5;y\n"));
        QCOMPARE(semi.columns.size(), std::size_t(2));
        QCOMPARE(semi.column("a")->texts(), (std::vector<std::string>{"1,5", "2,5"}));
        const auto tsv = data::readDelimited(write("t.tsv", "a,x\tb\n1\t2\n"));
        QCOMPARE(tsv.columns.size(), std::size_t(2));
        QCOMPARE(tsv.columns[0].name, std::string("a,x"));
        const auto pipe = data::readDelimited(write("p.txt", "a|b|c\n1|2|3\n"));
        QCOMPARE(pipe.columns.size(), std::size_t(3));
    }

    void missingValuesAndTypes()
    {
        const auto t = data::readDelimited(write("types.csv",
                                                 "num,flag,day,colour,note\n"
                                                 "1.5,true,2026-01-02,red,The quick brown fox jumps over the lazy dog again\n"
                                                 "NA,False,2026-01-03T10:00:00Z,blue,A completely different sentence that is quite long\n"
                                                 "-2e3,,2026-01-04,red,Yet another long free text note written by a person\n"
                                                 "nan,yes,,NULL,\n"));
        QCOMPARE(t.rows, std::size_t(4));
        const auto &num = *t.column("num");
        QCOMPARE(num.type, ColumnType::Numerical);
        QCOMPARE(num.missing, std::size_t(2));
        QCOMPARE(num.numbers, (std::vector<double>{1.5, -2000.0}));
        QCOMPARE(t.column("flag")->type, ColumnType::Boolean);
        QCOMPARE(t.column("flag")->missing, std::size_t(1));
        QCOMPARE(t.column("day")->type, ColumnType::Datetime);
        QCOMPARE(t.column("colour")->type, ColumnType::Categorical);
        QCOMPARE(t.column("colour")->distinct, std::size_t(2));
        QCOMPARE(t.column("note")->type, ColumnType::Text);

        const auto forced = data::readDelimited(write("forced.csv", "zip\n01234\n98765\n"), {{"zip", ColumnType::Categorical}});
        QCOMPARE(forced.column("zip")->type, ColumnType::Categorical);
        QCOMPARE(forced.column("zip")->texts()[0], std::string("01234"));
        QVERIFY(forced.column("zip")->numbers.empty());
    }

    void numbersAsPandasReadsThem()
    {
        // Blanks before a number and a leading '+' are fine, exponents and bare fractions too;
        // NA spellings are missing wherever they come; hexadecimal and infinities are text; and
        // a German LC_NUMERIC (decimal comma) changes nothing.
        const char *previous = std::setlocale(LC_NUMERIC, nullptr);
        const std::string saved = previous ? previous : "C";
        std::setlocale(LC_NUMERIC, "de_DE.UTF-8");
        const auto restore = qScopeGuard([&] { std::setlocale(LC_NUMERIC, saved.c_str()); });
        const auto t = data::readDelimited(write("numbers.csv",
                                                 "a,b,c\n"
                                                 "1.5,1,inf\n"
                                                 " 2,0x10,1\n"
                                                 "+3,2,2\n"
                                                 "NaN,3,3\n"
                                                 ".5,4,4\n"
                                                 "1e3,5,5\n"
                                                 ",6,6\n"));
        const auto &a = *t.column("a");
        QCOMPARE(a.type, ColumnType::Numerical);
        QCOMPARE(a.missing, std::size_t(2));
        QCOMPARE(a.numbers, (std::vector<double>{1.5, 2.0, 3.0, 0.5, 1000.0}));
        QCOMPARE(t.column("b")->type, ColumnType::Categorical);
        QCOMPARE(t.column("b")->texts()[1], std::string("0x10"));
        QCOMPARE(t.column("c")->type, ColumnType::Categorical);
    }

    void decimalsAreCorrectlyRounded()
    {
        // Short decimals take a fast path (a whole number divided by a power of ten), longer ones
        // and exponents fast_float: every cell must be the double std::from_chars gives (correctly
        // rounded), bit for bit, on either side of the 15 digits where the paths part.
        std::mt19937_64 random(7);
        std::vector<std::string> cells{"0", "-0", "5.", "-.5", "007", "0.000", "123456789012345", "1234567890123456",
                                       "0.1", "0.3", "-9007199254740993", "1.00000000000000000001", "999999999999999.9"};
        for (int i = 0; i < 60000; ++i) {
            const int digits = 1 + int(random() % 19), point = int(random() % std::uint64_t(digits + 1));
            std::string cell = random() % 2 ? "-" : "";
            for (int d = 0; d < digits; ++d) {
                if (d == point && d > 0)
                    cell += '.';
                cell += char('0' + random() % 10);
            }
            if (i % 10 == 0)
                cell += "e" + std::to_string(int(random() % 40) - 20);
            cells.push_back(cell);
        }
        std::string csv = "x\n";
        for (const std::string &c : cells)
            csv += c + "\n";
        const auto t = data::readDelimited(write("decimals.csv", csv));
        const auto &x = *t.column("x");
        QCOMPARE(x.type, ColumnType::Numerical);
        QCOMPARE(x.numbers.size(), cells.size());
        for (std::size_t i = 0; i < cells.size(); ++i) {
            double expected = 0;
            std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), expected);
            QVERIFY2(std::bit_cast<std::uint64_t>(x.numbers[i]) == std::bit_cast<std::uint64_t>(expected), cells[i].c_str());
        }
    }

    void longRecordsSplitAsShortOnes()
    {
        // Records are split sixteen bytes at a time: a quote, a byte that is not ASCII or one
        // that is not UTF-8 anywhere along a long record is still seen, in every position.
        const std::string head = "alpha,beta,gamma,delta,epsilon,zeta,eta,theta\n";
        for (std::size_t at = 0; at < 40; ++at) {
            std::string plain = "aaaaaaaaaa,bbbbbbbbbb,cccccccccc,dddd,eeeeeeeeee,ffffffffffff,gg,hhhhhhhhhhhhhhhh";
            const std::size_t cut = std::min(at, plain.size() - 1);
            std::string quoted = plain; // a delimiter inside quotes: still eight cells
            quoted.insert(cut, "\"q,q\"");
            const auto q = data::readDelimited(write("q.csv", head + quoted + "\n"));
            const auto column = std::size_t(std::count(plain.begin(), plain.begin() + std::ptrdiff_t(cut), ','));
            QVERIFY2(q.columns[column].texts()[0].find("q,q") != std::string::npos, qPrintable(QString::number(at)));
            std::string accented = plain;
            accented.insert(cut, "\xC3\xA9");
            const auto t = data::readDelimited(write("u.csv", head + accented + "\n" + plain + "\n"));
            QCOMPARE(t.rows, std::size_t(2));
            std::string bad = plain;
            bad.insert(cut, 1, '\xE9');
            const QString b = readError("latin1.csv", head + plain + "\n" + bad + "\n");
            QVERIFY2(b.contains(QLatin1String("latin1.csv:3:")) && b.contains(QLatin1String("not UTF-8")), qPrintable(b));
        }
        const auto t = data::readDelimited(write("cells.csv", head + "a,bb,ccc,dddd,eeeee,ffffff,ggggggggggggggggg,\n,,,,,,,h\n"));
        QCOMPARE(t.column("eta")->texts(), (std::vector<std::string>{"ggggggggggggggggg"}));
        QCOMPARE(t.column("theta")->texts(), (std::vector<std::string>{"h"}));
        QCOMPARE(t.column("epsilon")->texts(), (std::vector<std::string>{"eeeee"}));
    }

    void numbersThenWordsKeepTheirText()
    {
        // Many numbers, then a word: the column is categorical, and its cells keep the text as
        // written ("1.50", not 1.5), which the one pass had dropped and a second pass reads again.
        std::string csv = "code,x\n";
        for (int i = 0; i < 5000; ++i)
            csv += (i % 2 ? "1.50," : "007,") + std::to_string(i) + "\n";
        csv += "n/a,1\nabc,2\n";
        const auto t = data::readDelimited(write("late.csv", csv));
        const auto &code = *t.column("code");
        QCOMPARE(code.type, ColumnType::Categorical);
        QCOMPARE(code.present(), std::size_t(5001));
        QCOMPARE(code.missing, std::size_t(1));
        QCOMPARE(code.distinct, std::size_t(3));
        QCOMPARE(code.texts()[0], std::string("007"));
        QCOMPARE(code.texts()[1], std::string("1.50"));
        QCOMPARE(code.texts().back(), std::string("abc"));
        QCOMPARE(code.row(5000), std::uint32_t(5001)); // the n/a row is missing, so rows are kept
        QCOMPARE(t.column("x")->type, ColumnType::Numerical);
        QVERIFY(t.column("x")->rowOf.empty()); // dense: no row list needed
        // Declared numerical, a word is an error naming the line and the column.
        const QString e = readError("declared.csv", "a,b\n1,2\n3,x\n", {{"b", ColumnType::Numerical}});
        QVERIFY2(e.contains(QLatin1String("declared.csv:3:")) && e.contains(QLatin1String("\"b\" was declared numerical")) &&
                     e.contains(QLatin1String("\"x\"")), qPrintable(e));
    }

    void readInPartsAsThrough()
    {
        // A file read in parts on every core is the same table as reading it through: numbers,
        // missing cells (sparse columns), labels first seen late, a column that turns to words
        // in its second half (read again as text), booleans, a blank line, CRLF.
        std::string csv = "x,sparse,label,late,flag\r\n";
        for (int i = 0; i < 20000; ++i) {
            const std::string label = i < 15000 ? std::string(1, char('a' + i % 3)) : std::string("z") + std::to_string(i % 11);
            const std::string late = i < 12000 ? std::to_string(i % 5) + ".50" : std::string(i % 2 ? "w" : "");
            const std::string sparse = i % 7 == 0 ? std::string("NA") : std::to_string(i % 13);
            for (const std::string &cell : {std::to_string(i * 0.25), sparse, label, late})
                csv.append(cell).append(",");
            csv.append(i % 3 ? "true\r\n" : "false\r\n");
            if (i == 9000)
                csv += "\r\n";
        }
        const auto file = write("parts.csv", csv);
        auto same = [](const data::Table &a, const data::Table &b) {
            QCOMPARE(a.rows, b.rows);
            QCOMPARE(a.columns.size(), b.columns.size());
            for (std::size_t c = 0; c < a.columns.size(); ++c) {
                const data::Column &x = a.columns[c], &y = b.columns[c];
                QCOMPARE(x.name, y.name);
                QCOMPARE(x.type, y.type);
                QCOMPARE(x.missing, y.missing);
                QCOMPARE(x.distinct, y.distinct);
                QCOMPARE(x.rowOf, y.rowOf);
                QCOMPARE(x.numbers, y.numbers);
                QCOMPARE(x.codes, y.codes);
                QCOMPARE(x.categories ? *x.categories : std::vector<std::string>{}, y.categories ? *y.categories : std::vector<std::string>{});
            }
        };
        const data::Table through = data::readDelimited(file);
        data::setPartedReadMinimum(0);
        const data::Table parted = data::readDelimited(file);
        same(through, parted);
        QCOMPARE(parted.rows, std::size_t(20000));
        QCOMPARE(parted.column("late")->type, ColumnType::Categorical);
        QCOMPARE(parted.column("late")->texts().front(), std::string("0.50")); // as written
        QCOMPARE(parted.column("flag")->type, ColumnType::Boolean);
        QVERIFY(!parted.column("sparse")->rowOf.empty());
        // A quote late in the file: read through instead, the same table again.
        const auto quoted = write("quoted.csv", csv + "1,2,\"a\",w,true\r\n");
        data::setPartedReadMinimum(~std::uint64_t(0));
        const data::Table quotedThrough = data::readDelimited(quoted);
        data::setPartedReadMinimum(0);
        same(quotedThrough, data::readDelimited(quoted));
        // An error still names its line.
        const QString e = readError("short.csv", csv + "1,2\r\n");
        QVERIFY2(e.contains(QLatin1String("short.csv:20003: 2 fields, but the header has 5")), qPrintable(e));
        data::setPartedReadMinimum(std::uint64_t(32) << 20);
    }

    void errorsNameFileAndLine()
    {
        QString e = readError("ragged.csv", "a,b\n1,2\n3,\"x\ny\"\n4,5,6\n");
        QVERIFY2(e.contains(QLatin1String("ragged.csv:5:")) && e.contains(QLatin1String("3 fields")), qPrintable(e));
        e = readError("open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        QVERIFY2(e.contains(QLatin1String("open.csv:3:")) && e.contains(QLatin1String("never closed")), qPrintable(e));
        e = readError("dup.csv", "a,b,a\n1,2,3\n");
        QVERIFY2(e.contains(QLatin1String("dup.csv:1:")) && e.contains(QLatin1String("\"a\" twice")), qPrintable(e));
        e = readError("empty.csv", "");
        QVERIFY2(e.contains(QLatin1String("empty.csv is empty")), qPrintable(e));
        e = readError("latin1.csv", "name\ncaf\xE9\n");
        QVERIFY2(e.contains(QLatin1String("latin1.csv:2:")) && e.contains(QLatin1String("not UTF-8")), qPrintable(e));
        try {
            data::readDelimited(write("notnum.csv", "x\n1\nabc\n"), {{"x", ColumnType::Numerical}});
            QFAIL("a declared numerical column with text in it was accepted");
        } catch (const Error &err) {
            QVERIFY2(QString::fromStdString(err.what()).contains(QLatin1String("\"abc\" is not a number")), err.what());
        }
        try {
            data::readDelimited(std::filesystem::path(m_dir.path().toStdString()) / "absent.csv");
            QFAIL("a missing file was read");
        } catch (const Error &err) {
            QCOMPARE(err.kind(), ErrorKind::NotFound);
        }
    }

    void jsonLines()
    {
        const auto t = data::readTable(write("rows.jsonl", "{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": 2.5, \"c\": true}\r\n"
                                                           "{\"a\": null, \"b\": \"NA\", \"c\": false}\n"));
        QCOMPARE(t.rows, std::size_t(3));
        QCOMPARE(t.columns.size(), std::size_t(3));
        QCOMPARE(t.column("a")->type, ColumnType::Numerical);
        QCOMPARE(t.column("a")->numbers, (std::vector<double>{1.0, 2.5}));
        QCOMPARE(t.column("a")->missing, std::size_t(1));
        QCOMPARE(t.column("b")->texts(), (std::vector<std::string>{"x"}));
        QCOMPARE(t.column("b")->missing, std::size_t(2)); // absent in row 2, "NA" in row 3
        QCOMPARE(t.column("c")->type, ColumnType::Boolean);
        QCOMPARE(t.column("c")->missing, std::size_t(1)); // absent in row 1, before it first appeared
        QString e = readError("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n");
        QVERIFY2(e.contains(QLatin1String("bad.jsonl:2:")) && e.contains(QLatin1String("not JSON")), qPrintable(e));
        e = readError("nested.jsonl", "{\"a\": [1, 2]}\n");
        QVERIFY2(e.contains(QLatin1String("nested.jsonl:1:")) && e.contains(QLatin1String("nested array")), qPrintable(e));
        e = readError("list.jsonl", "[1, 2]\n");
        QVERIFY2(e.contains(QLatin1String("list.jsonl:1:")) && e.contains(QLatin1String("JSON object")), qPrintable(e));
    }

    void jsonKeysThatAppearLateKeepEarlierTexts()
    {
        // Found by scripts/fuzz.sh (serve): a column's texts seen before new keys appeared were
        // read through views into a copy that was gone once the columns grew.
        std::string text = "{\"plan\": \"basic\", \"id\": \"u1\"}\n{";
        for (int k = 0; k < 40; ++k)
            text += (k ? ", " : "") + std::string("\"k") + std::to_string(k) + "\": " + std::to_string(k);
        text += ", \"plan\": \"basic\", \"id\": \"u2\"}\n{\"plan\": \"pro\", \"id\": \"u1\"}\n";
        for (const data::Table &t : {data::readTable(write("late.jsonl", text)),
                                     data::tableFromJsonRows({nlohmann::ordered_json::parse("{\"plan\": \"basic\", \"id\": \"u1\"}"),
                                                              nlohmann::ordered_json::parse("{\"k0\": 0, \"k1\": 1, \"k2\": 2, \"k3\": 3, \"k4\": 4, \"plan\": \"basic\"}"),
                                                              nlohmann::ordered_json::parse("{\"plan\": \"pro\", \"id\": \"u1\"}")},
                                                             "rows")}) {
            QCOMPARE(t.rows, std::size_t(3));
            QCOMPARE(t.column("plan")->texts(), (std::vector<std::string>{"basic", "basic", "pro"}));
            QCOMPARE(t.column("plan")->distinct, std::size_t(2)); // "basic" found again, not added twice
            QCOMPARE(t.column("id")->texts().front(), std::string("u1"));
        }
    }

    void tableDrift()
    {
        // 300 reference rows, 300 current: "x" shifts by one standard deviation, "y" keeps its
        // distribution, "colour" flips from mostly red to mostly blue, "day" is a date.
        std::string ref = "x,y,colour,day\n", cur = "x,y,colour,day\n";
        for (int i = 0; i < 300; ++i) {
            const double u = (i + 0.5) / 300.0; // an even grid over (0, 1)
            const std::string y = std::to_string((i * 37) % 300);
            ref += std::to_string(u) + "," + y + "," + (i % 4 ? "red" : "blue") + ",2026-01-01\n";
            cur += std::to_string(u + 0.29) + "," + y + "," + (i % 4 ? "blue" : "red") + ",2026-02-01\n";
        }
        const auto reference = data::readDelimited(write("ref.csv", ref));
        const auto current = data::readDelimited(write("cur.csv", cur));
        const auto report = drift::compareTables(reference, current);
        QCOMPARE(report.columns.size(), std::size_t(3));
        QCOMPARE(report.skipped.size(), std::size_t(1));
        QVERIFY(report.skipped[0].rfind("day:", 0) == 0);
        QCOMPARE(report.columns[0].drift.test, std::string("ks"));
        QVERIFY(report.columns[0].drift.drifted);
        QCOMPARE(report.columns[1].drift.test, std::string("ks"));
        QVERIFY(!report.columns[1].drift.drifted);
        QCOMPARE(report.columns[1].drift.score, 1.0); // the same values in another order
        QCOMPARE(report.columns[2].drift.test, std::string("z")); // two categories
        QVERIFY(report.columns[2].drift.drifted);
        QCOMPARE(report.driftedColumns, std::size_t(2));
        QVERIFY(report.datasetDrift);
        // The per-column verdict is exactly columndrift's.
        const auto direct = drift::numericColumnDrift(reference.column("x")->numbers, current.column("x")->numbers);
        QCOMPARE(report.columns[0].drift.score, direct.score);

        drift::DriftOptions only;
        only.columns = {"y"};
        const auto one = drift::compareTables(reference, current, only);
        QCOMPARE(one.columns.size(), std::size_t(1));
        QVERIFY(!one.datasetDrift);

        // A threshold for one column changes that column's verdict only.
        drift::DriftOptions strict;
        strict.columnThresholds["y"] = 1.5; // a p-value is always below 1.5: "drifted"
        const auto overridden = drift::compareTables(reference, current, strict);
        QVERIFY(overridden.columns[1].drift.drifted);
        QCOMPARE(overridden.columns[1].drift.threshold, 1.5);
        QCOMPARE(overridden.columns[0].drift.threshold, 0.05);
        strict.columnThresholds = {{"nope", 0.1}};
        QVERIFY_THROWS_EXCEPTION(Error, drift::compareTables(reference, current, strict));

        only.columns = {"missing"};
        QVERIFY_THROWS_EXCEPTION(Error, drift::compareTables(reference, current, only));
        only.columns = {};
        only.driftShare = 0.0;
        QVERIFY_THROWS_EXCEPTION(Error, drift::compareTables(reference, current, only));

        // Columns in one table only are named in the skipped list; so is a huge categorical column.
        std::string wide = "x,id\n", extra = "x,extra\n";
        for (int i = 0; i < 10050; ++i) {
            wide += std::to_string(i % 97) + ",u" + std::to_string(i) + "\n";
            extra += std::to_string(i % 89) + ",1\n";
        }
        const auto w = data::readDelimited(write("wide.csv", wide));
        const auto e = data::readDelimited(write("extra.csv", extra));
        const auto mismatch = drift::compareTables(w, e);
        QCOMPARE(mismatch.columns.size(), std::size_t(1));
        QCOMPARE(mismatch.skipped.size(), std::size_t(2));
        QVERIFY2(mismatch.skipped[0].rfind("id: not in the current data", 0) == 0, mismatch.skipped[0].c_str());
        QVERIFY2(mismatch.skipped[1].rfind("extra: not in the reference", 0) == 0, mismatch.skipped[1].c_str());
        const auto huge = drift::compareTables(w, w);
        QCOMPARE(huge.columns.size(), std::size_t(1));
        QVERIFY2(huge.skipped.size() == 1 && huge.skipped[0].find("10050 distinct values") != std::string::npos,
                 huge.skipped.empty() ? "" : huge.skipped[0].c_str());
        drift::DriftOptions named;
        named.columns = {"id"};
        QCOMPARE(drift::compareTables(w, w, named).columns.size(), std::size_t(1)); // tested when asked for

        // A numeric column that turns to text in the current data is a schema error, named.
        const auto broken = data::readDelimited(write("broken.csv", "x,y,colour,day\n1 kg,2,red,2026-01-01\n"));
        try {
            drift::compareTables(reference, broken);
            QFAIL("a numerical column compared with text");
        } catch (const Error &err) {
            QVERIFY2(QString::fromStdString(err.what()).contains(QLatin1String("column \"x\" is numerical")), err.what());
        }
        try {
            drift::compareTables(broken, reference); // and the other way round
            QFAIL("text compared with a numerical column");
        } catch (const Error &err) {
            QVERIFY2(QString::fromStdString(err.what()).contains(QLatin1String("--categorical x")), err.what());
        }
    }

    void windowsOverTime()
    {
        // Two days of hourly rows: the second day's "x" moves; the first day's does not.
        std::string ref = "when,x\n", cur = "when,x\n";
        for (int i = 0; i < 200; ++i)
            ref += "2026-03-01," + std::to_string((i * 7919) % 200 / 200.0) + "\n";
        for (int i = 0; i < 48; ++i) {
            for (int k = 0; k < 5; ++k) {
                const double u = (((i % 24) * 5 + k) * 7 % 120 + 0.5) / 120.0; // an even grid over (0, 1) each day
                cur += "2026-03-0" + std::to_string(2 + i / 24) + "T" + (i % 24 < 10 ? "0" : "") + std::to_string(i % 24) + ":1" +
                       std::to_string(k) + ":00," + std::to_string(i < 24 ? u : u + 0.5) + "\n";
            }
        }
        cur += ",0.5\n"; // no time: in no window
        const auto reference = data::readDelimited(write("wref.csv", ref));
        const auto current = data::readDelimited(write("wcur.csv", cur));
        std::size_t untimed = 0;
        const auto days = drift::compareByWindow(reference, current, "when", drift::Period::Day, {}, &untimed);
        QCOMPARE(untimed, std::size_t(1));
        QCOMPARE(days.size(), std::size_t(2));
        QCOMPARE(days[0].start, std::string("2026-03-02"));
        QCOMPARE(days[1].start, std::string("2026-03-03"));
        QCOMPARE(days[0].rows, std::size_t(120));
        QCOMPARE(days[0].report.columns.size(), std::size_t(1));
        QVERIFY(!days[0].report.datasetDrift);
        QVERIFY(days[1].report.datasetDrift);
        // Each window's score is the plain comparison of that window's values.
        std::vector<double> second;
        for (std::size_t i = 0; i < current.column("x")->numbers.size(); ++i)
            if (current.column("x")->row(i) >= 120 && current.column("x")->row(i) < 240)
                second.push_back(current.column("x")->numbers[i]);
        QCOMPARE(days[1].report.columns[0].drift.score, drift::numericColumnDrift(reference.column("x")->numbers, second).score);

        const auto hours = drift::compareByWindow(reference, current, "when", drift::Period::Hour);
        QCOMPARE(hours.size(), std::size_t(48));
        QCOMPARE(hours.front().start, std::string("2026-03-02T00"));
        QCOMPARE(hours.back().start, std::string("2026-03-03T23"));
        const auto weeks = drift::compareByWindow(reference, current, "when", drift::Period::Week);
        QCOMPARE(weeks.size(), std::size_t(1)); // Monday 2 and Tuesday 3 March 2026: one week, named by its Monday
        QCOMPARE(weeks[0].start, std::string("2026-03-02"));
        QCOMPARE(weeks[0].rows, std::size_t(240));
        const auto months = drift::compareByWindow(reference, current, "when", drift::Period::Month);
        QCOMPARE(months.size(), std::size_t(1));
        QCOMPARE(months[0].start, std::string("2026-03"));
        QVERIFY_THROWS_EXCEPTION(Error, drift::compareByWindow(reference, current, "x", drift::Period::Day));
        QVERIFY_THROWS_EXCEPTION(Error, drift::compareByWindow(reference, current, "absent", drift::Period::Day));
    }

    // Evidently's own DataDriftPreset over tests/data/drift/*.csv (make_evidently_fixtures.py):
    // the same test per column, the same score, the same verdicts and the same dataset verdict.
    void tableDriftMatchesEvidently()
    {
        QFile f(QStringLiteral(KEEL_TEST_DATA "/drift_evidently.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("dataset")).toObject();
        QVERIFY(!expected.isEmpty());
        const std::filesystem::path dir(KEEL_TEST_DATA);
        const auto reference = data::readDelimited(dir / expected.value(QStringLiteral("reference")).toString().toStdString());
        const auto current = data::readDelimited(dir / expected.value(QStringLiteral("current")).toString().toStdString());
        drift::DriftOptions options;
        for (const QJsonValue &v : expected.value(QStringLiteral("exclude")).toArray())
            options.exclude.push_back(v.toString().toStdString());
        const auto report = drift::compareTables(reference, current, options);

        const QJsonObject columns = expected.value(QStringLiteral("columns")).toObject();
        QCOMPARE(report.columns.size(), std::size_t(columns.size()));
        const std::map<QString, std::string> names{{QStringLiteral("K-S p_value"), "ks"},
                                                   {QStringLiteral("chi-square p_value"), "chisquare"},
                                                   {QStringLiteral("Z-test p_value"), "z"},
                                                   {QStringLiteral("Wasserstein distance (normed)"), "wasserstein"},
                                                   {QStringLiteral("Jensen-Shannon distance"), "jensenshannon"}};
        for (const auto &c : report.columns) {
            const QJsonObject e = columns.value(QString::fromStdString(c.column)).toObject();
            QVERIFY2(!e.isEmpty(), c.column.c_str());
            const auto test = names.find(e.value(QStringLiteral("test")).toString());
            QVERIFY2(test != names.end(), qPrintable(e.value(QStringLiteral("test")).toString()));
            QCOMPARE(c.drift.test, test->second);
            const double want = e.value(QStringLiteral("score")).toDouble();
            QVERIFY2(std::abs(c.drift.score - want) <= 1e-9 + 1e-3 * std::abs(want),
                     qPrintable(QStringLiteral("%1: %2 vs Evidently's %3").arg(QString::fromStdString(c.column)).arg(c.drift.score).arg(want)));
            QCOMPARE(c.drift.drifted, e.value(QStringLiteral("drifted")).toBool());
        }
        QCOMPARE(report.driftedColumns, std::size_t(expected.value(QStringLiteral("number_of_drifted_columns")).toInt()));
        QCOMPARE(report.datasetDrift, expected.value(QStringLiteral("dataset_drift")).toBool());
    }
};

QTEST_GUILESS_MAIN(TestData)
#include "tst_data.moc"
