#include "pricing/JsonNumber.h"

#include <algorithm>

namespace griddeck {

namespace {

constexpr int kMaxDepth = 128;

// A strict single-pass JSON reader (RFC 8259) that validates the whole document and remembers
// the raw byte range of the value at one path of object keys.
class PathScanner
{
public:
    PathScanner(QByteArrayView text, const QStringList &path)
        : m_text(text)
        , m_path(path)
    {
    }

    std::optional<QByteArray> run(QString *error)
    {
        bool ok = value(0, 0, true);
        if (ok) {
            skipSpace();
            ok = m_pos == m_text.size() || fail(QStringLiteral("unexpected text after the JSON value"));
        }
        if (!ok) {
            if (error)
                *error = m_error;
            return std::nullopt;
        }
        if (!m_pathError.isEmpty()) {
            if (error)
                *error = m_pathError;
            return std::nullopt;
        }
        if (!m_found) {
            if (error)
                *error = QStringLiteral("`%1` is missing").arg(m_path.join(u'.'));
            return std::nullopt;
        }
        return m_found;
    }

private:
    bool fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("not valid JSON: %1 at offset %2").arg(what).arg(m_pos);
        return false;
    }
    void pathProblem(const QString &what)
    {
        if (m_pathError.isEmpty())
            m_pathError = what;
    }
    QString pathName(int depth) const { return m_path.mid(0, depth).join(u'.'); }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }
    bool peek(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }
    bool eat(char c)
    {
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }

    // pathIndex: how many keys of the path lead here; onPath: whether they all matched.
    bool value(int depth, int pathIndex, bool onPath)
    {
        if (depth > kMaxDepth)
            return fail(QStringLiteral("nesting deeper than %1 levels").arg(kMaxDepth));
        skipSpace();
        if (m_pos >= m_text.size())
            return fail(QStringLiteral("the text ends where a value was expected"));
        const qsizetype start = m_pos;
        const bool target = onPath && pathIndex == m_path.size();
        const char c = m_text[m_pos];
        bool ok = false;
        if (c == '{') {
            ok = object(depth, pathIndex, onPath && !target);
        } else {
            if (onPath && !target)
                pathProblem(QStringLiteral("`%1` is not an object").arg(pathName(pathIndex)));
            if (c == '[')
                ok = array(depth);
            else if (c == '"')
                ok = string(nullptr);
            else if (c == 't')
                ok = literal("true");
            else if (c == 'f')
                ok = literal("false");
            else if (c == 'n')
                ok = literal("null");
            else
                ok = number();
        }
        if (ok && target)
            m_found = m_text.sliced(start, m_pos - start).toByteArray();
        return ok;
    }

    bool object(int depth, int pathIndex, bool onPath)
    {
        ++m_pos; // '{'
        int matches = 0;
        skipSpace();
        if (!eat('}')) {
            for (;;) {
                skipSpace();
                QString key;
                if (!peek('"'))
                    return fail(QStringLiteral("expected a quoted key"));
                if (!string(&key))
                    return false;
                skipSpace();
                if (!eat(':'))
                    return fail(QStringLiteral("expected ':' after a key"));
                const bool match = onPath && key == m_path.at(pathIndex);
                if (match && ++matches > 1)
                    pathProblem(QStringLiteral("`%1` appears more than once").arg(pathName(pathIndex + 1)));
                if (!value(depth + 1, pathIndex + 1, match))
                    return false;
                skipSpace();
                if (eat(','))
                    continue;
                if (eat('}'))
                    break;
                return fail(QStringLiteral("expected ',' or '}' in an object"));
            }
        }
        if (onPath && matches == 0)
            pathProblem(QStringLiteral("`%1` is missing").arg(pathName(pathIndex + 1)));
        return true;
    }

    bool array(int depth)
    {
        ++m_pos; // '['
        skipSpace();
        if (eat(']'))
            return true;
        for (;;) {
            if (!value(depth + 1, 0, false))
                return false;
            skipSpace();
            if (eat(','))
                continue;
            if (eat(']'))
                return true;
            return fail(QStringLiteral("expected ',' or ']' in an array"));
        }
    }

    bool literal(const char *word)
    {
        const QByteArrayView w(word);
        if (m_text.sliced(m_pos).startsWith(w)) {
            m_pos += w.size();
            return true;
        }
        return fail(QStringLiteral("unexpected character"));
    }

    bool number()
    {
        eat('-');
        auto digits = [this] {
            qsizetype n = 0;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
                ++m_pos;
                ++n;
            }
            return n;
        };
        if (peek('0'))
            ++m_pos;
        else if (digits() == 0)
            return fail(QStringLiteral("unexpected character"));
        if (eat('.') && digits() == 0)
            return fail(QStringLiteral("a number has no digits after the decimal point"));
        if (eat('e') || eat('E')) {
            if (!eat('+'))
                eat('-');
            if (digits() == 0)
                return fail(QStringLiteral("a number has an empty exponent"));
        }
        return true;
    }

    // Reads a string; decodes it into *out when given.
    bool string(QString *out)
    {
        ++m_pos; // '"'
        QByteArray plain;
        auto flush = [&] {
            if (out && !plain.isEmpty())
                out->append(QString::fromUtf8(plain));
            plain.clear();
        };
        while (m_pos < m_text.size()) {
            const unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                flush();
                return true;
            }
            if (c < 0x20)
                return fail(QStringLiteral("a control character inside a string"));
            if (c != '\\') {
                plain.append(static_cast<char>(c));
                ++m_pos;
                continue;
            }
            flush();
            if (++m_pos >= m_text.size())
                break;
            const char e = m_text[m_pos++];
            char16_t decoded = 0;
            switch (e) {
            case '"': decoded = u'"'; break;
            case '\\': decoded = u'\\'; break;
            case '/': decoded = u'/'; break;
            case 'b': decoded = u'\b'; break;
            case 'f': decoded = u'\f'; break;
            case 'n': decoded = u'\n'; break;
            case 'r': decoded = u'\r'; break;
            case 't': decoded = u'\t'; break;
            case 'u': {
                if (m_pos + 4 > m_text.size())
                    return fail(QStringLiteral("a truncated \\u escape"));
                bool ok = false;
                decoded = static_cast<char16_t>(m_text.sliced(m_pos, 4).toByteArray().toUShort(&ok, 16));
                if (!ok)
                    return fail(QStringLiteral("a malformed \\u escape"));
                m_pos += 4;
                break;
            }
            default:
                return fail(QStringLiteral("an unknown escape \\%1").arg(QLatin1Char(e)));
            }
            if (out)
                out->append(QChar(decoded));
        }
        return fail(QStringLiteral("the text ends inside a string"));
    }

    QByteArrayView m_text;
    const QStringList &m_path;
    qsizetype m_pos = 0;
    QString m_error;
    QString m_pathError;
    std::optional<QByteArray> m_found;
};

std::optional<std::int64_t> numberFail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

} // namespace

std::optional<QByteArray> rawJsonValue(QByteArrayView json, const QStringList &path, QString *error)
{
    return PathScanner(json, path).run(error);
}

std::optional<std::int64_t> jsonNumberToFixed(QByteArrayView literal, int decimals, QString *error)
{
    const QString shown = QString::fromUtf8(literal.first(std::min<qsizetype>(literal.size(), 40))) + (literal.size() > 40 ? QStringLiteral("…") : QString());
    const auto notANumber = [&] { return numberFail(error, QStringLiteral("\"%1\" is not a JSON number").arg(shown)); };
    qsizetype pos = 0;
    const qsizetype n = literal.size();
    auto isDigit = [&](qsizetype i) { return i < n && literal[i] >= '0' && literal[i] <= '9'; };

    const bool negative = pos < n && literal[pos] == '-';
    if (negative)
        ++pos;
    QByteArray digits; // integer and fraction digits, value = digits × 10^exponent
    std::int64_t exponent = 0;
    if (!isDigit(pos))
        return notANumber();
    if (literal[pos] == '0' && isDigit(pos + 1))
        return notANumber(); // JSON forbids leading zeros
    while (isDigit(pos))
        digits.append(literal[pos++]);
    if (pos < n && literal[pos] == '.') {
        ++pos;
        if (!isDigit(pos))
            return notANumber();
        while (isDigit(pos)) {
            digits.append(literal[pos++]);
            --exponent;
        }
    }
    if (pos < n && (literal[pos] == 'e' || literal[pos] == 'E')) {
        ++pos;
        bool expNegative = false;
        if (pos < n && (literal[pos] == '+' || literal[pos] == '-'))
            expNegative = literal[pos++] == '-';
        if (!isDigit(pos))
            return notANumber();
        std::int64_t e = 0;
        while (isDigit(pos)) {
            if (e < 1'000'000) // beyond this the value is zero or too large anyway
                e = e * 10 + (literal[pos] - '0');
            ++pos;
        }
        exponent += expNegative ? -e : e;
    }
    if (pos != n)
        return notANumber();

    // Leading zeros carry no value; an all-zero number is zero.
    qsizetype first = 0;
    while (first < digits.size() && digits[first] == '0')
        ++first;
    digits = digits.mid(first);
    if (digits.isEmpty())
        return std::int64_t(0);

    const std::int64_t shift = exponent + decimals; // units = digits × 10^shift
    const auto tooLarge = [&] {
        return numberFail(error, QStringLiteral("%1 is too large for %2 decimal places").arg(shown).arg(decimals));
    };
    __int128 units = 0;
    if (shift >= 0) {
        if (digits.size() + shift > 19)
            return tooLarge();
        for (char d : digits)
            units = units * 10 + (d - '0');
        for (std::int64_t i = 0; i < shift; ++i)
            units *= 10;
    } else {
        const std::int64_t drop = -shift;
        if (drop > digits.size())
            return std::int64_t(0); // below half a unit: rounds to zero
        const qsizetype keep = digits.size() - drop;
        if (keep > 19)
            return tooLarge();
        for (qsizetype i = 0; i < keep; ++i)
            units = units * 10 + (digits[i] - '0');
        const char firstDropped = digits[keep];
        bool up = firstDropped > '5';
        if (firstDropped == '5') {
            bool beyondHalf = false;
            for (qsizetype i = keep + 1; i < digits.size() && !beyondHalf; ++i)
                beyondHalf = digits[i] != '0';
            up = beyondHalf || (units % 2 != 0); // an exact tie goes to the even neighbour
        }
        if (up)
            ++units;
    }
    if (units > INT64_MAX)
        return tooLarge();
    return static_cast<std::int64_t>(negative ? -units : units);
}

} // namespace griddeck
