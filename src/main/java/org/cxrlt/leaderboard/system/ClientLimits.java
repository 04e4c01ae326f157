package org.cxrlt.leaderboard.system;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Per client address: failed authentications and registrations, each limited in a window
 * ({@link SecuritySettings}). The address is the request's remote address; behind a reverse
 * proxy, let Tomcat take it from the proxy's {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy=native}).
 */
@Component
@EnableConfigurationProperties(SecuritySettings.class)
public class ClientLimits {

    private static final Logger log = LoggerFactory.getLogger(ClientLimits.class);

    private final AddressWindow failedAuthentications;
    private final AddressWindow registrations;

    ClientLimits(SecuritySettings settings, Clock clock) {
        this.failedAuthentications = new AddressWindow(settings.failedAuthentications(),
                settings.failedAuthenticationWindow(), clock);
        this.registrations = new AddressWindow(settings.registrationsPerAddress(), settings.registrationWindow(),
                clock);
    }

    /**
     * Counts a registration from the address.
     *
     * @throws TooManyRequestsException past the limit, with the time until the window ends
     */
    public void countRegistration(String address) {
        Optional<Duration> wait = registrations.count(address);
        if (wait.isPresent()) {
            log.info("Refused a registration from {}: more than {} in {}", address, registrations.limit(),
                    registrations.window());
            throw new TooManyRequestsException("Too many registrations from your address: at most "
                    + registrations.limit() + " in " + describe(registrations.window()) + ". Try again later.",
                    wait.get());
        }
    }

    /** How long the address must wait before its tokens are checked again; empty if it need not. */
    Optional<Duration> authenticationBlocked(String address) {
        return failedAuthentications.exceeded(address);
    }

    /** Counts a request with an unknown token; logs the address once, when it reaches the limit. */
    void countFailedAuthentication(String address) {
        if (failedAuthentications.count(address).isEmpty() && failedAuthentications.exceeded(address).isPresent()) {
            log.warn("{} sent {} unknown bearer tokens within {}: its tokens are refused (429) until the window "
                    + "ends", address, failedAuthentications.limit(), failedAuthentications.window());
        }
    }

    int failedAuthenticationLimit() {
        return failedAuthentications.limit();
    }

    static String describe(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            long hours = duration.toHours();
            return hours == 1 ? "an hour" : hours + " hours";
        }
        if (duration.toSeconds() % 60 == 0) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "a minute" : minutes + " minutes";
        }
        return duration.toSeconds() + " seconds";
    }
}
