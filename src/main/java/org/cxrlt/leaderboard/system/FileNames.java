package org.cxrlt.leaderboard.system;

/**
 * File names a client sent (an upload's), made safe to store, log and send back in a
 * Content-Disposition header: the base name only (no directories), letters, digits, '.', '-'
 * and '_' kept, any other run of characters made one '_', no leading dot, at most 200
 * characters (the end kept, so that the extension survives).
 */
public final class FileNames {

    static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /** The safe form of {@code raw}; null when nothing safe is left (or {@code raw} is null). */
    public static String safe(String raw) {
        if (raw == null) {
            return null;
        }
        String base = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder(Math.min(base.length(), MAX_LENGTH));
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean kept = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_';
            if (kept) {
                out.append(c);
            } else if (out.isEmpty() || out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        int start = 0;
        while (start < out.length() && out.charAt(start) == '.') {
            start++;
        }
        String safe = out.substring(start);
        if (safe.length() > MAX_LENGTH) {
            safe = safe.substring(safe.length() - MAX_LENGTH);
        }
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.' || c == '_') ? null : safe;
    }

    /**
     * The safe name of the file in a part of a multipart upload, checked in the part's raw
     * Content-Disposition header: an unbalanced quote there (a file name with an unescaped
     * quote) is refused rather than read in some lenient way.
     *
     * @throws InvalidRequestException naming the part when its header is malformed
     */
    public static String ofPart(org.springframework.web.multipart.MultipartHttpServletRequest request, String part,
                                String originalName) {
        var headers = request.getMultipartHeaders(part);
        return ofPart(part, headers == null ? null : headers.getFirst("Content-Disposition"), originalName);
    }

    /**
     * As {@link #ofPart(org.springframework.web.multipart.MultipartHttpServletRequest, String, String)},
     * given the part's raw Content-Disposition header ({@code disposition}, null if none).
     */
    public static String ofPart(String part, String disposition, String originalName) {
        if (disposition != null) {
            int quotes = 0;
            for (int i = 0; i < disposition.length(); i++) {
                char c = disposition.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quotes++;
                }
            }
            if (quotes % 2 != 0) {
                throw new InvalidRequestException("The Content-Disposition header of the part '" + part
                        + "' has an unbalanced quote: escape a quote in the file name as \\\".");
            }
        }
        return safe(originalName);
    }

    /** {@link #safe} or, when nothing is left, the fallback. */
    public static String safeOr(String raw, String fallback) {
        String safe = safe(raw);
        return safe == null ? fallback : safe;
    }
}
