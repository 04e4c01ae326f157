package org.cxrlt.leaderboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stateless bearer-token security. No sessions and no cookies, hence no CSRF protection to
 * need: a browser never sends the token on its own. A client address that sends too many
 * unknown tokens is refused (429) for the rest of the window ({@link ClientLimits}). The public
 * reads may be read by the pages of the configured origins (CORS); their preflight needs no token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] PUBLIC_READS = {
            "/api/v1/challenges", "/api/v1/challenges/*", "/api/v1/challenges/*/tasks/*/phases/*/leaderboard"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, BearerTokens authenticator, ProblemWriter problems,
                            ClientLimits limits, SecuritySettings settings,
                            org.springframework.core.env.Environment environment) throws Exception {
        // cxrlt.web.allowed-origins is another name for the same list (the website's name for it)
        List<String> origins = new java.util.ArrayList<>(settings.corsAllowedOrigins());
        origins.addAll(org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("cxrlt.web.allowed-origins",
                        org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .orElse(List.of()));
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable)
                .addFilterAfter(corsFilter(origins.stream().distinct().toList()), HeaderWriterFilter.class)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(authenticator, problems, limits),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED,
                                "This needs a bearer token: send the header 'Authorization: Bearer <token>' "
                                        + "with the token you got when registering."))
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                HttpStatus.FORBIDDEN, "Only organizers may do this.")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/v1/admin/**").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/registrations").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/accounts").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/challenges/*/registration").permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_READS).permitAll()
                        .requestMatchers(HttpMethod.HEAD, PUBLIC_READS).permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, PUBLIC_READS).permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // Everything else: health, metrics, API docs, and 404 for unknown paths.
                        .anyRequest().permitAll());
        return http.build();
    }

    /**
     * CORS for the public reads only: GET and HEAD from the allowed origins, with the headers a
     * page needs for conditional requests, and the ETag readable. Nothing with credentials: a
     * page reads what anyone may read. From an origin not allowed, 403; with none configured, no
     * CORS headers at all (the preflight is answered without them).
     */
    static CorsFilter corsFilter(List<String> allowedOrigins) {
        List<String> origins = allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor());
        if (origins.isEmpty()) {
            // No configuration at all: cross-origin reads get no CORS headers, so browsers keep them from pages.
            return filter;
        }
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "HEAD"));
        config.setAllowedHeaders(List.of("Accept", "If-None-Match", "Cache-Control"));
        config.setExposedHeaders(List.of("ETag", "Content-Disposition"));
        config.setAllowCredentials(false);
        config.setMaxAge(3600L);
        for (String path : PUBLIC_READS) {
            source.registerCorsConfiguration(path, config);
        }
        return filter;
    }

    /** A refused CORS request (an origin not allowed) as a problem detail, not a plain-text body. */
    static final class ProblemCorsProcessor extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"This origin may not read the service's responses (CORS): it is not one of "
                    + "cxrlt.security.cors-allowed-origins.\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            response.flush();
        }
    }

    /** Authenticates the request when it carries a bearer token; refuses it at once if the token is unknown. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private static final String PREFIX = "Bearer ";

        private final BearerTokens authenticator;
        private final ProblemWriter problems;
        private final ClientLimits limits;

        BearerTokenFilter(BearerTokens authenticator, ProblemWriter problems, ClientLimits limits) {
            this.authenticator = authenticator;
            this.problems = problems;
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                chain.doFilter(request, response);
                return;
            }
            String address = request.getRemoteAddr();
            Optional<Duration> blocked = limits.authenticationBlocked(address);
            if (blocked.isPresent()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ProblemDetailsAdvice.seconds(blocked.get())));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests with an unknown bearer "
                        + "token came from your address (" + limits.failedAuthenticationLimit() + "): tokens from it are "
                        + "not checked until the time in Retry-After has passed.");
                return;
            }
            Optional<? extends TokenHolder> caller = authenticator.authenticate(header.substring(PREFIX.length()).trim());
            if (caller.isEmpty()) {
                limits.countFailedAuthentication(address);
                problems.write(response, HttpStatus.UNAUTHORIZED,
                        "The bearer token is not valid: it matches no participant and no organizer.");
                return;
            }
            String role = caller.get().organizer() ? "ROLE_ORGANIZER" : "ROLE_PARTICIPANT";
            var authentication = new UsernamePasswordAuthenticationToken(caller.get(), null,
                    List.of(new SimpleGrantedAuthority(role)));
            SecurityContextHolder.getContext().setAuthentication(authentication);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
