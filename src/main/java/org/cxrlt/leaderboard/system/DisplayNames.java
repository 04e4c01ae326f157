package org.cxrlt.leaderboard.system;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Locale;

/**
 * Names and texts that people read (team and participant names, affiliations, descriptions),
 * made safe to publish: Unicode NFKC (fullwidth and compatibility forms become their plain
 * letters), format and other default-ignorable characters dropped (zero-width spaces,
 * right-to-left overrides), runs of white space collapsed to one space and trimmed. Control
 * characters are refused, as is a name with no visible character (a letter, digit,
 * punctuation mark or symbol). Refusals are {@link InvalidRequestException}s naming the field.
 *
 * <p>{@link #matchKey} folds a normalized name to what a reader cannot tell apart: case, and
 * the confusables of Unicode Technical Standard #39 (a Cyrillic "а" for a Latin "a"), by
 * ICU's spoof checker.
 */
public final class DisplayNames {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    // Built once: its skeleton function only reads the confusables data, which is immutable.
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private DisplayNames() {
    }

    /**
     * A required single-line name.
     *
     * @param field     the request field, named in the refusal
     * @param maxLength the longest accepted, in UTF-16 units, after normalization
     * @throws InvalidRequestException when missing, with control characters, with no visible
     *                                 character, or too long
     */
    public static String name(String field, String raw, int maxLength) {
        String name = optionalName(field, raw, maxLength);
        if (name == null) {
            throw new InvalidRequestException(field + " must contain at least one visible character.");
        }
        return name;
    }

    /** An optional single-line name: null when missing or empty, otherwise as {@link #name}. */
    public static String optionalName(String field, String raw, int maxLength) {
        if (raw == null) {
            return null;
        }
        String normalized = normalize(field, raw, false);
        if (normalized.isEmpty()) {
            if (raw.isEmpty() || raw.isBlank()) {
                return null;
            }
            throw new InvalidRequestException(field + " must contain at least one visible character.");
        }
        return checked(field, normalized, maxLength);
    }

    /**
     * An optional text of several lines (a description): as a name, except that line breaks
     * are kept (CR LF and CR become LF, at most two in a row) and tabs become spaces.
     */
    public static String text(String field, String raw, int maxLength) {
        if (raw == null) {
            return null;
        }
        String normalized = normalize(field, raw, true);
        if (normalized.isEmpty()) {
            if (raw.isBlank()) {
                return null;
            }
            throw new InvalidRequestException(field + " must contain at least one visible character.");
        }
        return checked(field, normalized, maxLength);
    }

    /**
     * What two names must share to be the same name to a reader: upper-cased, reduced to its
     * confusable skeleton (a Cyrillic "Т" is a Latin "T"), case-folded and reduced again (so that
     * case does not matter either), with what normalization drops dropped (so that names stored
     * before it get the key they would have had).
     */
    public static String matchKey(String name) {
        String folded = UCharacter.toUpperCase(Locale.ROOT, NFKC.normalize(name));
        StringBuilder plain = new StringBuilder(folded.length());
        boolean space = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            int type = UCharacter.getType(cp);
            if (type == UCharacterCategory.CONTROL || type == UCharacterCategory.FORMAT
                    || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                continue;
            }
            if (UCharacter.isUWhiteSpace(cp) || type == UCharacterCategory.SPACE_SEPARATOR) {
                space = !plain.isEmpty();
                continue;
            }
            if (space) {
                plain.append(' ');
                space = false;
            }
            plain.appendCodePoint(cp);
        }
        String skeleton = SPOOF.getSkeleton(plain.toString());
        return NFKC.normalize(SPOOF.getSkeleton(UCharacter.foldCase(skeleton, true)));
    }

    private static String checked(String field, String normalized, int maxLength) {
        if (!hasVisible(normalized)) {
            throw new InvalidRequestException(field + " must contain at least one visible character.");
        }
        if (normalized.length() > maxLength) {
            throw new InvalidRequestException(field + " must be at most " + maxLength + " characters long.");
        }
        return normalized;
    }

    private static String normalize(String field, String raw, boolean lines) {
        String text = raw;
        if (lines) {
            text = text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
        }
        String nfkc = NFKC.normalize(text);
        StringBuilder out = new StringBuilder(nfkc.length());
        boolean space = false;
        int breaks = 0;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            int type = UCharacter.getType(cp);
            if (lines && cp == '\n') {
                trimTrailingSpace(out);
                space = false;
                if (out.length() > 0 && breaks < 2) {
                    out.append('\n');
                    breaks++;
                }
                continue;
            }
            if (type == UCharacterCategory.CONTROL) {
                throw new InvalidRequestException(field + " must not contain control characters (it contains "
                        + String.format(Locale.ROOT, "U+%04X", cp) + ").");
            }
            if (type == UCharacterCategory.SURROGATE || isNonCharacter(cp)) {
                throw new InvalidRequestException(field + " is not valid Unicode text.");
            }
            if (type == UCharacterCategory.FORMAT || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                continue;
            }
            if (UCharacter.isUWhiteSpace(cp) || type == UCharacterCategory.SPACE_SEPARATOR) {
                space = out.length() > 0 && out.charAt(out.length() - 1) != '\n';
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
            breaks = 0;
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static void trimTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }

    private static boolean isNonCharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }

    private static boolean hasVisible(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = UCharacter.getType(cp);
            boolean mark = type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.ENCLOSING_MARK
                    || type == UCharacterCategory.COMBINING_SPACING_MARK;
            if (!mark && !UCharacter.isUWhiteSpace(cp) && type != UCharacterCategory.UNASSIGNED
                    && type != UCharacterCategory.PRIVATE_USE) {
                return true;
            }
        }
        return false;
    }
}
