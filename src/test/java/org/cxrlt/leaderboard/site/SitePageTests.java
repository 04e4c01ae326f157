package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The pages as HTML, without a browser: what a reader without JavaScript (or a search engine) gets. */
class SitePageTests extends ServiceTests {

    @Test
    void theHomePageListsEachChallengeWithItsPhasesAndTheirState() throws Exception {
        Arena arena = Arena.create(mvc, "");
        String html = page("/");
        assertThat(html).contains("A test arena", "href=\"/challenges/" + arena.slug + "\"",
                "href=\"/challenges/" + arena.slug + "/tasks/t/phases/p\"", "class=\"state open\"",
                "2024-01-01 00:00 UTC");
    }

    @Test
    void theChallengePageShowsTasksLabelsDatesAndRules() throws Exception {
        Arena arena = Arena.create(mvc, "\"maxPerDay\":3,\"selection\":\"CHOSEN\"");
        String html = page("/challenges/" + arena.slug);
        assertThat(html).contains("Atelectasis", "3 per UTC day", "CHOSEN", "How to take part", "never");
    }

    @Test
    void theLeaderboardPageIsATableWithSortLinksWithoutJavaScript() throws Exception {
        Arena arena = Arena.create(mvc, "");
        String html = page("/challenges/" + arena.slug + "/tasks/t/phases/p");
        assertThat(html).contains("No scored submission yet", "Download CSV",
                arena.phase() + "/leaderboard?format=csv");
        // sorting is a link per column, so that it works without JavaScript too
        Api api = api();
        Api.Participant p = api.approved(arena, "Sorted");
        long id = Api.json(arena.submit(p.token(), Api.predictions(AnswerKeysForTests.TASK2, 0.7, 5))).get("id").asLong();
        api.awaitScoring(p.token(), id);
        String sorted = page("/challenges/" + arena.slug + "/tasks/t/phases/p?sort=mECE&dir=desc");
        assertThat(sorted).contains("href=\"/challenges/" + arena.slug + "/tasks/t/phases/p?sort=mECE&amp;dir=asc\"",
                "href=\"/challenges/" + arena.slug + "/tasks/t/phases/p?sort=mAP&amp;dir=desc\"",
                "aria-sort=\"descending\"", p.team());
    }

    @Test
    void aSyntheticAnswerKeyShowsTheDemoWarning() throws Exception {
        Arena arena = Arena.create(mvc, "");
        String path = "/challenges/" + arena.slug + "/tasks/t/phases/p";
        assertThat(page(path)).doesNotContain("Synthetic demo.");
        jdbc.update("""
                update answer_key set synthetic = true where id = (select ph.active_answer_key_id from phase ph
                join task t on t.id = ph.task_id join challenge c on c.id = t.challenge_id where c.slug = ?)
                """, arena.slug);
        assertThat(page(path)).contains("Synthetic demo.");
        assertThat(page("/challenges/" + arena.slug)).contains("Synthetic demo.");
        assertThat(page("/")).contains("synthetic demo");
    }

    @Test
    void anOrganizersOnlyLeaderboardIsRefusedOnThePageToo() throws Exception {
        Arena arena = Arena.create(mvc, "\"visibility\":\"ORGANIZERS_ONLY\"");
        String html = mvc.perform(get("/challenges/" + arena.slug + "/tasks/t/phases/p"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("shown to organizers only").doesNotContain("id=\"leaderboard\"");
    }

    @Test
    void unknownChallengesTasksAndPhasesAreNotFoundPages() throws Exception {
        Arena arena = Arena.create(mvc, "");
        for (String path : new String[] {"/challenges/no-such-challenge", "/challenges/" + arena.slug + "/tasks/x/phases/p",
                "/challenges/" + arena.slug + "/tasks/t/phases/x"}) {
            String html = mvc.perform(get(path)).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andReturn().getResponse().getContentAsString();
            assertThat(html).as(path).contains("Not found");
        }
    }

    @Test
    void theParticipantAndOrganizerPagesAskForTheTokenInAForm() throws Exception {
        for (String path : new String[] {"/participant", "/organizer"}) {
            String html = page(path);
            assertThat(html).as(path).contains("<label for=\"token\"", "type=\"password\"", "browser tab only");
        }
    }

    @Test
    void theOriginsOfEitherPropertyNameReadChallengesLeaderboardsAndSnapshots() throws Exception {
        Arena arena = Arena.create(mvc, "");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                        arena.adminPhase() + "/freeze").header("Authorization", Api.bearer(ORGANIZER_TOKEN)))
                .andExpect(status().isCreated());
        for (String path : new String[] {"/api/v1/challenges", "/api/v1/challenges/" + arena.slug,
                arena.phase() + "/leaderboard", arena.phase() + "/leaderboard?snapshot=final"}) {
            // cxrlt.security.cors-allowed-origins and cxrlt.web.allowed-origins (ServiceTests sets both)
            for (String origin : new String[] {"https://challenge.example.org", "http://cors-page.test"}) {
                mvc.perform(get(path).header("Origin", origin)).andExpect(status().isOk())
                        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                                .string("Access-Control-Allow-Origin", origin));
            }
            mvc.perform(get(path).header("Origin", "http://other-page.test")).andExpect(status().isForbidden());
        }
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
    }
}
