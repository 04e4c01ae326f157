package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecimalParserTests {

    private static double parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return DecimalParser.parse(bytes, 0, bytes.length);
    }

    /** Same bits as Java's own parser: tells -0.0 from 0.0 and catches a last-bit rounding error. */
    private static void assertParsesAsJava(String text) {
        double expected = Double.parseDouble(text);
        double actual = parse(text);
        assertThat(Double.doubleToRawLongBits(actual))
                .as("\"%s\" parsed as %s, Double.parseDouble gives %s", text, actual, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", ".5", "5.", "+0.5", "-0.5", "0", "1", "1.0", "0.0", "00.2500", "5E-01", "5e-1",
            "5E+0", "1.5e-3", "1.5E3", "+.5", "-.5e-0", "0.1", "0.3", "0.7", "1e-7", "1e-400", "1e22", "1e23",
            "9007199254740992", "9007199254740993", "9007199254740993e-16", "0.00000000000000000000001",
            "123456789012345678", "1234567890123456789e-19", "4.9E-324", "2.2250738585072014E-308",
            "0.30000000000000004", "0.99999999999999999", "0.49999999999999997224442438437108648940920829772949",
            "1.7976931348623157E308"})
    void acceptsTheNotationsBothJavaAndPythonRead(String text) {
        assertParsesAsJava(text);
    }

    @Test
    void ignoresSpacesAndTabsAroundTheNumber() {
        assertThat(parse("  0.25")).isEqualTo(0.25);
        assertThat(parse("0.25 \t")).isEqualTo(0.25);
        assertThat(parse("\t 2.5e-1 \t")).isEqualTo(0.25);
        assertThat(parse(" 0.1234567890123456789 ")).isEqualTo(Double.parseDouble("0.1234567890123456789"));
    }

    @Test
    void keepsTheSignOfNegativeZero() {
        for (String text : new String[] {"-0.0", "-0", "-0e5", "-.0", "-0.000000000000000000000000000"}) {
            assertThat(Double.doubleToRawLongBits(parse(text))).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
        }
        assertThat(Double.doubleToRawLongBits(parse("0.0"))).isZero();
        assertThat(Double.doubleToRawLongBits(parse("+0"))).isZero();
    }

    @Test
    void parsesSeventeenAndTwentyFiveDigitValuesExactlyAsJava() {
        assertParsesAsJava("0.12345678901234567");
        assertParsesAsJava("0.98765432109876543");
        assertParsesAsJava("0.1234567890123456789012345");
        assertParsesAsJava("0.9999999999999999999999999");
        assertParsesAsJava("1234567890123456789012345e-25");
        assertParsesAsJava("0.5000000000000000277555756156289135105907917022705078125");
        assertParsesAsJava("0.50000000000000002775557561562891351059079170227050781250001");
    }

    @Test
    void readsOnlyTheGivenRangeOfTheBuffer() {
        byte[] bytes = "9990.25999,0.1234567890123456789012345,7".getBytes(StandardCharsets.US_ASCII);
        assertThat(DecimalParser.parse(bytes, 3, 7)).isEqualTo(0.25);
        assertThat(DecimalParser.parse(bytes, 11, 38)).isEqualTo(Double.parseDouble("0.1234567890123456789012345"));
        assertThat(DecimalParser.parse(bytes, 11, 12)).isEqualTo(0.0);
    }

    @Test
    void agreesWithJavaOnManyRandomDoublesInEveryRendering() {
        SplittableRandom random = new SplittableRandom(20240501);
        for (int i = 0; i < 40_000; i++) {
            double value = switch (i % 5) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextDouble() * Math.pow(10, -random.nextInt(1, 30));
                case 2 -> Math.scalb(random.nextDouble(), random.nextInt(-1074, 1024));
                case 3 -> Math.round(random.nextDouble() * 1e8) / 1e8;
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-5, 25));
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            if (random.nextBoolean()) {
                value = -value;
            }
            assertParsesAsJava(Double.toString(value));
            assertParsesAsJava(String.format(Locale.ROOT, "%.17g", value));
            assertParsesAsJava(String.format(Locale.ROOT, "%.8f", value));
            assertParsesAsJava(String.format(Locale.ROOT, "%.20e", value));
        }
    }

    @Test
    void agreesWithJavaOnRandomDigitStrings() {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.setLength(0);
            int intDigits = random.nextInt(0, 25);
            int fractionDigits = random.nextInt(intDigits == 0 ? 1 : 0, 25);
            for (int d = 0; d < intDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (fractionDigits > 0 || random.nextBoolean()) {
                text.append('.');
            }
            for (int d = 0; d < fractionDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(-40, 40));
            }
            assertParsesAsJava(text.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+Infinity", "0x1p-1",
            "0x10", "1_0", "0.5d", "0.5f", "0.5D", "1e", "1e+", "1E-", "e5", ".", "-.", "+", "--1", "+-1", "1,0",
            "0.5.1", "1e5.5", "1 0", "0.5%", "\u00BD", "one", "0. 5", "1e1e1", ".e1"})
    void refusesWhatIsNotAPlainDecimalNumber(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(DecimalParser.parse(bytes, 0, bytes.length)).as("\"%s\"", text).isNaN();
    }

    @Test
    void givesOverflowAndUnderflowTheirIeeeValues() {
        assertThat(parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("1e-400")).isEqualTo(0.0);
        assertThat(parse("1e999999999999")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("1e-999999999999")).isEqualTo(0.0);
    }

    @Test
    void explainsWhyATextIsNotANumber() {
        assertThat(DecimalParser.whyNotANumber("")).isEqualTo("the value is empty");
        assertThat(DecimalParser.whyNotANumber("  \t")).isEqualTo("the value is empty");
        assertThat(DecimalParser.whyNotANumber("NaN")).isEqualTo("NaN is not allowed");
        assertThat(DecimalParser.whyNotANumber(" nan ")).isEqualTo("NaN is not allowed");
        assertThat(DecimalParser.whyNotANumber("-NAN")).isEqualTo("NaN is not allowed");
        assertThat(DecimalParser.whyNotANumber("inf")).isEqualTo("an infinite value is not allowed");
        assertThat(DecimalParser.whyNotANumber("-inf")).isEqualTo("an infinite value is not allowed");
        assertThat(DecimalParser.whyNotANumber("+Infinity")).isEqualTo("an infinite value is not allowed");
        assertThat(DecimalParser.whyNotANumber("abc")).isEqualTo("not a number");
        assertThat(DecimalParser.whyNotANumber("0x1p-1")).isEqualTo("not a number");
        assertThat(DecimalParser.whyNotANumber("1,0")).isEqualTo("not a number");
    }

    /**
     * A digit, a point and 1 to 18 digits, inside a longer array whose next bytes are anything
     * (digits, separators, control bytes, bytes of multi-byte UTF-8): the form read eight digits
     * at a time. The bytes after the range never count, and a byte in it that is not a digit
     * sends the text to the general path, which refuses it.
     */
    @Test
    void readsADigitPointAndFractionInsideALongerArrayAsJava() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] after = {',', '\n', '\r', '"', ' ', '\t', '0', '9', '5', 'e', '.', 0, 1, 0x7f, (byte) 0x80, (byte) 0xff,
                (byte) 0xfa, (byte) 0xc3};
        for (int i = 0; i < 200_000; i++) {
            int fraction = random.nextInt(1, 19);
            StringBuilder text = new StringBuilder().append((char) ('0' + random.nextInt(10))).append('.');
            for (int d = 0; d < fraction; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            // 0 to 20 bytes after the text: at the array's end the general path reads it
            byte[] bytes = new byte[1 + text.length() + random.nextInt(0, 21)];
            bytes[0] = ',';
            for (int b = 0; b < text.length(); b++) {
                bytes[1 + b] = (byte) text.charAt(b);
            }
            for (int b = 1 + text.length(); b < bytes.length; b++) {
                bytes[b] = after[random.nextInt(after.length)];
            }
            double expected = Double.parseDouble(text.toString());
            assertThat(Double.doubleToRawLongBits(DecimalParser.parse(bytes, 1, 1 + text.length())))
                    .as("\"%s\" followed by other bytes", text).isEqualTo(Double.doubleToRawLongBits(expected));
            // one byte of the fraction replaced by a byte that is not a digit (nor an exponent's e)
            int spoiled = 3 + random.nextInt(fraction);
            byte other = after[random.nextInt(after.length)];
            if ((other < '0' || other > '9') && other != 'e') {
                bytes[spoiled] = other;
                double value = DecimalParser.parse(bytes, 1, 1 + text.length());
                if (other == ' ' || other == '\t') {
                    // a blank is taken only around the number
                    if (spoiled != text.length()) {
                        assertThat(value).isNaN();
                    }
                } else {
                    assertThat(value).as("\"%s\" with byte %d at %d", text, other, spoiled).isNaN();
                }
            }
        }
    }

    @Test
    void readsEightDigitsAtOnceAndRefusesAnyOtherByte() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int count = random.nextInt(1, 9);
            long eight = random.nextLong();
            // mostly digits; else any byte, which is sometimes a digit too
            boolean digits = random.nextInt(4) != 0;
            for (int b = 0; b < count; b++) {
                long value = digits ? '0' + random.nextInt(10) : random.nextInt(256);
                eight = (eight & ~(0xffL << (8 * b))) | (value << (8 * b));
            }
            boolean allDigits = true;
            long check = 0;
            for (int b = 0; b < count; b++) {
                int value = (int) (eight >>> (8 * b)) & 0xff;
                allDigits &= value >= '0' && value <= '9';
                check = check * 10 + (value - '0');
            }
            assertThat(DecimalParser.eightDigits(eight, count)).as("%016x, %d bytes", eight, count)
                    .isEqualTo(allDigits ? check : -1);
        }
        assertThat(DecimalParser.eightDigits(0x3939393939393939L, 8)).isEqualTo(99_999_999L);
        assertThat(DecimalParser.eightDigits(0x3030303030303030L, 8)).isZero();
        assertThat(DecimalParser.eightDigits(0x3837363534333231L, 8)).isEqualTo(12_345_678L);
        assertThat(DecimalParser.eightDigits(0x2c2c2c2c2c2c3231L, 2)).isEqualTo(12L);
        assertThat(DecimalParser.eightDigits(0x3837363534333a31L, 8)).isEqualTo(-1);
        assertThat(DecimalParser.eightDigits(0x383736353433ff31L, 8)).isEqualTo(-1);
    }
}
