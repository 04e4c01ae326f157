package org.cxrlt.leaderboard.evaluation;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.util.Locale;

/**
 * Parses a decimal number from bytes without allocating, accepting exactly the notations that
 * both Java and Python read: an optional sign, digits with an optional decimal point ({@code 0.5},
 * {@code .5}, {@code 5.}), an optional exponent ({@code 5E-01}), surrounding spaces or tabs.
 * Hexadecimal, digit separators, type suffixes, {@code NaN} and {@code Infinity} are refused.
 *
 * <p>Results are correctly rounded, as {@code Double.parseDouble} and Python's {@code float}
 * give: short decimals take Clinger's exact fast path, the rest go to FastDoubleParser, which
 * parses correctly rounded from bytes without building a {@code String}.
 */
final class DecimalParser {

    /** Powers of ten that are exact doubles: 10^22 is the largest. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];
    private static final long LARGEST_EXACT_MANTISSA = 1L << 53;

    static {
        double power = 1;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
            EXACT_POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private DecimalParser() {
    }

    /**
     * The number written in {@code bytes[start, end)}, or {@code NaN} if the text is not a
     * number in the accepted notation (including the text {@code NaN} itself).
     */
    static double parse(byte[] bytes, int start, int end) {
        while (start < end && isBlank(bytes[start])) {
            start++;
        }
        while (end > start && isBlank(bytes[end - 1])) {
            end--;
        }
        int i = start;
        if (i == end) {
            return Double.NaN;
        }
        boolean negative = false;
        if (bytes[i] == '+' || bytes[i] == '-') {
            negative = bytes[i] == '-';
            i++;
        }
        // The common case: at most 18 digits with a decimal point somewhere and nothing else,
        // such as 0.0168071; all digits, leading zeros included, fit a long exactly.
        int digitsStart = i;
        long digits = 0;
        int count = 0;
        int point = -1;
        for (int j = i; j < end; j++) {
            int d = bytes[j] - '0';
            if (d >= 0 && d <= 9) {
                digits = digits * 10 + d;
                count++;
            } else if (bytes[j] == '.' && point < 0) {
                point = j;
            } else {
                count = -1; // anything else (an exponent, a stray character): the general path below
                break;
            }
        }
        if (count > 0 && count <= 18 && digits <= LARGEST_EXACT_MANTISSA) {
            int fraction = point < 0 ? 0 : end - point - 1;
            if (fraction <= 22) {
                double value = digits / EXACT_POWERS_OF_TEN[fraction];
                return negative ? -value : value;
            }
        }
        i = digitsStart;
        long mantissa = 0;
        int significantDigits = 0;
        int fractionDigits = 0;
        boolean anyDigit = false;
        boolean exact = true;
        while (i < end && isDigit(bytes[i])) {
            anyDigit = true;
            int digit = bytes[i] - '0';
            if (significantDigits < 18) {
                if (mantissa != 0 || digit != 0) {
                    mantissa = mantissa * 10 + digit;
                    significantDigits++;
                }
            } else {
                exact = false;
            }
            i++;
        }
        if (i < end && bytes[i] == '.') {
            i++;
            while (i < end && isDigit(bytes[i])) {
                anyDigit = true;
                int digit = bytes[i] - '0';
                if (significantDigits < 18) {
                    if (mantissa != 0 || digit != 0) {
                        mantissa = mantissa * 10 + digit;
                        significantDigits++;
                    }
                    fractionDigits++;
                } else {
                    exact = false;
                }
                i++;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i == end || !isDigit(bytes[i])) {
                return Double.NaN;
            }
            while (i < end && isDigit(bytes[i])) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (bytes[i] - '0');
                }
                i++;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        int scale = exponent - fractionDigits;
        if (exact && mantissa <= LARGEST_EXACT_MANTISSA && scale >= -22 && scale <= 22) {
            // Clinger's fast path: both operands are exact doubles, so one rounding gives the
            // correctly rounded result
            double value = scale < 0
                    ? mantissa / EXACT_POWERS_OF_TEN[-scale]
                    : mantissa * EXACT_POWERS_OF_TEN[scale];
            return negative ? -value : value;
        }
        return JavaDoubleParser.parseDouble(bytes, start, end - start);
    }

    /** Why {@code text} did not parse as a number, as a sentence fragment. */
    static String whyNotANumber(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
            return "the value is empty";
        }
        String unsigned = trimmed.startsWith("+") || trimmed.startsWith("-") ? trimmed.substring(1) : trimmed;
        if (unsigned.equals("nan")) {
            return "NaN is not allowed";
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return "an infinite value is not allowed";
        }
        return "not a number";
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
