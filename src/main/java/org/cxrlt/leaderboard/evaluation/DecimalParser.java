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
 * parses correctly rounded from bytes without building a {@code String}. The commonest form of
 * all, a digit, a point and up to 16 digits ({@code 0.0168071}), has its fraction's digits read
 * eight at a time ({@link #eightDigits}).
 */
final class DecimalParser {

    /** Powers of ten that are exact doubles: 10^22 is the largest. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];
    private static final long LARGEST_EXACT_MANTISSA = 1L << 53;

    /** Eight '0' bytes. */
    private static final long ZEROS = 0x3030303030303030L;

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
        double common = digitPointFraction(bytes, start, end);
        if (common >= 0) {
            return common;
        }
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

    /**
     * The value of {@code bytes[start, end)} if it is a digit, a point and 1 to 16 digits, with
     * nothing around them, whose digits make at most 2^53, and at least eight bytes follow the
     * point in the array; else -1 (the general path decides). The digits are read as
     * {@link #parse}'s loop reads them, into one integer divided by the power of ten of the
     * fraction's length: the same operation, so the same bits. A probability written by a
     * program (pandas, numpy, R) nearly always has this form; the byte-at-a-time loop spent
     * about a fifth of a scoring worker's CPU time on them (perf, 2026-11-30).
     */
    private static double digitPointFraction(byte[] bytes, int start, int end) {
        int fraction = end - start - 2;
        int first = start + 2;
        if (fraction < 1 || fraction > 16 || first + 8 > bytes.length || bytes[start + 1] != '.') {
            return -1;
        }
        long whole = bytes[start] - '0';
        if (whole < 0 || whole > 9) {
            return -1;
        }
        long digits;
        if (fraction <= 8) {
            long chunk = eightDigits(EightBytes.at(bytes, first), fraction);
            if (chunk < 0) {
                return -1;
            }
            digits = whole * (long) EXACT_POWERS_OF_TEN[fraction] + chunk;
        } else {
            if (first + 16 > bytes.length) {
                return -1;
            }
            long high = eightDigits(EightBytes.at(bytes, first), 8);
            long low = eightDigits(EightBytes.at(bytes, first + 8), fraction - 8);
            if (high < 0 || low < 0) {
                return -1;
            }
            digits = (whole * 100_000_000L + high) * (long) EXACT_POWERS_OF_TEN[fraction - 8] + low;
        }
        if (digits > LARGEST_EXACT_MANTISSA) {
            return -1;
        }
        return digits / EXACT_POWERS_OF_TEN[fraction];
    }

    /**
     * The number written by the first {@code count} (1 to 8) bytes of {@code eight} (the first
     * byte lowest), or -1 if one of them is not a digit. The bytes after them are shifted out and
     * replaced by leading '0's; the check and the conversion treat all eight bytes at once (the
     * SWAR method of simdjson and of Lemire's "Faster integer parsing", 2018).
     */
    static long eightDigits(long eight, int count) {
        long padded = count == 8 ? eight : (eight << (8 * (8 - count))) | (ZEROS >>> (8 * count));
        // every byte in '0'..'9': its high nibble is 3, and adding 6 does not carry it past 3
        if (((padded & 0xF0F0F0F0F0F0F0F0L) | (((padded + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
                != 0x3333333333333333L) {
            return -1;
        }
        long v = padded - ZEROS;
        v = (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL; // pairs of digits
        v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL; // fours
        return (v * 10_000 + (v >>> 32)) & 0xFFFFFFFFL; // eight
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
