#include "tracking/runsearch.h"

#include "core/error.h"
#include "store/database.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace keel::tracking {
namespace {

using Entity = Condition::Entity;

struct Token {
    enum class Kind { Word, Quoted, Backticked, Number, Operator, LParen, RParen, Comma, Dot, End };
    Kind kind;
    std::string text;
    std::size_t position; // 1-based
};

[[noreturn]] void syntaxError(const std::string &source, const Token &token, const std::string &why)
{
    const std::string near = token.kind == Token::Kind::End ? std::string("the end") : "'" + token.text + "'";
    throwError(ErrorKind::BadInput, "search filter \"" + source + "\": at position " + std::to_string(token.position) +
                                        ", near " + near + ": " + why);
}

std::string upper(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool wordChar(unsigned char c)
{
    return std::isalnum(c) || c == '_' || c >= 0x80;
}

std::vector<Token> tokenize(const std::string &s)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t pos = i + 1;
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            std::string text;
            std::size_t j = i + 1;
            bool closed = false;
            while (j < s.size()) {
                // As MLflow's parser (sqlparse) reads a string: '' and \' do not end it, and the
                // text between the outer quotes is the value as written, nothing unescaped
                // (SearchUtils._strip_quotes), so 'it''s' means it''s.
                if (c != '`' && (s[j] == '\\' || (s[j] == static_cast<char>(c) && j + 1 < s.size() && s[j + 1] == static_cast<char>(c))) &&
                    j + 1 < s.size()) {
                    text += s[j];
                    text += s[j + 1];
                    j += 2;
                    continue;
                }
                if (s[j] == static_cast<char>(c)) {
                    closed = true;
                    break;
                }
                text += s[j++];
            }
            if (!closed)
                syntaxError(s, {Token::Kind::End, std::string(1, static_cast<char>(c)), pos},
                            std::string("the quote that starts here is never closed"));
            tokens.push_back({c == '`' ? Token::Kind::Backticked : Token::Kind::Quoted, text, pos});
            i = j + 1;
            continue;
        }
        const bool signedNumber = (c == '-' || c == '+') && i + 1 < s.size() &&
                                  (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '.');
        if (std::isdigit(c) || signedNumber || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            std::size_t j = i + (signedNumber ? 1 : 0);
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.'))
                ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                std::size_t k = j + 1;
                if (k < s.size() && (s[k] == '+' || s[k] == '-'))
                    ++k;
                if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
                    j = k;
                    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
                        ++j;
                }
            }
            tokens.push_back({Token::Kind::Number, s.substr(i, j - i), pos});
            i = j;
            continue;
        }
        if (wordChar(c)) {
            std::size_t j = i;
            while (j < s.size() && wordChar(static_cast<unsigned char>(s[j])))
                ++j;
            tokens.push_back({Token::Kind::Word, s.substr(i, j - i), pos});
            i = j;
            continue;
        }
        if (c == '.') { tokens.push_back({Token::Kind::Dot, ".", pos}); ++i; continue; }
        if (c == '(') { tokens.push_back({Token::Kind::LParen, "(", pos}); ++i; continue; }
        if (c == ')') { tokens.push_back({Token::Kind::RParen, ")", pos}); ++i; continue; }
        if (c == ',') { tokens.push_back({Token::Kind::Comma, ",", pos}); ++i; continue; }
        for (const char *op : {"!=", ">=", "<=", "<>", "==", "=", ">", "<"}) {
            if (s.compare(i, std::char_traits<char>::length(op), op) == 0) {
                tokens.push_back({Token::Kind::Operator, op, pos});
                i += std::char_traits<char>::length(op);
                goto next;
            }
        }
        syntaxError(s, {Token::Kind::Word, std::string(1, static_cast<char>(c)), pos}, "unexpected character");
    next:;
    }
    tokens.push_back({Token::Kind::End, "", s.size() + 1});
    return tokens;
}

const std::set<std::string> kStringAttributes{"run_id", "run_name", "status", "user_id", "artifact_uri"};
const std::set<std::string> kNumericAttributes{"start_time", "end_time"};
const std::set<std::string> kDatasetKeys{"name", "digest", "context"};

std::optional<Entity> entityOf(const std::string &word)
{
    static const std::pair<const char *, Entity> names[] = {
        {"metric", Entity::Metric},       {"metrics", Entity::Metric},     {"param", Entity::Param},
        {"params", Entity::Param},        {"parameter", Entity::Param},    {"parameters", Entity::Param},
        {"tag", Entity::Tag},             {"tags", Entity::Tag},           {"attribute", Entity::Attribute},
        {"attributes", Entity::Attribute}, {"attr", Entity::Attribute},    {"run", Entity::Attribute},
        {"dataset", Entity::Dataset},     {"datasets", Entity::Dataset},
    };
    for (const auto &[name, entity] : names) {
        if (word == name)
            return entity;
    }
    return std::nullopt;
}

std::string attributeAlias(const std::string &key)
{
    if (key == "created" || key == "Created")
        return "start_time";
    if (key == "run name" || key == "Run name" || key == "Run Name")
        return "run_name";
    return key;
}

class Parser {
public:
    explicit Parser(const std::string &source) : m_source(source), m_tokens(tokenize(source)) {}

    const Token &peek() const { return m_tokens[m_at]; }
    const Token &take() { return m_tokens[m_at < m_tokens.size() - 1 ? m_at++ : m_at]; }
    bool atEnd() const { return peek().kind == Token::Kind::End; }
    bool peekWord(const char *upperWord) const
    {
        return peek().kind == Token::Kind::Word && upper(peek().text) == upperWord;
    }
    [[noreturn]] void fail(const Token &t, const std::string &why) const { syntaxError(m_source, t, why); }

    // entity.key, or a bare attribute name.
    std::pair<Entity, std::string> identifier()
    {
        const Token first = take();
        if (first.kind == Token::Kind::Backticked || first.kind == Token::Kind::Quoted)
            return {Entity::Attribute, checkAttribute(first, attributeAlias(first.text))};
        if (first.kind != Token::Kind::Word)
            fail(first, "expected a key such as metrics.accuracy, params.lr, tags.team or attributes.status");
        if (peek().kind != Token::Kind::Dot)
            return {Entity::Attribute, checkAttribute(first, attributeAlias(first.text))};
        take(); // the dot
        const auto entity = entityOf(first.text);
        if (!entity)
            fail(first, "unknown entity '" + first.text + "'; use metrics, params, tags, attributes or datasets");
        const Token keyStart = peek();
        std::string key;
        if (keyStart.kind == Token::Kind::Backticked || keyStart.kind == Token::Kind::Quoted) {
            key = take().text;
        } else if (keyStart.kind == Token::Kind::Word || keyStart.kind == Token::Kind::Number) {
            // An unquoted key may contain dots: metrics.val.loss
            key = take().text;
            while (peek().kind == Token::Kind::Dot) {
                take();
                if (peek().kind != Token::Kind::Word && peek().kind != Token::Kind::Number)
                    fail(peek(), "expected the rest of the key after '.'");
                key += "." + take().text;
            }
        } else {
            fail(keyStart, "expected a key after '" + first.text + ".'");
        }
        if (key.empty())
            fail(keyStart, "the key is empty");
        if (*entity == Entity::Attribute)
            key = checkAttribute(keyStart, attributeAlias(key));
        if (*entity == Entity::Dataset && !kDatasetKeys.count(key))
            fail(keyStart, "datasets can be searched by name, digest or context, not '" + key + "'");
        return {*entity, key};
    }

    std::string checkAttribute(const Token &t, const std::string &key) const
    {
        if (!kStringAttributes.count(key) && !kNumericAttributes.count(key))
            fail(t, "unknown attribute '" + key +
                        "'; attributes are run_id, run_name, status, user_id, artifact_uri, start_time, end_time");
        return key;
    }

    std::string comparator()
    {
        const Token t = take();
        if (t.kind == Token::Kind::Operator) {
            if (t.text == "<>" || t.text == "==")
                fail(t, "use " + std::string(t.text == "<>" ? "!=" : "=") + " instead");
            return t.text;
        }
        if (t.kind == Token::Kind::Word) {
            const std::string u = upper(t.text);
            if (u == "LIKE" || u == "ILIKE" || u == "IN")
                return u;
            if (u == "NOT") {
                if (!peekWord("IN"))
                    fail(peek(), "expected IN after NOT");
                take();
                return "NOT IN";
            }
            if (u == "IS") {
                if (peekWord("NOT")) {
                    take();
                    if (!peekWord("NULL"))
                        fail(peek(), "expected NULL after IS NOT");
                    take();
                    return "IS NOT NULL";
                }
                if (!peekWord("NULL"))
                    fail(peek(), "expected NULL or NOT NULL after IS");
                take();
                return "IS NULL";
            }
        }
        fail(t, "expected a comparison (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL)");
    }

    Condition condition()
    {
        const Token keyToken = peek();
        auto [entity, key] = identifier();
        Condition c{entity, key, {}, {}};
        const Token compToken = peek();
        c.comparator = comparator();
        const bool numericAttribute = entity == Entity::Attribute && kNumericAttributes.count(key);
        auto allowed = [&]() -> std::set<std::string> {
            switch (entity) {
            case Entity::Metric: return {"=", "!=", ">", ">=", "<", "<="};
            case Entity::Param:
            case Entity::Tag: return {"=", "!=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL"};
            case Entity::Attribute:
                if (numericAttribute)
                    return {"=", "!=", ">", ">=", "<", "<="};
                return {"=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"};
            case Entity::Dataset: return {"=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"};
            }
            return {};
        }();
        if (!allowed.count(c.comparator)) {
            std::string list;
            for (const auto &a : allowed)
                list += (list.empty() ? "" : ", ") + a;
            fail(compToken, "'" + c.comparator + "' cannot compare " + keyToken.text + "...; use one of " + list);
        }
        if (c.comparator == "IS NULL" || c.comparator == "IS NOT NULL")
            return c;
        if (c.comparator == "IN" || c.comparator == "NOT IN") {
            if (entity == Entity::Attribute && key != "run_id")
                fail(compToken, "only attributes.run_id (and dataset keys) can be compared with a list");
            const Token open = take();
            if (open.kind != Token::Kind::LParen)
                fail(open, "expected a parenthesised list of quoted strings, e.g. ('a', 'b')");
            std::vector<std::string> items;
            for (;;) {
                const Token item = take();
                if (item.kind != Token::Kind::Quoted)
                    fail(item, "expected a quoted string in the list");
                items.push_back(item.text);
                const Token sep = take();
                if (sep.kind == Token::Kind::RParen)
                    break;
                if (sep.kind != Token::Kind::Comma)
                    fail(sep, "expected ',' or ')' in the list");
            }
            c.value = items;
            return c;
        }
        const Token v = take();
        if (entity == Entity::Metric || numericAttribute) {
            if (v.kind != Token::Kind::Number)
                fail(v, std::string("expected a number for ") + (entity == Entity::Metric ? "a metric" : "attribute " + key));
            if (numericAttribute && v.text.find_first_of(".eE") == std::string::npos) {
                std::int64_t n = 0;
                const auto [p, ec] = std::from_chars(v.text.data() + (v.text[0] == '+'), v.text.data() + v.text.size(), n);
                if (ec != std::errc() || p != v.text.data() + v.text.size())
                    fail(v, "not a whole number");
                c.value = n;
            } else {
                try {
                    c.value = std::stod(v.text);
                } catch (...) {
                    fail(v, "not a number");
                }
            }
            return c;
        }
        if (v.kind != Token::Kind::Quoted)
            fail(v, "expected a quoted string value (e.g. 'my-value')");
        c.value = v.text;
        return c;
    }

    std::vector<Condition> filter()
    {
        std::vector<Condition> out;
        if (atEnd())
            return out;
        for (;;) {
            out.push_back(condition());
            if (atEnd())
                return out;
            if (peekWord("OR"))
                fail(peek(), "only AND can join conditions (MLflow's search has no OR)");
            if (!peekWord("AND"))
                fail(peek(), "expected AND between conditions");
            take();
            if (atEnd())
                fail(peek(), "a condition must follow AND");
        }
    }

    OrderBy orderBy()
    {
        auto [entity, key] = identifier();
        if (entity == Entity::Dataset)
            fail(m_tokens.front(), "runs cannot be ordered by a dataset key");
        OrderBy o{entity, key, true};
        if (peekWord("ASC")) {
            take();
        } else if (peekWord("DESC")) {
            take();
            o.ascending = false;
        }
        if (!atEnd())
            fail(peek(), "expected ASC, DESC or the end of the order-by clause");
        return o;
    }

private:
    std::string m_source;
    std::vector<Token> m_tokens;
    std::size_t m_at = 0;
};

const char *runColumn(const std::string &attribute)
{
    if (attribute == "run_id") return "r.uuid";
    if (attribute == "run_name") return "r.name";
    if (attribute == "status") return "r.status";
    if (attribute == "user_id") return "r.user_id";
    if (attribute == "artifact_uri") return "r.artifact_uri";
    if (attribute == "start_time") return "r.start_time";
    return "r.end_time";
}

// The SQL being built and the values it binds, in order.
struct Builder {
    std::string sql;
    std::vector<std::variant<std::int64_t, double, std::string>> binds;
    std::string param(std::variant<std::int64_t, double, std::string> v)
    {
        binds.push_back(std::move(v));
        return "?" + std::to_string(binds.size());
    }

    // column OP value, with LIKE case-sensitive (the workspace connection sets
    // case_sensitive_like, as MLflow does on SQLite) and ILIKE on lower-cased text.
    std::string compare(const std::string &column, const Condition &c)
    {
        if (c.comparator == "IN" || c.comparator == "NOT IN") {
            std::string list;
            for (const auto &item : std::get<std::vector<std::string>>(c.value))
                list += (list.empty() ? "" : ", ") + param(item);
            return column + (c.comparator == "IN" ? " IN (" : " NOT IN (") + list + ")";
        }
        std::string value;
        if (const auto *d = std::get_if<double>(&c.value))
            value = param(*d);
        else if (const auto *i = std::get_if<std::int64_t>(&c.value))
            value = param(*i);
        else
            value = param(std::get<std::string>(c.value));
        if (c.comparator == "ILIKE")
            return "lower(" + column + ") LIKE lower(" + value + ")";
        return column + " " + c.comparator + " " + value;
    }
};

} // namespace

std::vector<Condition> parseFilter(const std::string &filter)
{
    return Parser(filter).filter();
}

OrderBy parseOrderBy(const std::string &clause)
{
    Parser p(clause);
    if (p.atEnd())
        p.fail(p.peek(), "the order-by clause is empty");
    return p.orderBy();
}

SearchResult searchRuns(sql::Database &db, const SearchQuery &query)
{
    if (query.maxResults < 1 || query.maxResults > 50000)
        throwError(ErrorKind::BadInput, "max results must be between 1 and 50,000 (got " + std::to_string(query.maxResults) + ")");
    std::int64_t offset = 0;
    if (!query.pageToken.empty()) {
        const auto [p, ec] = std::from_chars(query.pageToken.data(), query.pageToken.data() + query.pageToken.size(), offset);
        if (ec != std::errc() || p != query.pageToken.data() + query.pageToken.size() || offset < 0)
            throwError(ErrorKind::BadInput, "invalid page token \"" + query.pageToken + "\"");
    }
    const std::vector<Condition> conditions = parseFilter(query.filter);
    // MLflow runs SQLite with case-sensitive LIKE; the setting belongs to the connection.
    db.exec("PRAGMA case_sensitive_like = ON");
    std::vector<OrderBy> orders;
    for (const std::string &clause : query.orderBy) {
        OrderBy o = parseOrderBy(clause);
        for (const OrderBy &seen : orders) {
            if (seen.entity == o.entity && seen.key == o.key)
                throwError(ErrorKind::BadInput, "order by names " + o.key + " twice");
        }
        orders.push_back(std::move(o));
    }

    Builder b;
    std::string joins;
    std::string orderSql;
    bool orderedByStart = false;
    for (std::size_t i = 0; i < orders.size(); ++i) {
        const OrderBy &o = orders[i];
        const std::string dir = o.ascending ? " ASC" : " DESC";
        const std::string alias = "o" + std::to_string(i);
        if (!orderSql.empty())
            orderSql += ", ";
        switch (o.entity) {
        case Entity::Metric:
            joins += " LEFT JOIN metric_series " + alias + " ON " + alias + ".run_id = r.id AND " + alias + ".key = " + b.param(o.key);
            // Runs whose latest value is NaN come after the numbers, runs without the metric last.
            orderSql += "CASE WHEN " + alias + ".latest_is_nan = 1 THEN 1 WHEN " + alias + ".id IS NULL THEN 2 ELSE 0 END, " +
                        alias + ".latest_value" + dir;
            break;
        case Entity::Param:
        case Entity::Tag: {
            const char *table = o.entity == Entity::Param ? "params" : "tags";
            joins += std::string(" LEFT JOIN ") + table + " " + alias + " ON " + alias + ".run_id = r.id AND " + alias +
                     ".key = " + b.param(o.key);
            orderSql += "CASE WHEN " + alias + ".value IS NULL THEN 1 ELSE 0 END, " + alias + ".value" + dir;
            break;
        }
        case Entity::Attribute:
            // Runs without the value (no end time yet) last, either way, as MLflow orders them.
            orderSql += std::string("CASE WHEN ") + runColumn(o.key) + " IS NULL THEN 1 ELSE 0 END, " + runColumn(o.key) + dir;
            orderedByStart = orderedByStart || o.key == "start_time";
            break;
        case Entity::Dataset:
            break;
        }
    }
    if (!orderedByStart)
        orderSql += std::string(orderSql.empty() ? "" : ", ") + "r.start_time DESC";
    orderSql += ", r.uuid ASC";

    std::string where;
    auto andWhere = [&where](const std::string &clause) { where += (where.empty() ? " WHERE " : " AND ") + clause; };
    switch (query.view) {
    case ViewType::ActiveOnly: andWhere("r.lifecycle_stage = 'active'"); break;
    case ViewType::DeletedOnly: andWhere("r.lifecycle_stage = 'deleted'"); break;
    case ViewType::All: break;
    }
    if (!query.experimentIds.empty()) {
        std::string list;
        for (const auto id : query.experimentIds)
            list += (list.empty() ? "" : ", ") + b.param(id);
        andWhere("r.experiment_id IN (" + list + ")");
    }
    for (const Condition &c : conditions) {
        switch (c.entity) {
        case Entity::Metric: {
            std::string value = b.compare("s.latest_value", c);
            // NaN never compares true, except "!=" which it always satisfies.
            value = c.comparator == "!=" ? "(" + value + " OR s.latest_is_nan = 1)" : "(" + value + " AND s.latest_is_nan = 0)";
            // "r.id IN (...)", not EXISTS: SQLite can then read the runs from the subquery (through
            // metric_series_by_key_value) instead of testing each run of the experiments.
            andWhere("r.id IN (SELECT s.run_id FROM metric_series s WHERE s.key = " + b.param(c.key) + " AND s.points > 0 AND " + value + ")");
            break;
        }
        case Entity::Param:
        case Entity::Tag: {
            const std::string table = c.entity == Entity::Param ? "params" : "tags";
            if (c.comparator == "IS NULL" || c.comparator == "IS NOT NULL") {
                const std::string exists = "EXISTS (SELECT 1 FROM " + table + " x WHERE x.run_id = r.id AND x.key = " + b.param(c.key) + ")";
                andWhere(c.comparator == "IS NULL" ? "NOT " + exists : exists);
            } else {
                andWhere("r.id IN (SELECT x.run_id FROM " + table + " x WHERE x.key = " + b.param(c.key) + " AND " + b.compare("x.value", c) + ")");
            }
            break;
        }
        case Entity::Attribute:
            andWhere(b.compare(runColumn(c.key), c));
            break;
        case Entity::Dataset:
            andWhere("EXISTS (SELECT 1 FROM run_datasets d WHERE d.run_id = r.id AND " + b.compare("d." + c.key, c) + ")");
            break;
        }
    }
    b.sql = "SELECT r.uuid FROM runs r" + joins + where + " ORDER BY " + orderSql + " LIMIT " +
            b.param(std::int64_t(query.maxResults) + 1) + " OFFSET " + b.param(offset);

    sql::Statement st = db.prepare(b.sql);
    for (std::size_t i = 0; i < b.binds.size(); ++i)
        std::visit([&](const auto &v) { st.bind(int(i + 1), v); }, b.binds[i]);
    SearchResult result;
    while (st.step())
        result.runUuids.push_back(st.text(0));
    if (result.runUuids.size() > std::size_t(query.maxResults)) {
        result.runUuids.pop_back();
        result.nextPageToken = std::to_string(offset + query.maxResults);
    }
    return result;
}

} // namespace keel::tracking
