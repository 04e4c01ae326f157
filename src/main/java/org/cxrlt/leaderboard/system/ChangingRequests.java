package org.cxrlt.leaderboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request that may change something (any method but GET, HEAD, OPTIONS and TRACE) is a
 * change for {@link PreparedResponses} while it runs: what an organizer's request changes (a
 * phase's rules, a challenge's definition, an answer key, a disqualification) is seen by the
 * next read, whichever class made the change. Uploads of submissions are left out: they change no
 * challenge, phase or leaderboard until they are scored (the scoring transaction is a change of
 * its own), and a deadline's surge of them would otherwise keep every read asking the database.
 */
@Component
class ChangingRequests extends OncePerRequestFilter {

    private final PreparedResponses responses;

    ChangingRequests(PreparedResponses responses) {
        this.responses = responses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
            default -> "POST".equals(method) && request.getRequestURI().endsWith("/submissions");
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (PreparedResponses.Change change = responses.changing()) {
            chain.doFilter(request, response);
        }
    }
}
