package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.Browser;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The leaderboard page in a real browser: ranks and ties, a baseline, sorting, the heat map, a
 * phone's width, a hidden phase, and the README's example page reading the leaderboard from
 * another origin through CORS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderboardPageBrowserTests extends ServiceTests {

    private Browser browser;
    private HttpServer otherOrigin;
    private Arena arena;
    private Arena hiddenArena;
    private String tiedA;
    private String tiedB;
    private String third;
    private double hiddenMap;

    @BeforeAll
    void setUp() throws Exception {
        // The README's example page, served as if from http://cors-page.test (allowed) and http://other-page.test (not)
        otherOrigin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        otherOrigin.createContext("/", exchange -> {
            byte[] page = examplePage().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        otherOrigin.start();
        int pagePort = otherOrigin.getAddress().getPort();
        browser = Browser.start("MAP cors-page.test 127.0.0.1:" + pagePort + ", MAP other-page.test 127.0.0.1:" + pagePort);

        Api api = api();
        arena = Arena.create(mvc, "");
        byte[] good = Api.predictions(AnswerKeysForTests.TASK2, 0.8, 1);
        byte[] worse = Api.predictions(AnswerKeysForTests.TASK2, 0.3, 2);
        Api.Participant a = api.approved(arena, "Tied A");
        Api.Participant b = api.approved(arena, "Tied B");
        Api.Participant c = api.approved(arena, "Third");
        tiedA = a.team();
        tiedB = b.team();
        third = c.team();
        List<long[]> pending = new ArrayList<>();
        for (var pair : List.of(new Object[] {a, good}, new Object[] {b, good}, new Object[] {c, worse})) {
            Api.Participant p = (Api.Participant) pair[0];
            long id = Api.json(arena.submit(p.token(), (byte[]) pair[1]).andExpect(status().isAccepted())).get("id").asLong();
            api.awaitScoring(p.token(), id);
        }
        mvc.perform(multipart(HttpMethod.POST, arena.adminPhase() + "/baselines")
                        .file(new MockMultipartFile("file", "baseline.csv", "text/csv",
                                Api.predictions(AnswerKeysForTests.TASK2, 0.5, 3)))
                        .param("name", "Reference baseline")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isAccepted());
        awaitEntries(arena, 4);

        hiddenArena = Arena.create(mvc, "\"visibility\":\"HIDDEN_UNTIL_CLOSE\"");
        Api.Participant h = api.approved(hiddenArena, "Hidden");
        long id = Api.json(hiddenArena.submit(h.token(), good).andExpect(status().isAccepted())).get("id").asLong();
        hiddenMap = api.awaitScoring(h.token(), id).get("scores").get("mAP").asDouble();
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (otherOrigin != null) {
            otherOrigin.stop(0);
        }
    }

    @Test
    void ranksAreSharedByTiesAndBaselinesTakeNone() {
        open(arena, "");
        assertThat(rankOf(tiedA)).isEqualTo("1=");
        assertThat(rankOf(tiedB)).isEqualTo("1=");
        assertThat(rankOf(third)).isEqualTo("3");
        WebElement baseline = row("Reference baseline");
        assertThat(baseline.getAttribute("class")).contains("baseline");
        assertThat(baseline.findElement(By.cssSelector("td.rank")).getText()).isEqualTo("–");
        assertThat(baseline.getText()).contains("baseline");
        assertThat(browser.driver.findElement(By.id("csv-link")).getAttribute("href"))
                .endsWith(arena.phase() + "/leaderboard?format=csv");
        browser.fitHeight(1280);
        browser.screenshot("leaderboard");
        browser.size(1280, 1000);
    }

    @Test
    void anyColumnSortsTheTableBothWays() {
        open(arena, "");
        browser.driver.findElement(By.cssSelector("th[data-key=mECE] a")).click();
        browser.waiting().until(ExpectedConditions.urlContains("sort=mECE"));
        List<Double> ascending = column("mECE");
        assertThat(ascending).isSortedAccordingTo(Double::compare).hasSize(4);
        assertThat(browser.driver.findElement(By.cssSelector("th[data-key=mECE]")).getAttribute("aria-sort"))
                .isEqualTo("ascending");

        browser.driver.findElement(By.cssSelector("th[data-key=mECE] a")).click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("dir=desc"));
        List<Double> descending = column("mECE");
        assertThat(descending).isSortedAccordingTo((x, y) -> Double.compare(y, x)).hasSize(4);

        browser.driver.findElement(By.cssSelector("th[data-key=team] a")).click();
        browser.waiting().until(ExpectedConditions.urlContains("sort=team"));
        List<String> teams = browser.driver.findElements(By.cssSelector("#leaderboard tbody td.team span:first-child"))
                .stream().map(e -> e.getText().toLowerCase(Locale.ROOT)).toList();
        assertThat(teams).isSorted();
    }

    @Test
    void theHeatMapHasACellPerRankedTeamAndLabel() {
        open(arena, "");
        WebElement svg = browser.driver.findElement(By.id("heatmap"));
        assertThat(svg.isDisplayed()).isTrue();
        List<WebElement> cells = svg.findElements(By.cssSelector("rect.cell"));
        assertThat(cells).hasSize(3 * AnswerKeysForTests.TASK2.labels().size());
        String text = svg.getAttribute("innerHTML");
        assertThat(text).contains(tiedA, third, "head", "medium", "tail").doesNotContain("Reference baseline");
    }

    @Test
    void thePageFitsAPhone() {
        browser.size(390, 844);
        try {
            open(arena, "");
            Number page = (Number) browser.driver.executeScript("return document.documentElement.scrollWidth;");
            Number viewport = (Number) browser.driver.executeScript("return window.innerWidth;");
            assertThat(page.intValue()).isLessThanOrEqualTo(viewport.intValue());
            assertThat(browser.driver.findElement(By.cssSelector("th[data-key=mAP]")).isDisplayed()).isTrue();
            browser.screenshot("leaderboard-phone");
        } finally {
            browser.size(1280, 1000);
        }
    }

    @Test
    void aHiddenPhaseShowsTeamsWithoutScores() {
        open(hiddenArena, "");
        assertThat(browser.driver.findElement(By.id("hidden-notice")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("th[data-key=mAP]"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("heatmap"))).isEmpty();
        assertThat(browser.driver.getPageSource())
                .doesNotContain(String.format(Locale.ROOT, "%.4f", hiddenMap))
                .contains("Hidden ");
    }

    @Test
    void aPageOfAnAllowedOriginReadsTheLeaderboardThroughCors() {
        browser.driver.get("http://cors-page.test/");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#leaderboard tbody tr")).size() == 4);
        assertThat(browser.driver.findElement(By.id("leaderboard")).getText()).contains(tiedA, "baseline");

        browser.driver.get("http://other-page.test/");
        browser.waiting().until(d -> d.findElement(By.tagName("caption")).getText().contains("could not be read"));
        assertThat(browser.driver.findElements(By.cssSelector("#leaderboard tbody tr"))).isEmpty();
    }

    private String examplePage() {
        try {
            String page = Files.readString(Path.of("docs/examples/leaderboard-embed.html"));
            return page.replace("https://leaderboard.example.org", "http://localhost:" + port)
                    .replace("/api/v1/challenges/cxr-lt-2024/tasks/task1/phases/test/leaderboard",
                            arena.phase() + "/leaderboard");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void open(Arena which, String query) {
        browser.driver.get("http://localhost:" + port + "/challenges/" + which.slug + "/tasks/t/phases/p" + query);
    }

    private WebElement row(String team) {
        return browser.driver.findElements(By.cssSelector("#leaderboard tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("td.team")).getText().startsWith(team))
                .findFirst().orElseThrow(() -> new AssertionError("no row of " + team));
    }

    private String rankOf(String team) {
        return row(team).findElement(By.cssSelector("td.rank")).getText();
    }

    private List<Double> column(String key) {
        List<WebElement> headers = browser.driver.findElements(By.cssSelector("#leaderboard thead th"));
        int index = 0;
        for (int i = 0; i < headers.size(); i++) {
            if (key.equals(headers.get(i).getAttribute("data-key"))) {
                index = i;
            }
        }
        int column = index + 1;
        return browser.driver.findElements(By.cssSelector("#leaderboard tbody tr td:nth-child(" + column + ")"))
                .stream().map(e -> Double.parseDouble(e.getText())).toList();
    }

    private void awaitEntries(Arena which, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode board = Api.json(mvc.perform(
                    org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(which.phase() + "/leaderboard")));
            if (board.get("entries").size() >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the leaderboard did not reach " + count + " entries in 30 s: " + board);
            }
            Thread.sleep(50);
        }
    }
}
