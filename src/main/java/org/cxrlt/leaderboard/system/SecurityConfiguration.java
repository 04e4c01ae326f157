package org.cxrlt.leaderboard.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.TokenAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stateless bearer-token security. No sessions and no cookies, hence no CSRF protection to
 * need: a browser never sends the token on its own.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] PUBLIC_READS = {
            "/api/v1/challenges", "/api/v1/challenges/*", "/api/v1/challenges/*/tasks/*/phases/*/leaderboard"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenAuthenticator authenticator, ProblemWriter problems)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(authenticator, problems), AnonymousAuthenticationFilter.class)
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
                        .requestMatchers(HttpMethod.GET, PUBLIC_READS).permitAll()
                        .requestMatchers(HttpMethod.HEAD, PUBLIC_READS).permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // Everything else: health, metrics, API docs, and 404 for unknown paths.
                        .anyRequest().permitAll());
        return http.build();
    }

    /** Authenticates the request when it carries a bearer token; refuses it at once if the token is unknown. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private static final String PREFIX = "Bearer ";

        private final TokenAuthenticator authenticator;
        private final ProblemWriter problems;

        BearerTokenFilter(TokenAuthenticator authenticator, ProblemWriter problems) {
            this.authenticator = authenticator;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                chain.doFilter(request, response);
                return;
            }
            Optional<Caller> caller = authenticator.authenticate(header.substring(PREFIX.length()).trim());
            if (caller.isEmpty()) {
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
