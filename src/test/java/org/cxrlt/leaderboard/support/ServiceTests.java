package org.cxrlt.leaderboard.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
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

    protected Api api() {
        return new Api(mvc);
    }
}
