package org.cxrlt.leaderboard.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the command line's client, which runs without the service's
 * libraries: objects become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers
 * {@code Double} (read as {@link Double#parseDouble} reads them, so scores keep every bit),
 * and {@code true}, {@code false}, {@code null} themselves.
 */
final class Json {

    /**
     * Deeper nesting is refused rather than read: each level is a call, and a file of thousands
     * of "[" would end the command with a StackOverflowError. No definition or reply nests
     * beyond a handful of levels; Jackson's own default limit is 1,000.
     */
    static final int MAX_DEPTH = 1000;

    private final String text;
    private final boolean integers;
    private int at;
    private int depth;

    private Json(String text, boolean integers) {
        this.text = text;
        this.integers = integers;
    }

    /** @throws IllegalArgumentException naming the offset of the first thing that is not JSON */
    static Object parse(String text) {
        return parse(text, false);
    }

    /**
     * As {@link #parse(String)}, but a number written without a fraction or exponent becomes a
     * {@link Long} (a {@link java.math.BigInteger} beyond), so that {@code 5} and {@code 5.0} can be
     * told apart: the plain tree {@link org.cxrlt.leaderboard.evaluation.DefinitionShape} checks.
     */
    static Object parseWithIntegers(String text) {
        return parse(text, true);
    }

    private static Object parse(String text, boolean integers) {
        Json json = new Json(text, integers);
        json.space();
        Object value = json.value();
        json.space();
        if (json.at != text.length()) {
            throw json.error("text after the value");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("end of text where a value was expected");
        }
        char c = text.charAt(at);
        if ((c == '{' || c == '[') && depth == MAX_DEPTH) {
            throw error("lists and objects nested more than " + MAX_DEPTH + " deep");
        }
        return switch (c) {
            case '{' -> nested(this::object);
            case '[' -> nested(this::array);
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> number();
        };
    }

    private Object nested(java.util.function.Supplier<Object> reader) {
        depth++;
        try {
            return reader.get();
        } finally {
            depth--;
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}')) {
            at++;
            return map;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            space();
            map.put(key, value());
            space();
            if (peek(',')) {
                at++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek(']')) {
            at++;
            return list;
        }
        while (true) {
            space();
            list.add(value());
            space();
            if (peek(',')) {
                at++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("a cut \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(e);
            }
        }
        throw error("an unterminated string");
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (start == at) {
            throw error("'" + text.charAt(at) + "' where a value was expected");
        }
        String literal = text.substring(start, at);
        if (integers && isInteger(literal)) {
            java.math.BigInteger whole = new java.math.BigInteger(literal);
            return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
        }
        try {
            return Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw error("a malformed number");
        }
    }

    /**
     * {@code -?(0|[1-9][0-9]*)}, checked by hand: {@code String.matches} compiles its pattern on
     * every call, and a definition has a number for each label's training count (a few
     * milliseconds of every `score` run's start, before the JIT).
     */
    private static boolean isInteger(String literal) {
        int i = literal.startsWith("-") ? 1 : 0;
        if (i == literal.length() || (literal.charAt(i) == '0' && literal.length() > i + 1)) {
            return false;
        }
        for (; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("'" + text.charAt(at) + "' where a value was expected");
        }
        at += word.length();
        return value;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "' expected");
        }
        at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not JSON: " + what + " at offset " + at);
    }
}
