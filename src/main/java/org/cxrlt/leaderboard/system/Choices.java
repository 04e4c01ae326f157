package org.cxrlt.leaderboard.system;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A value a client picks from a fixed set (an enum): read with one wording for every refusal,
 * {@code status must be one of PENDING, APPROVED, REJECTED, not 'MAYBE'.}, whether the value came
 * in a query, a path or a JSON body.
 */
public final class Choices {

    private Choices() {
    }

    /** {@code PENDING, APPROVED, REJECTED}: the names in declaration order. */
    public static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The sentence refusing {@code given} for {@code field}: {@code field must be one of A, B, not 'x'.} */
    public static String refusal(String field, Enum<?>[] values, Object given) {
        return field + " must be one of " + names(values) + ", not '" + given + "'.";
    }

    /** The constant named {@code value} (any case, surrounding spaces ignored), or null if none is. */
    public static <E extends Enum<E>> E find(String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    /**
     * An optional query parameter naming one constant ({@code ?status=PENDING}): null when absent.
     *
     * @param values the parameter's values as sent (null or empty when absent)
     * @throws InvalidRequestException (400) when it is given more than once, or names no constant
     */
    public static <E extends Enum<E>> E optionalParameter(String name, List<String> values, Class<E> type) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidRequestException(name + " may be given once, not " + values.size() + " times ("
                    + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + ").");
        }
        E found = find(values.get(0), type);
        if (found == null) {
            throw new InvalidRequestException(refusal(name, type.getEnumConstants(), values.get(0)));
        }
        return found;
    }
}
