package io.dynamicsdotdigital.emulator.dataverse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an OData {@code $filter} (comparisons, {@code and or not}, parentheses, {@code contains startswith endswith})
 * and compiles it against a table's columns. String comparisons ignore case, as Dataverse's do.
 */
final class Filter {
    /** Resolves a property name to a column: its index and attribute type, or null when unknown. */
    interface Columns {
        Integer index(String name);

        AttributeType type(int index);

        String typeName();
    }

    private enum Kind { IDENT, STRING, NUMBER, DATETIME, GUID, LPAREN, RPAREN, COMMA, END }

    private static final class Token {
        final Kind kind;
        final String text;
        final int position;

        Token(Kind kind, String text, int position) {
            this.kind = kind;
            this.text = text;
            this.position = position;
        }
    }

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?[mMdDfFlL]?");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_./]*");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private final Columns columns;
    private int next;

    private Filter(String text, Columns columns) {
        this.text = text;
        this.columns = columns;
    }

    static Predicate<Row> compile(String filter, Columns columns) {
        Filter parser = new Filter(filter, columns);
        parser.tokenize();
        Predicate<Row> predicate = parser.orExpression();
        if (parser.peek().kind != Kind.END) {
            throw parser.syntax("unexpected '" + parser.peek().text + "'");
        }
        return predicate;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '\'') {
                int start = i;
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw syntaxAt(start, "unterminated string literal");
                    }
                    char ch = text.charAt(i);
                    if (ch == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            sb.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(ch);
                    i++;
                }
                tokens.add(new Token(Kind.STRING, sb.toString(), start));
            } else {
                Matcher m;
                if ((m = match(GUID, i)) != null) {
                    tokens.add(new Token(Kind.GUID, m.group(), i));
                } else if ((m = match(DATETIME, i)) != null) {
                    tokens.add(new Token(Kind.DATETIME, m.group(), i));
                } else if ((m = match(NUMBER, i)) != null) {
                    tokens.add(new Token(Kind.NUMBER, m.group(), i));
                } else if ((m = match(IDENT, i)) != null) {
                    tokens.add(new Token(Kind.IDENT, m.group(), i));
                } else {
                    throw syntaxAt(i, "unexpected character '" + c + "'");
                }
                i = m.end();
            }
        }
        tokens.add(new Token(Kind.END, "end of filter", text.length()));
    }

    /** A match at {@code i} that ends at a token boundary, else null. */
    private Matcher match(Pattern p, int i) {
        Matcher m = p.matcher(text);
        m.region(i, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        int end = m.end();
        if (end < text.length()) {
            char after = text.charAt(end);
            if (Character.isLetterOrDigit(after) || after == '_' || after == '-' || after == ':') {
                return null;
            }
        }
        return m;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean takeKeyword(String keyword) {
        Token t = peek();
        if (t.kind == Kind.IDENT && t.text.equals(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind) {
        Token t = take();
        if (t.kind != kind) {
            throw syntaxAt(t.position, "expected " + kind.name().toLowerCase(Locale.ROOT) + " but found '" + t.text + "'");
        }
        return t;
    }

    private Predicate<Row> orExpression() {
        Predicate<Row> left = andExpression();
        while (takeKeyword("or")) {
            left = left.or(andExpression());
        }
        return left;
    }

    private Predicate<Row> andExpression() {
        Predicate<Row> left = unary();
        while (takeKeyword("and")) {
            left = left.and(unary());
        }
        return left;
    }

    private Predicate<Row> unary() {
        if (takeKeyword("not")) {
            return unary().negate();
        }
        Token t = peek();
        if (t.kind == Kind.LPAREN) {
            take();
            Predicate<Row> inner = orExpression();
            expect(Kind.RPAREN);
            return inner;
        }
        Token ident = expect(Kind.IDENT);
        if (peek().kind == Kind.LPAREN) {
            return function(ident);
        }
        int column = column(ident.text);
        Token op = expect(Kind.IDENT);
        Token literal = take();
        return comparison(column, ident.text, op, literal);
    }

    private Predicate<Row> function(Token name) {
        String fn = name.text;
        if (!fn.equals("contains") && !fn.equals("startswith") && !fn.equals("endswith")) {
            throw new ODataException(400, ODataException.QUERY_ERROR,
                    "An unknown function with name '" + fn + "' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.");
        }
        expect(Kind.LPAREN);
        Token property = expect(Kind.IDENT);
        int column = column(property.text);
        expect(Kind.COMMA);
        Token literal = expect(Kind.STRING);
        expect(Kind.RPAREN);
        AttributeType type = columns.type(column);
        if (!isText(type)) {
            throw ODataException.badRequest("The function '" + fn + "' requires a string property, but '"
                    + property.text + "' is " + type + ".");
        }
        String needle = literal.text.toLowerCase(Locale.ROOT);
        switch (fn) {
            case "contains":
                return row -> {
                    Object v = row.get(column);
                    return v != null && v.toString().toLowerCase(Locale.ROOT).contains(needle);
                };
            case "startswith":
                return row -> {
                    Object v = row.get(column);
                    return v != null && v.toString().regionMatches(true, 0, needle, 0, needle.length());
                };
            default:
                return row -> {
                    Object v = row.get(column);
                    if (v == null) {
                        return false;
                    }
                    String s = v.toString();
                    return s.length() >= needle.length()
                            && s.regionMatches(true, s.length() - needle.length(), needle, 0, needle.length());
                };
        }
    }

    private int column(String name) {
        Integer index = columns.index(name);
        if (index == null) {
            throw ODataException.badRequest("Could not find a property named '" + name + "' on type '"
                    + columns.typeName() + "'.");
        }
        return index;
    }

    private static boolean isText(AttributeType type) {
        return type == AttributeType.String || type == AttributeType.Memo || type == AttributeType.EntityName;
    }

    private Predicate<Row> comparison(int column, String property, Token op, Token literal) {
        String operator = op.text;
        if (!List.of("eq", "ne", "gt", "ge", "lt", "le").contains(operator)) {
            throw syntaxAt(op.position, "unknown operator '" + operator + "'");
        }
        if (literal.kind == Kind.IDENT && literal.text.equals("null")) {
            if (operator.equals("eq")) {
                return row -> row.get(column) == null;
            }
            if (operator.equals("ne")) {
                return row -> row.get(column) != null;
            }
            return row -> false;
        }
        AttributeType type = columns.type(column);
        Object value = literalFor(type, property, literal);
        java.util.Comparator<Object> order = comparatorFor(type);
        switch (operator) {
            case "eq":
                return row -> {
                    Object v = row.get(column);
                    return v != null && order.compare(v, value) == 0;
                };
            case "ne":
                return row -> {
                    Object v = row.get(column);
                    return v == null || order.compare(v, value) != 0;
                };
            case "gt":
                return row -> {
                    Object v = row.get(column);
                    return v != null && order.compare(v, value) > 0;
                };
            case "ge":
                return row -> {
                    Object v = row.get(column);
                    return v != null && order.compare(v, value) >= 0;
                };
            case "lt":
                return row -> {
                    Object v = row.get(column);
                    return v != null && order.compare(v, value) < 0;
                };
            default:
                return row -> {
                    Object v = row.get(column);
                    return v != null && order.compare(v, value) <= 0;
                };
        }
    }

    private Object literalFor(AttributeType type, String property, Token literal) {
        try {
            switch (type) {
                case String:
                case Memo:
                case EntityName:
                    if (literal.kind == Kind.STRING) {
                        return literal.text;
                    }
                    break;
                case Uniqueidentifier:
                case Lookup:
                case Customer:
                case Owner:
                    if (literal.kind == Kind.GUID || literal.kind == Kind.STRING) {
                        return Values.guid(literal.text);
                    }
                    break;
                case Integer:
                case Picklist:
                case State:
                case Status:
                case BigInt:
                case Decimal:
                case Money:
                case Double:
                    if (literal.kind == Kind.NUMBER) {
                        return new BigDecimal(literal.text.replaceAll("[mMdDfFlL]$", ""));
                    }
                    break;
                case Boolean:
                    if (literal.kind == Kind.IDENT && (literal.text.equals("true") || literal.text.equals("false"))) {
                        return java.lang.Boolean.valueOf(literal.text);
                    }
                    break;
                case DateTime:
                    if (literal.kind == Kind.DATETIME || literal.kind == Kind.STRING) {
                        return Values.instant(literal.text);
                    }
                    break;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            throw ODataException.badRequest("The value '" + literal.text + "' is not a valid " + type
                    + " value for property '" + property + "'.");
        }
        throw ODataException.badRequest("A binary operator with incompatible types was detected. Found operand types '"
                + type + "' (property '" + property + "') and '" + describe(literal) + "' for operator kind 'Equal'.");
    }

    private static String describe(Token literal) {
        switch (literal.kind) {
            case STRING:
                return "Edm.String";
            case NUMBER:
                return "Edm.Decimal";
            case DATETIME:
                return "Edm.DateTimeOffset";
            case GUID:
                return "Edm.Guid";
            default:
                return literal.text;
        }
    }

    /** Orders stored values of a type against each other and against filter literals of that type. */
    static java.util.Comparator<Object> comparatorFor(AttributeType type) {
        switch (type) {
            case String:
            case Memo:
            case EntityName:
            case Uniqueidentifier:
            case Lookup:
            case Customer:
            case Owner:
                return (a, b) -> a.toString().compareToIgnoreCase(b.toString());
            case Integer:
            case Picklist:
            case State:
            case Status:
            case BigInt:
            case Decimal:
            case Money:
            case Double:
                return (a, b) -> decimal(a).compareTo(decimal(b));
            case Boolean:
                return (a, b) -> java.lang.Boolean.compare((java.lang.Boolean) a, (java.lang.Boolean) b);
            case DateTime:
                return (a, b) -> ((Instant) a).compareTo((Instant) b);
            default:
                return (a, b) -> a.toString().compareTo(b.toString());
        }
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof BigDecimal) {
            return (BigDecimal) o;
        }
        if (o instanceof java.lang.Integer || o instanceof Long) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        return new BigDecimal(o.toString());
    }

    private ODataException syntax(String detail) {
        return syntaxAt(peek().position, detail);
    }

    private ODataException syntaxAt(int position, String detail) {
        return ODataException.badRequest("Syntax error at position " + position + " in '" + text + "': " + detail + ".");
    }
}
