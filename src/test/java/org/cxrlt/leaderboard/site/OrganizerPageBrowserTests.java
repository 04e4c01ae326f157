package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
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
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The organizer page as an organizer account sees it: the pictures of its phase's finished
 * robustness analysis, fetched with its token and shown safely, with download links; nothing of
 * a challenge it does not organize.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizerPageBrowserTests extends ServiceTests {

    private Browser browser;
    private Arena arena;
    private Arena other;
    private long analysis;
    private Api.Organizer organizer;

    @BeforeAll
    void setUp() throws Exception {
        arena = Arena.create(mvc, "");
        other = Arena.create(mvc, "");
        for (Arena board : List.of(arena, other)) {
            // a team name that would be markup if it were ever put into the page as HTML
            for (String name : List.of("Pictured <img src=x onerror=alert(1)>", "Pictured B")) {
                Api.Participant team = api().approved(board, name);
                String location = board.submit(team.token(), Api.predictions(AnswerKeysForTests.TASK2,
                                name.endsWith("B") ? 0.6 : 0.8, 70)).andExpect(status().isAccepted())
                        .andReturn().getResponse().getHeader("Location");
                long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
                assertThat(api().awaitScoring(team.token(), id).get("status").asString()).isEqualTo("SCORED");
            }
            long started = Api.json(mvc.perform(post(board.adminPhase() + "/robustness")
                    .header("Authorization", Api.bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"replicates\":200,\"seed\":3}")).andExpect(status().isAccepted()))
                    .get("analysis").get("id").asLong();
            awaitDone(board, started);
            if (board == arena) {
                analysis = started;
            }
        }
        organizer = api().organizer("Page organizer", arena.slug);
        browser = Browser.start(null);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theFinishedAnalysisIsPicturedWithDownloadLinks() {
        browser.driver.get("http://localhost:" + port + "/organizer");
        WebElement field = browser.driver.findElement(By.id("token"));
        field.sendKeys(organizer.token());
        field.submit();

        String section = "#robustness-" + arena.slug + "-t-p";
        List<WebElement> figures = browser.waiting().until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(section + " figure img"));
            boolean loaded = found.size() == 3 && found.stream().allMatch(img -> Boolean.TRUE.equals(
                    browser.driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)));
            return loaded ? found : null;
        });
        assertThat(browser.driver.findElement(By.cssSelector(section)).getAttribute("data-analysis"))
                .isEqualTo(Long.toString(analysis));
        assertThat(figures).extracting(img -> img.getAttribute("src")).allMatch(src -> src.startsWith("blob:"));
        assertThat(figures).extracting(img -> img.getAttribute("alt").split(":")[0])
                .containsExactly("Forest plot", "Rank blob plot", "Pairwise significance map");
        List<WebElement> links = browser.driver.findElements(By.cssSelector(section + " figcaption a[download]"));
        assertThat(links).extracting(a -> a.getAttribute("download")).containsExactlyInAnyOrder(
                arena.slug + "-t-p-robustness-" + analysis + "-forest.svg",
                arena.slug + "-t-p-robustness-" + analysis + "-ranks.svg",
                arena.slug + "-t-p-robustness-" + analysis + "-pairs.svg");
        assertThat(links).extracting(a -> a.getAttribute("href")).allMatch(href -> href.startsWith("blob:"));
        // the team's name stayed text inside the pictures: no element of it reached the page
        assertThat(browser.driver.findElements(By.cssSelector("img[src=x]"))).isEmpty();
        // a challenge it does not organize: no pictures, and its analyses were refused, not shown
        assertThat(browser.driver.findElements(By.cssSelector("#robustness-" + other.slug + "-t-p"))).isEmpty();
        assertThat(browser.driver.findElement(By.id("registrations-note")).isDisplayed()).isTrue();
        WebElement otherPhase = browser.driver.findElement(By.cssSelector("#phases tr[data-path='" + other.slug + "/t/p']"));
        browser.waiting().until(d -> !otherPhase.isDisplayed());
        browser.fitHeight(1280);
        browser.screenshot("organizer-robustness");
    }

    private void awaitDone(Arena board, long id) throws Exception {
        for (int poll = 0; poll < 600; poll++) { // bounded in count: each read is a request
            JsonNode view = Api.json(mvc.perform(get(board.adminPhase() + "/robustness/" + id)
                    .header("Authorization", Api.bearer(ORGANIZER_TOKEN))));
            String state = view.at("/analysis/status").asString();
            if (state.equals("DONE")) {
                return;
            }
            assertThat(state).isNotEqualTo("FAILED");
            Thread.sleep(50);
        }
        throw new AssertionError("analysis " + id + " did not finish within 600 reads");
    }
}
