package org.cxrlt.leaderboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.cxrlt.leaderboard.evaluation.LimitedInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every request is checked for before anything reads it: a NUL character in a query
 * parameter (400 naming the parameter), and a body that is not a multipart upload larger than
 * its limit (413 naming the limit): refused at once by its Content-Length, or, when it has none
 * (chunked), as soon as reading passes the limit, before the JSON parser has it all.
 * Multipart uploads have limits of their own ({@code spring.servlet.multipart.*}).
 */
final class RequestLimitsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLimitsFilter.class);

    private final SecuritySettings settings;
    private final ProblemWriter problems;

    RequestLimitsFilter(SecuritySettings settings, ProblemWriter problems) {
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = queryRefusal(request.getQueryString());
        if (refusal != null) {
            log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), refusal);
            problems.write(response, HttpStatus.BAD_REQUEST, refusal);
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        DataSize limit = limitFor(request);
        if (request.getContentLengthLong() > limit.toBytes()) {
            log.info("Refused {} {}: a body of {} bytes, over the limit of {}", request.getMethod(),
                    request.getRequestURI(), request.getContentLengthLong(), Sizes.describe(limit));
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(limit));
            return;
        }
        chain.doFilter(new LimitedBody(request, limit), response);
    }

    static String tooLarge(DataSize limit) {
        return "The request body is larger than the limit of " + Sizes.describe(limit)
                + " for a request that is not a file upload.";
    }

    private DataSize limitFor(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean definition = "PUT".equals(request.getMethod()) && path.startsWith("/api/v1/admin/challenges/")
                && path.indexOf('/', "/api/v1/admin/challenges/".length()) < 0;
        return definition ? settings.maxDefinitionBody() : settings.maxJsonBody();
    }

    /** Why the query string is refused, or null. */
    static String queryRefusal(String query) {
        if (query == null || query.indexOf('%') < 0 && query.indexOf('\0') < 0) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "The query string is not valid URL encoding (a '%' not followed by two hexadecimal digits).";
            }
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                String shown = name.replace('\0', '?');
                return "The query parameter '" + shown + "' contains a NUL character (%00), which no value may "
                        + "contain.";
            }
        }
        return null;
    }

    /** The request with its body cut off, by an exception, past the limit. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final DataSize limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, DataSize limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** The request's body, counted as it is read ({@link LimitedInputStream}): past the limit, a 413. */
    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final InputStream counted;

        Counting(ServletInputStream in, DataSize limit) {
            this.in = in;
            this.counted = new LimitedInputStream(in, limit.toBytes(), past -> new BodyTooLargeException(limit));
        }

        @Override
        public int read() throws IOException {
            return counted.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return counted.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
