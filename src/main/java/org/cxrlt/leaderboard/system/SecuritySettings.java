package org.cxrlt.leaderboard.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send and how often.
 *
 * @param failedAuthentications how many requests with an unknown bearer token one client
 *                              address may make in {@code failedAuthenticationWindow}; past
 *                              that, every request of that address with a token is answered 429
 *                              until the window ends
 * @param registrationsPerAddress how many registrations one client address may make in
 *                              {@code registrationWindow} (429 past it)
 * @param maxJsonBody           the largest request body that is not a multipart upload
 *                              (registrations, organizer actions); 413 past it, before it is parsed
 * @param maxDefinitionBody     the same for a challenge definition ({@code PUT /admin/challenges/{c}})
 * @param corsAllowedOrigins    origins (such as {@code https://challenge.example.org}) whose pages
 *                              may read the public GET endpoints; none by default
 */
@ConfigurationProperties("cxrlt.security")
public record SecuritySettings(
        @DefaultValue("10") int failedAuthentications,
        @DefaultValue("1m") Duration failedAuthenticationWindow,
        @DefaultValue("20") int registrationsPerAddress,
        @DefaultValue("1h") Duration registrationWindow,
        @DefaultValue("16KB") DataSize maxJsonBody,
        @DefaultValue("256KB") DataSize maxDefinitionBody,
        @DefaultValue List<String> corsAllowedOrigins) {
}
