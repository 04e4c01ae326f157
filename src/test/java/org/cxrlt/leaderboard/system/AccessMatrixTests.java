package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.HeldInQueue;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what: every endpoint of the application, read from its own request mappings,
 * called by each kind of caller, and the status each gets. A new endpoint without a row here
 * fails {@link #everyEndpointHasARow()}; a row whose endpoint is gone fails it too.
 *
 * <p>The resources called belong to "the team": its member gets what a legitimate caller gets;
 * a member of another team must not see or change them. Requests are valid apart from who
 * sends them, so that a status says only whether the caller was let in.
 */
class AccessMatrixTests extends ServiceTests {

    private static final String PHASE = "/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}";
    private static final String ADMIN_PHASE = "/api/v1/admin/challenges/{challenge}/tasks/{task}/phases/{phase}";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private DataSource dataSource;

    /**
     * The callers, in the order of the expected statuses of a row: ORGANIZER is an organizer
     * account assigned to the team's challenge, OTHER_ORGANIZER one assigned to another
     * challenge only, ADMIN the platform administrator (the configured token).
     */
    enum Caller { ANONYMOUS, PENDING, OTHER_TEAM, MEMBER, ORGANIZER, OTHER_ORGANIZER, ADMIN }

    /**
     * One endpoint: its method and pattern as mapped, the request to send (built fresh for
     * each caller from the fixture), and the status expected for each caller in
     * {@link Caller} order.
     */
    record Row(String method, String pattern, Function<Fixture, AbstractMockHttpServletRequestBuilder<?>> request,
               int... expected) {
        String endpoint() {
            return method + " " + pattern;
        }
    }

    private static final String ADMIN = "/api/v1/admin";

    // In the order they are called: rows that change what later rows rely on come last
    // (re-scoring, answer keys, the callers' own tokens).
    private static final List<Row> ROWS = List.of(
            // public
            new Row("POST", "/api/v1/registrations",
                    f -> post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                            .content(registrationBody("Matrix " + unique())),
                    201, 201, 201, 201, 201, 201, 201),
            new Row("POST", "/api/v1/accounts",
                    f -> post("/api/v1/accounts").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"Matrix\",\"email\":\"account-" + unique() + "@example.org\"}"),
                    201, 201, 201, 201, 201, 201, 201),
            new Row("GET", "/api/v1/challenges/{challenge}/registration",
                    f -> get("/api/v1/challenges/" + f.arena.slug + "/registration"),
                    200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/api/v1/challenges", f -> get("/api/v1/challenges"),
                    200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/api/v1/challenges/{challenge}", f -> get("/api/v1/challenges/" + f.arena.slug),
                    200, 200, 200, 200, 200, 200, 200),
            new Row("GET", PHASE + "/leaderboard", f -> get(f.arena.phase() + "/leaderboard"),
                    200, 200, 200, 200, 200, 200, 200),
            new Row("GET", PHASE + "/leaderboard", f -> get(f.arena.phase() + "/leaderboard?snapshot=final"),
                    200, 200, 200, 200, 200, 200, 200),
            // the website's pages: the same for everyone (the participant and organizer pages call the API)
            new Row("GET", "/", f -> get("/"), 200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/challenges/{challenge}", f -> get("/challenges/" + f.arena.slug),
                    200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/challenges/{challenge}/tasks/{task}/phases/{phase}",
                    f -> get("/challenges/" + f.arena.slug + "/tasks/t/phases/p"), 200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/participant", f -> get("/participant"), 200, 200, 200, 200, 200, 200, 200),
            new Row("GET", "/organizer", f -> get("/organizer"), 200, 200, 200, 200, 200, 200, 200),

            // a participant's own
            new Row("GET", "/api/v1/me", f -> get("/api/v1/me"),
                    401, 200, 200, 200, 404, 404, 404),
            new Row("GET", "/api/v1/teams/mine", f -> get("/api/v1/teams/mine?challenge=" + f.arena.slug),
                    401, 200, 200, 200, 404, 404, 404),
            // enrolling in another challenge (cxr-lt-2024, where the callers are not enrolled yet)
            new Row("POST", "/api/v1/challenges/{challenge}/enrolments",
                    f -> post("/api/v1/challenges/cxr-lt-2024/enrolments").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"team\":\"Matrix enrolled " + unique() + "\"}"),
                    401, 201, 201, 201, 403, 403, 403),
            // the data, and the template, for the challenge's approved members only
            new Row("GET", "/api/v1/challenges/{challenge}/data-access",
                    f -> get("/api/v1/challenges/" + f.arena.slug + "/data-access"),
                    401, 403, 200, 200, 200, 403, 200),
            new Row("GET", PHASE + "/template.csv", f -> get(f.arena.phase() + "/template.csv"),
                    401, 403, 200, 200, 200, 403, 200),
            // the pending participant owns its team, without an owner's powers until approved
            new Row("GET", "/api/v1/teams/mine/requests", f -> get("/api/v1/teams/mine/requests?challenge=" + f.arena.slug),
                    401, 403, 200, 200, 404, 404, 404),
            // a request to another team is, to the caller, no request at all
            new Row("POST", "/api/v1/teams/mine/requests/{participantId}/accept",
                    f -> post("/api/v1/teams/mine/requests/" + f.newJoinRequest() + "/accept?challenge=" + f.arena.slug),
                    401, 403, 404, 200, 404, 404, 404),
            new Row("POST", "/api/v1/teams/mine/requests/{participantId}/decline",
                    f -> post("/api/v1/teams/mine/requests/" + f.newJoinRequest() + "/decline?challenge=" + f.arena.slug),
                    401, 403, 404, 200, 404, 404, 404),
            new Row("POST", PHASE + "/submissions", f -> f.file(f.arena.phase() + "/submissions"),
                    401, 403, 202, 202, 403, 403, 403),
            new Row("POST", PHASE + "/validate", f -> f.file(f.arena.phase() + "/validate"),
                    401, 403, 200, 200, 403, 403, 403),
            // a pending participant may see its own team's quota, as it may its list
            new Row("GET", PHASE + "/quota", f -> get(f.arena.phase() + "/quota"),
                    401, 200, 200, 200, 403, 403, 403),
            // a pending participant may read its own team's list (empty until it may submit)
            new Row("GET", PHASE + "/submissions", f -> get(f.arena.phase() + "/submissions"),
                    401, 200, 200, 200, 403, 403, 403),
            new Row("GET", "/api/v1/submissions/{id}", f -> get("/api/v1/submissions/" + f.scored),
                    401, 404, 404, 200, 200, 404, 200),
            // choosing and cancelling are a team's acts: the organizer token has no team (403)
            new Row("PUT", "/api/v1/submissions/{id}/selected", f -> put("/api/v1/submissions/" + f.scored + "/selected"),
                    401, 404, 404, 200, 403, 403, 403),
            new Row("POST", "/api/v1/submissions/{id}/cancel", f -> post("/api/v1/submissions/" + f.held() + "/cancel"),
                    401, 404, 404, 200, 403, 403, 403),

            // the organizers'
            new Row("GET", ADMIN + "/registrations", f -> get(ADMIN + "/registrations?status=PENDING"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/registrations/{participantId}/approve",
                    f -> post(ADMIN + "/registrations/" + f.newPending() + "/approve"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/registrations/{participantId}/reject",
                    f -> post(ADMIN + "/registrations/" + f.newPending() + "/reject")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"not eligible\"}"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("GET", ADMIN + "/challenges/{challenge}/enrolments",
                    f -> get(ADMIN + "/challenges/" + f.arena.slug + "/enrolments?status=PENDING"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/challenges/{challenge}/enrolments/{participantId}/approve",
                    f -> post(ADMIN + "/challenges/" + f.arena.slug + "/enrolments/" + f.newPendingInArena() + "/approve"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/challenges/{challenge}/enrolments/{participantId}/reject",
                    f -> post(ADMIN + "/challenges/" + f.arena.slug + "/enrolments/" + f.newPendingInArena() + "/reject")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"no DUA\"}"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN + "/challenges/{challenge}/enrolments/{participantId}/evidence/{kind}",
                    f -> get(ADMIN + "/challenges/" + f.arena.slug + "/enrolments/" + f.withEvidence
                            + "/evidence/duaProof"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("PUT", ADMIN + "/challenges/{challenge}/registration",
                    f -> put(ADMIN + "/challenges/" + f.arena.slug + "/registration")
                            .contentType(MediaType.APPLICATION_JSON).content("""
                                    {"physionetUsername":false,"credentialCertificate":false,"duaProof":false,
                                     "physionetEmailMatch":false}"""),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("PUT", ADMIN + "/challenges/{challenge}/data-access",
                    f -> put(ADMIN + "/challenges/" + f.arena.slug + "/data-access")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"See https://example.org/data\"}"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN + "/join-requests", f -> get(ADMIN + "/join-requests?challenge=" + f.arena.slug),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/participants/{participantId}/join-request/accept",
                    f -> post(ADMIN + "/participants/" + f.newJoinRequest() + "/join-request/accept?challenge=" + f.arena.slug),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/participants/{participantId}/join-request/decline",
                    f -> post(ADMIN + "/participants/" + f.newJoinRequest() + "/join-request/decline?challenge=" + f.arena.slug),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/participants/{participantId}/team",
                    f -> post(ADMIN + "/participants/" + f.newApproved() + "/team").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"team\":\"" + f.otherTeam.team() + "\"}"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("DELETE", ADMIN + "/participants/{participantId}/team",
                    f -> delete(ADMIN + "/participants/" + f.newApproved() + "/team"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/participants/{participantId}/token/revoke",
                    f -> post(ADMIN + "/participants/" + f.newApproved() + "/token/revoke"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/participants/{participantId}/token",
                    f -> post(ADMIN + "/participants/" + f.newApproved() + "/token"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("PUT", ADMIN + "/challenges/{challenge}",
                    f -> put(ADMIN + "/challenges/matrix-" + unique()).contentType(MediaType.APPLICATION_JSON)
                            .content(Arena.definition("")),
                    401, 403, 403, 403, 403, 403, 201),
            new Row("PATCH", ADMIN_PHASE, f -> patch(f.arena.adminPhase()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"paused\":false}"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN_PHASE + "/submissions", f -> get(f.arena.adminPhase() + "/submissions"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN_PHASE + "/submissions.csv", f -> get(f.arena.adminPhase() + "/submissions.csv"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN + "/submissions/{id}/file", f -> get(ADMIN + "/submissions/" + f.scored + "/file"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/submissions/{id}/disqualify",
                    f -> post(ADMIN + "/submissions/" + f.qualifiedSpare() + "/disqualify").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"reason\":\"two accounts\"}"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/submissions/{id}/requalify", f -> post(ADMIN + "/submissions/" + f.disqualifiedSpare() + "/requalify"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN_PHASE + "/baselines", f -> f.file(f.arena.adminPhase() + "/baselines").param("name", "Baseline"),
                    401, 403, 403, 403, 202, 403, 202),
            new Row("POST", ADMIN_PHASE + "/freeze", f -> post(f.arena.adminPhase() + "/freeze")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + unique() + "\"}"),
                    401, 403, 403, 403, 201, 403, 201),
            // robustness: the automatic analysis of the fixture's final snapshot (the team's entry only), awaited once
            new Row("GET", ADMIN_PHASE + "/robustness", f -> get(f.arena.adminPhase() + "/robustness"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN_PHASE + "/robustness/{id}",
                    f -> get(f.arena.adminPhase() + "/robustness/" + f.analysis()),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("GET", ADMIN_PHASE + "/robustness/{id}/{picture}.svg",
                    f -> get(f.arena.adminPhase() + "/robustness/" + f.analysis() + "/forest.svg"),
                    401, 403, 403, 403, 200, 403, 200),
            // a team's own interval: the organizer token has no team (403), others have no entry (404)
            new Row("GET", PHASE + "/robustness/mine", f -> {
                f.analysis();
                return get(f.arena.phase() + "/robustness/mine");
            }, 401, 404, 404, 200, 403, 403, 403),
            // after the rows above: its analysis would have the other team's entry, which the other team may see
            new Row("POST", ADMIN_PHASE + "/robustness", f -> post(f.arena.adminPhase() + "/robustness")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"replicates\":10}"),
                    401, 403, 403, 403, 202, 403, 202),
            new Row("GET", ADMIN + "/audit", f -> get(ADMIN + "/audit"),
                    401, 403, 403, 403, 200, 200, 200),
            new Row("GET", ADMIN_PHASE + "/answer-keys", f -> get(f.arena.adminPhase() + "/answer-keys"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN + "/submissions/{id}/rescore", f -> post(ADMIN + "/submissions/" + f.rescorable() + "/rescore"),
                    401, 403, 403, 403, 202, 403, 202),
            new Row("PUT", ADMIN_PHASE + "/answer-key",
                    f -> multipart(HttpMethod.PUT, f.arena.adminPhase() + "/answer-key")
                            .file(new MockMultipartFile("file", "truth.csv", "text/csv", f.answerKey)),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN_PHASE + "/answer-keys/{version}/activate",
                    f -> post(f.arena.adminPhase() + "/answer-keys/" + f.inactiveVersion() + "/activate"),
                    401, 403, 403, 403, 200, 403, 200),
            new Row("POST", ADMIN_PHASE + "/rescore", f -> post(f.arena.adminPhase() + "/rescore"),
                    401, 403, 403, 403, 202, 403, 202),
            // the platform administrator's: organizer accounts
            new Row("POST", ADMIN + "/organizers", f -> post(ADMIN + "/organizers").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"Matrix organizer\",\"email\":\"o-" + unique() + "@example.org\"}"),
                    401, 403, 403, 403, 403, 403, 201),
            new Row("GET", ADMIN + "/organizers", f -> get(ADMIN + "/organizers"),
                    401, 403, 403, 403, 403, 403, 200),
            // the challenge's own organizer may not assign organizers to it either
            new Row("PUT", ADMIN + "/organizers/{organizerId}/challenges/{challenge}",
                    f -> put(ADMIN + "/organizers/" + f.newOrganizer() + "/challenges/" + f.arena.slug),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("DELETE", ADMIN + "/organizers/{organizerId}/challenges/{challenge}",
                    f -> delete(ADMIN + "/organizers/" + f.otherOrganizerOfArena() + "/challenges/" + f.arena.slug),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/organizers/{organizerId}/token/revoke",
                    f -> post(ADMIN + "/organizers/" + f.newOrganizer() + "/token/revoke"),
                    401, 403, 403, 403, 403, 403, 200),
            new Row("POST", ADMIN + "/organizers/{organizerId}/token",
                    f -> post(ADMIN + "/organizers/" + f.newOrganizer() + "/token"),
                    401, 403, 403, 403, 403, 403, 200),
            // last: it changes the callers' own tokens; the administrator's comes from the configuration
            new Row("POST", "/api/v1/me/token", f -> post("/api/v1/me/token"),
                    401, 200, 200, 200, 200, 200, 403));

    @Test
    void everyEndpointHasARow() {
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            if (!isOurs(entry.getValue())) {
                continue;
            }
            for (String pattern : entry.getKey().getPatternValues()) {
                for (var method : entry.getKey().getMethodsCondition().getMethods()) {
                    mapped.add(method.name() + " " + pattern);
                }
            }
        }
        Set<String> covered = new TreeSet<>(ROWS.stream().map(Row::endpoint).toList());

        Set<String> withoutRow = new TreeSet<>(mapped);
        withoutRow.removeAll(covered);
        Set<String> withoutEndpoint = new TreeSet<>(covered);
        withoutEndpoint.removeAll(mapped);

        assertThat(withoutRow).as("endpoints without a row in the access matrix").isEmpty();
        assertThat(withoutEndpoint).as("rows whose endpoint no longer exists").isEmpty();
    }

    @Test
    void eachCallerGetsTheExpectedStatus() throws Exception {
        try (Fixture fixture = new Fixture(api())) {
            check(fixture);
        }
    }

    private void check(Fixture fixture) throws Exception {
        Map<Caller, String> tokens = new LinkedHashMap<>();
        tokens.put(Caller.ANONYMOUS, null);
        tokens.put(Caller.PENDING, fixture.pending.token());
        tokens.put(Caller.OTHER_TEAM, fixture.otherTeam.token());
        tokens.put(Caller.MEMBER, fixture.member.token());
        tokens.put(Caller.ORGANIZER, fixture.organizer.token());
        tokens.put(Caller.OTHER_ORGANIZER, fixture.otherOrganizer.token());
        tokens.put(Caller.ADMIN, ORGANIZER_TOKEN);

        List<String> wrong = new ArrayList<>();
        for (Row row : ROWS) {
            assertThat(row.expected()).as(row.endpoint() + ": one status per caller").hasSize(Caller.values().length);
            for (Caller caller : Caller.values()) {
                AbstractMockHttpServletRequestBuilder<?> request = row.request().apply(fixture);
                String token = tokens.get(caller);
                if (token != null) {
                    request.header("Authorization", Api.bearer(token));
                }
                int status = mvc.perform(request).andReturn().getResponse().getStatus();
                int expected = row.expected()[caller.ordinal()];
                if (status != expected) {
                    wrong.add(row.endpoint() + " as " + caller + ": " + status + ", expected " + expected);
                }
            }
        }
        assertThat(wrong).as("callers answered otherwise than the matrix says").isEmpty();
    }

    /**
     * The owner-status rows: what a team's owner may do on its join requests as its own
     * registration goes from pending to approved to rejected, and who decides meanwhile. Each
     * row: the owner's status, then the statuses of listing, accepting and declining requests.
     */
    @Test
    void ownerPowersFollowTheOwnersRegistration() throws Exception {
        Api api = api();
        Participant owner = api.register("Owned");
        long asking = joinRequest(owner.team());
        record OwnerRow(String ownerStatus, int list, int accept, int decline) {
        }
        List<String> wrong = new ArrayList<>();
        java.util.function.Consumer<OwnerRow> check = row -> {
            try {
                int list = mvc.perform(get("/api/v1/teams/mine/requests").header("Authorization", Api.bearer(owner.token())))
                        .andReturn().getResponse().getStatus();
                int accept = mvc.perform(post("/api/v1/teams/mine/requests/" + joinRequest(owner.team()) + "/accept")
                        .header("Authorization", Api.bearer(owner.token()))).andReturn().getResponse().getStatus();
                int decline = mvc.perform(post("/api/v1/teams/mine/requests/" + joinRequest(owner.team()) + "/decline")
                        .header("Authorization", Api.bearer(owner.token()))).andReturn().getResponse().getStatus();
                if (list != row.list() || accept != row.accept() || decline != row.decline()) {
                    wrong.add(row + " but got " + list + ", " + accept + ", " + decline);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        check.accept(new OwnerRow("PENDING", 403, 403, 403));
        mvc.perform(get("/api/v1/teams/mine/requests").header("Authorization", Api.bearer(owner.token())))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.detail").value(
                        "Your registration is still pending: until an organizer approves it, organizers decide on the "
                                + "requests to join team '" + owner.team() + "'."));
        // meanwhile organizers decide
        mvc.perform(post(ADMIN + "/participants/" + asking + "/join-request/accept")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());

        mvc.perform(post(ADMIN + "/registrations/" + owner.id() + "/approve")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        check.accept(new OwnerRow("APPROVED", 200, 200, 200));

        // the member the organizers let in is approved; rejecting the owner hands the team to it
        mvc.perform(post(ADMIN + "/registrations/" + asking + "/approve")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        mvc.perform(post(ADMIN + "/registrations/" + owner.id() + "/reject")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        check.accept(new OwnerRow("REJECTED", 403, 403, 403));
        long newOwner = Api.json(mvc.perform(get("/api/v1/teams/mine").header("Authorization", Api.bearer(owner.token()))))
                .get("ownerId").asLong();
        assertThat(newOwner).as("the approved member owns the team now").isEqualTo(asking);
        assertThat(wrong).as("owner powers otherwise than the rows say").isEmpty();

        // A rejected owner with no approved member: nobody owns the team, organizers decide.
        Participant alone = api.register("Alone");
        long pendingMember = joinRequest(alone.team());
        mvc.perform(post(ADMIN + "/participants/" + pendingMember + "/join-request/accept")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        mvc.perform(post(ADMIN + "/registrations/" + alone.id() + "/reject")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
        var ownerId = Api.json(mvc.perform(get("/api/v1/teams/mine").header("Authorization", Api.bearer(alone.token()))))
                .path("ownerId");
        assertThat(ownerId.isNull() || ownerId.isMissingNode()).as("left to organizers").isTrue();
        mvc.perform(post(ADMIN + "/participants/" + joinRequest(alone.team()) + "/join-request/decline")
                .header("Authorization", Api.bearer(ORGANIZER_TOKEN))).andExpect(status().isOk());
    }

    private long joinRequest(String team) throws Exception {
        return Api.json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                        .content(registrationBody(team)))
                .andExpect(status().isCreated())).get("participantId").asLong();
    }

    /** Controllers of this application: not the error page, not a library's (OpenAPI's). */
    private static boolean isOurs(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        return type.getName().startsWith("org.cxrlt.leaderboard.")
                && !type.getSimpleName().equals("ProblemErrorController");
    }

    private static String registrationBody(String team) {
        return registrationBody(team, "cxr-lt-2024");
    }

    private static String registrationBody(String team, String challenge) {
        String unique = unique();
        return """
                {"name":"Matrix %s","email":"matrix-%s@example.org","team":"%s","affiliation":"Tests",
                 "challenge":"%s"}
                """.formatted(unique, unique, team, challenge);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The callers and the resources of "the team", made once for the whole matrix: an arena
     * challenge of its own (its phase selects CHOSEN submissions), two scored submissions of
     * the team, and a snapshot named {@code final}.
     */
    final class Fixture implements AutoCloseable {
        final Api api;
        final Arena arena;
        final Participant pending;
        final Participant otherTeam;
        final Participant member;
        final Api.Organizer organizer;
        final Api.Organizer otherOrganizer;
        final long scored;
        final long spare;
        /** A participant whose enrolment in the arena carries a proof of the signed DUA. */
        final long withEvidence;
        final byte[] predictions;
        final byte[] answerKey;
        private final List<HeldInQueue> held = new ArrayList<>();

        Fixture(Api api) throws Exception {
            this.api = api;
            arena = Arena.create(mvc, "\"selection\":\"CHOSEN\"");
            pending = api.register(arena, "Matrix pending");
            otherTeam = api.approved(arena, "Matrix other");
            member = api.approved(arena, "Matrix team");
            mvc.perform(put(ADMIN + "/challenges/" + arena.slug + "/data-access")
                    .header("Authorization", Api.bearer(ORGANIZER_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"https://example.org/data\"}"))
                    .andExpect(status().isOk());
            organizer = api.organizer("Matrix organizer", arena.slug);
            otherOrganizer = api.organizer("Matrix other organizer", Arena.create(mvc, "").slug);
            Participant evidence = api.register("Matrix evidence");
            mvc.perform(multipart("/api/v1/challenges/" + arena.slug + "/enrolments")
                    .file(new MockMultipartFile("duaProof", "dua.pdf", "application/pdf",
                            "%PDF-1.4 matrix".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .param("team", "Matrix evidence " + unique())
                    .header("Authorization", Api.bearer(evidence.token())))
                    .andExpect(status().isCreated());
            withEvidence = evidence.id();
            predictions = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 5);
            answerKey = Api.answerKey(AnswerKeysForTests.TASK2);
            scored = scoredSubmission();
            spare = scoredSubmission();
            mvc.perform(post(arena.adminPhase() + "/freeze").header("Authorization", Api.bearer(ORGANIZER_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"final\"}"))
                    .andExpect(status().isCreated());
        }

        private long scoredSubmission() throws Exception {
            String location = arena.submit(member.token(), predictions).andExpect(status().isAccepted())
                    .andReturn().getResponse().getHeader("Location");
            long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            assertThat(api.awaitScoring(member.token(), id).get("status").asString()).isEqualTo("SCORED");
            return id;
        }

        AbstractMockHttpServletRequestBuilder<?> file(String path) {
            return multipart(path).file(new MockMultipartFile("file", "predictions.csv", "text/csv", predictions));
        }

        long newPending() {
            try {
                return api.register("Matrix applicant").id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long newOrganizer() {
            try {
                return api.organizer("Matrix spare organizer").id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The spare submission once scored again (each caller that may rescores it anew). */
        long rescorable() {
            try {
                assertThat(api.awaitScoring(member.token(), spare).get("status").asString()).isEqualTo("SCORED");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return spare;
        }

        /** The spare submission, not disqualified (each caller that may disqualifies it anew). */
        long qualifiedSpare() {
            jdbc.update("update submission set disqualified_at = null, disqualification_reason = null where id = ?", spare);
            return spare;
        }

        /** The spare submission, disqualified (each caller that may requalifies it anew). */
        long disqualifiedSpare() {
            jdbc.update("update submission set disqualified_at = now(), disqualification_reason = 'matrix' where id = ?",
                    spare);
            return spare;
        }

        /** A version of the phase's answer key that is not the active one. */
        int inactiveVersion() {
            return jdbc.queryForObject("select min(k.version) from answer_key k join phase p on p.id = k.phase_id "
                    + "join task t on t.id = p.task_id join challenge c on c.id = t.challenge_id "
                    + "where c.slug = ? and k.id is distinct from p.active_answer_key_id", Integer.class, arena.slug);
        }

        /** A new organizer account assigned to the team's challenge. */
        long otherOrganizerOfArena() {
            try {
                return api.organizer("Matrix co-organizer", arena.slug).id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long newApproved() {
            try {
                return api.approved("Matrix spare").id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long newPendingInArena() {
            try {
                return api.register(arena, "Matrix arena applicant").id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A participant asking to join the team. */
        long newJoinRequest() {
            try {
                return Api.json(mvc.perform(post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                                .content(registrationBody(member.team(), arena.slug)))
                        .andExpect(status().isCreated())).get("participantId").asLong();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private Long analysis;

        /** The automatic robustness analysis of the final snapshot, once it is DONE. */
        long analysis() {
            if (analysis != null) {
                return analysis;
            }
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    var list = Api.json(mvc.perform(get(arena.adminPhase() + "/robustness")
                            .header("Authorization", Api.bearer(ORGANIZER_TOKEN))));
                    for (var found : list) {
                        if (found.get("automatic").asBoolean() && found.get("status").asString().equals("DONE")) {
                            analysis = found.get("id").asLong();
                            return analysis;
                        }
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the final snapshot's robustness analysis did not finish within 60 s");
        }

        /** A QUEUED submission of the team that no worker takes while the matrix runs. */
        long held() {
            try {
                HeldInQueue submission = HeldInQueue.hold(jdbc, dataSource, arena, member);
                held.add(submission);
                return submission.id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            for (HeldInQueue submission : held) {
                submission.close();
            }
        }
    }
}
