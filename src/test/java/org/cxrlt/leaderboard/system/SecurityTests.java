package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cxrlt.leaderboard.support.Api.bearer;
import static org.cxrlt.leaderboard.support.Api.json;
import static org.cxrlt.leaderboard.support.ClientAddresses.from;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
import java.util.UUID;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ClientAddresses;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/** Issue 8: limits per client address, names people read, bodies and values the service refuses, CORS. */
class SecurityTests extends ServiceTests {

    private static final String ADMIN = bearer(ORGANIZER_TOKEN);

    @Autowired
    private Environment environment;

    private ResultActions register(String name, String team, String affiliation) throws Exception {
        return register(name, team, affiliation, ClientAddresses.fresh());
    }

    private ResultActions register(String name, String team, String affiliation, String address) throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":" + quote(name) + ",\"email\":\"sec-" + unique + "@example.org\",\"team\":"
                + quote(team) + ",\"affiliation\":" + quote(affiliation) + "}";
        return mvc.perform(post("/api/v1/registrations").with(from(address)).contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    /** A JSON string literal; control characters as \\u escapes. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Test
    void failedAuthenticationsAreThrottledPerAddress() throws Exception {
        String address = ClientAddresses.fresh();
        for (int i = 0; i < 10; i++) {
            mvc.perform(get("/api/v1/me").with(from(address)).header("Authorization", bearer("wrong-" + i)))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/v1/me").with(from(address)).header("Authorization", bearer("wrong-again")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("Too many requests with an unknown bearer token")));
        int retryAfter = Integer.parseInt(mvc.perform(get("/api/v1/admin/audit").with(from(address))
                        .header("Authorization", ADMIN))
                .andExpect(status().isTooManyRequests()).andReturn().getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).as("within the window of a minute").isBetween(1, 60);
        // Public reads without a token, and other addresses, go on.
        mvc.perform(get("/api/v1/challenges").with(from(address))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/admin/audit").header("Authorization", ADMIN)).andExpect(status().isOk());
    }

    @Test
    void registrationsAreLimitedPerAddress() throws Exception {
        String address = ClientAddresses.fresh();
        for (int i = 0; i < 20; i++) {
            register("Many " + i, "Many teams " + UUID.randomUUID(), "Tests", address)
                    .andExpect(status().isCreated());
        }
        String retryAfter = register("One more", "Many teams " + UUID.randomUUID(), "Tests", address)
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.detail").value(
                        "Too many registrations from your address: at most 20 in an hour. Try again later."))
                .andReturn().getResponse().getHeader("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 3600);
        register("Elsewhere", "Many teams " + UUID.randomUUID(), "Tests").andExpect(status().isCreated());
    }

    @Test
    void namesAreNormalizedAndLookAlikesJoinTheTeamTheyImitate() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String team = "Team Ada " + unique;
        register("Ada", team, "Tests").andExpect(status().isCreated())
                .andExpect(jsonPath("$.requestedTeam").doesNotExist());
        for (String lookAlike : new String[] {
                "Team Ada\u200B " + unique,                // a zero-width space
                "\u0422\u0435am Ada " + unique,            // Cyrillic Te and ie
                "\uFF34eam Ada " + unique,                 // a fullwidth T
                "  team   ADA " + unique + "\u202E "}) {   // case, spaces and a right-to-left override
            JsonNode joined = json(register("Look-alike", lookAlike, "Tests").andExpect(status().isCreated()));
            assertThat(joined.get("requestedTeam").asString()).as(lookAlike).isEqualTo(team);
        }
        JsonNode stored = json(register("B\u200Bob\u00A0 \u00A0Smith", "Fresh\uFF34eam " + unique, "Lab\u202E X")
                .andExpect(status().isCreated()));
        JsonNode me = json(mvc.perform(get("/api/v1/me").header("Authorization", bearer(stored.get("token").asString()))));
        assertThat(me.get("name").asString()).isEqualTo("Bob Smith");
        assertThat(me.get("team").asString()).isEqualTo("FreshTeam " + unique);
        assertThat(me.get("affiliation").asString()).isEqualTo("Lab X");
    }

    @Test
    void namesWithControlCharactersOrNothingVisibleAreRefusedNamingTheField() throws Exception {
        register("Ada", "\u200B\u200C\u2060", "Tests").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("team must contain at least one visible character."));
        register("Ada", "Bell\u0007 team", "Tests").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("team must not contain control characters (it contains U+0007)."));
        register("Ada", "Escape\u001B[31m team", "Tests").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("team must not contain control characters (it contains U+001B)."));
        register("Ada", "Two\nlines", "Tests").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("team must not contain control characters (it contains U+000A)."));
        register("Ada\u0007", "Fine team " + UUID.randomUUID(), "Tests").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("name must not contain control characters (it contains U+0007)."));
        register("Ada", "Fine team " + UUID.randomUUID(), "a\u0000b").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("affiliation must not contain the NUL character (\\u0000)."));
        register("Ada", "Nul\u0000team", "Tests").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("team must not contain the NUL character (\\u0000)."));
    }

    @Test
    void descriptionsAndFileNamesAreStoredSafe() throws Exception {
        Arena arena = Arena.create(mvc, "");
        Participant team = api().approved(arena, "Safe names");
        byte[] file = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 81);
        JsonNode accepted = json(mvc.perform(multipart(arena.phase() + "/submissions")
                        .file(new MockMultipartFile("file", "..\\..\\etc/pa\"ss wd\u202E.csv", "text/csv", file))
                        .param("description", "first\u200B try\r\nsecond  line\u202E")
                        .header("Authorization", bearer(team.token())))
                .andExpect(status().isAccepted()));
        assertThat(accepted.get("fileName").asString()).isEqualTo("pa_ss_wd_.csv");
        assertThat(accepted.get("description").asString()).isEqualTo("first try\nsecond line");
        long id = accepted.get("id").asLong();
        mvc.perform(get("/api/v1/admin/submissions/" + id + "/file").header("Authorization", ADMIN))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"pa_ss_wd_.csv\""));
        mvc.perform(multipart(arena.phase() + "/submissions").file(new MockMultipartFile("file", "x.csv", "text/csv", file))
                        .param("description", "bell\u0007").header("Authorization", bearer(team.token())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("description must not contain control characters (it contains U+0007)."));
        mvc.perform(get(arena.phase() + "/leaderboard?format=csv"))
                .andExpect(header().string("Content-Disposition",
                        "inline; filename=\"" + arena.slug + "-t-p-leaderboard.csv\""));
    }

    @Test
    void jsonBodiesOverTheLimitAre413BeforeParsing() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(20_000) + "\"}";
        mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "The request body is larger than the limit of 16 KB for a request that is not a file upload."));
        mvc.perform(post("/api/v1/admin/submissions/1/disqualify").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isContentTooLarge());
        assertThat(environment.getProperty("server.tomcat.max-swallow-size")).as("bound to the upload limit")
                .isEqualTo("2MB");
    }

    @Test
    void nulCharactersAndOutOfRangeDatesAre400NamingTheField() throws Exception {
        Arena arena = Arena.create(mvc, "");
        mvc.perform(get(arena.phase() + "/leaderboard").with(request -> {
                    request.setQueryString("snapshot=%00");
                    request.addParameter("snapshot", "\u0000");
                    return request;
                }))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(
                        "The query parameter 'snapshot' contains a NUL character (%00), which no value may contain."));
        arena.patchPhase("{\"opensAt\":\"+999999999-01-01T00:00:00Z\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("opensAt must be an instant between the years 1 and 9999."));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/admin/challenges/far-" + UUID.randomUUID().toString().substring(0, 8))
                        .header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content(Arena.definition("").replaceFirst("\"opensAt\":\"[^\"]+\"",
                                "\"opensAt\":\"+999999999-01-01T00:00:00Z\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("opensAt must be an instant between the years 1 and 9999")));
        mvc.perform(post("/api/v1/admin/submissions/1/disqualify").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"a\\u0000b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("reason must not contain the NUL character (\\u0000)."));
    }

    @Test
    void messagesAreEnglishWhateverTheLocales() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            for (String language : new String[] {"de-DE", "ja-JP", "fr"}) {
                mvc.perform(post("/api/v1/registrations").header("Accept-Language", language)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"\",\"email\":\"x@example.org\",\"team\":\"T\"}"))
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.detail").value("The request is not valid: name must not be blank."))
                        .andExpect(jsonPath("$.title").value("Bad Request"));
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void publicReadsMayBeReadByTheAllowedOriginsPreflightWithoutAToken() throws Exception {
        Arena arena = Arena.create(mvc, "");
        String leaderboard = arena.phase() + "/leaderboard";
        mvc.perform(options(leaderboard).header("Origin", "https://challenge.example.org")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "If-None-Match"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://challenge.example.org"))
                .andExpect(header().string("Access-Control-Allow-Methods", containsString("GET")));
        mvc.perform(get(leaderboard).header("Origin", "https://challenge.example.org"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://challenge.example.org"))
                .andExpect(header().string("Access-Control-Expose-Headers", containsString("ETag")));
        mvc.perform(get(leaderboard).header("Origin", "https://elsewhere.example.com"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        // Not a public read: no CORS for it, and a token is needed as ever.
        mvc.perform(options("/api/v1/me").header("Origin", "https://challenge.example.org")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }
}
