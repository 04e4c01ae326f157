package org.cxrlt.leaderboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.cxrlt.leaderboard.system.PreparedResponses;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The base of every test of the running service. All share one application context (and so
 * one database): keep these properties identical and add no per-class configuration.
 * Tests share the database too, so each makes its own participants and teams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cxrlt.embedded-database.enabled=false",
        "cxrlt.demo.enabled=false",
        "cxrlt.admin-token=" + ServiceTests.ORGANIZER_TOKEN,
        "cxrlt.submissions.max-upload-size=2MB",
        "cxrlt.enrolment.max-evidence-size=64KB", // under the upload limit, so that its own 413 is reached
        "cxrlt.scoring.workers=2",
        "cxrlt.scoring.poll-interval=30s", // so that only a notification wakes the workers quickly
        "cxrlt.scoring.lease=1m",
        "cxrlt.security.cors-allowed-origins=https://challenge.example.org",
        // the other name of that list; the browser tests serve a page from this origin
        "cxrlt.web.allowed-origins=http://cors-page.test",
        // notification mails go to the test JVM's SMTP server (TestMailServer; its port below)
        "spring.mail.host=localhost",
        "cxrlt.mail.from=leaderboard@tests.example.org",
        "cxrlt.mail.base-url=https://leaderboard.example.org",
        "logging.level.com.icegreen=WARN", // a line per new mailbox otherwise
        // Without a Docker engine (the usual case here) the probe would log an alarming ERROR.
        "logging.level.org.testcontainers.dockerclient.DockerClientProviderStrategy=OFF"
})
@AutoConfigureMockMvc
@Import({TestDatabase.class, ClientAddresses.class, TestClock.class})
public abstract class ServiceTests {

    public static final String ORGANIZER_TOKEN = "organizer-token-for-tests-only-not-for-use";

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JdbcTemplate jdbc;

    @LocalServerPort
    protected int port;

    // Inherited by every subclass as it is, so all still share one context.
    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", TestMailServer::port);
    }

    @Autowired
    private PreparedResponses preparedResponses;

    /**
     * Waits until the service has heard of every change made so far with plain SQL (through
     * {@link #jdbc}), as it hears of changes made by another instance; changes made through the
     * service are seen at once.
     */
    protected void changesHeard() {
        assertThat(preparedResponses.awaitHeard(10_000)).as("the catalogue change notification came back").isTrue();
    }

    protected Api api() {
        return new Api(mvc);
    }
}
