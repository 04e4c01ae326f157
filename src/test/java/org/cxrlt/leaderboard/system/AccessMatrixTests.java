package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.cxrlt.leaderboard.support.AnswerKeysForTests;
import org.cxrlt.leaderboard.support.Api;
import org.cxrlt.leaderboard.support.Api.Participant;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** The callers, in the order of the expected statuses of a row. */
    enum Caller { ANONYMOUS, PENDING, OTHER_TEAM, MEMBER, ORGANIZER }

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

    private static final List<Row> ROWS = List.of(
            new Row("POST", "/api/v1/registrations",
                    f -> post("/api/v1/registrations").contentType(MediaType.APPLICATION_JSON)
                            .content(registrationBody()),
                    201, 201, 201, 201, 201),
            new Row("GET", "/api/v1/me", f -> get("/api/v1/me"),
                    401, 200, 200, 200, 404),
            new Row("GET", "/api/v1/challenges", f -> get("/api/v1/challenges"),
                    200, 200, 200, 200, 200),
            new Row("GET", "/api/v1/challenges/{challenge}", f -> get(Api.CHALLENGE),
                    200, 200, 200, 200, 200),
            new Row("GET", PHASE + "/leaderboard", f -> get(Api.phasePath("task2", "development") + "/leaderboard"),
                    200, 200, 200, 200, 200),
            new Row("POST", PHASE + "/submissions", f -> f.upload("task2", "development"),
                    401, 403, 202, 202, 403),
            // a pending participant may read its own team's list (empty until it may submit)
            new Row("GET", PHASE + "/submissions", f -> get(Api.phasePath("task2", "development") + "/submissions"),
                    401, 200, 200, 200, 403),
            new Row("GET", "/api/v1/submissions/{id}", f -> get("/api/v1/submissions/" + f.teamSubmission),
                    401, 404, 404, 200, 200),
            new Row("GET", "/api/v1/admin/registrations", f -> get("/api/v1/admin/registrations?status=PENDING"),
                    401, 403, 403, 403, 200),
            new Row("POST", "/api/v1/admin/registrations/{participantId}/approve",
                    f -> post("/api/v1/admin/registrations/" + f.newPendingParticipant() + "/approve"),
                    401, 403, 403, 403, 200),
            new Row("POST", "/api/v1/admin/registrations/{participantId}/reject",
                    f -> post("/api/v1/admin/registrations/" + f.newPendingParticipant() + "/reject")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"not eligible\"}"),
                    401, 403, 403, 403, 200),
            // the test phase of task 3, which no other test scores against; the dates are its own
            new Row("PATCH", ADMIN_PHASE, f -> patch("/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"opensAt\":\"2024-08-01T00:00:00Z\"}"),
                    401, 403, 403, 403, 200),
            new Row("PUT", ADMIN_PHASE + "/answer-key",
                    f -> multipart(HttpMethod.PUT, "/api/v1/admin/challenges/cxr-lt-2024/tasks/task3/phases/test/answer-key")
                            .file(new MockMultipartFile("file", "truth.csv", "text/csv", f.task3AnswerKey)),
                    401, 403, 403, 403, 200));

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

        assertThat(mapped).as("endpoints without a row in the access matrix")
                .isSubsetOf(covered);
        assertThat(covered).as("rows whose endpoint no longer exists").isSubsetOf(mapped);
    }

    @Test
    void eachCallerGetsTheExpectedStatus() throws Exception {
        Fixture fixture = new Fixture(api(), jdbc);
        Map<Caller, String> tokens = new LinkedHashMap<>();
        tokens.put(Caller.ANONYMOUS, null);
        tokens.put(Caller.PENDING, fixture.pending.token());
        tokens.put(Caller.OTHER_TEAM, fixture.otherTeam.token());
        tokens.put(Caller.MEMBER, fixture.member.token());
        tokens.put(Caller.ORGANIZER, ORGANIZER_TOKEN);

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

    /** Controllers of this application: not the error page, not a library's (OpenAPI's). */
    private static boolean isOurs(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        return type.getName().startsWith("org.cxrlt.leaderboard.")
                && !type.getSimpleName().equals("ProblemErrorController");
    }

    private static String registrationBody() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return """
                {"name":"Matrix %s","email":"matrix-%s@example.org","team":"Matrix %s","affiliation":"Tests"}
                """.formatted(unique, unique, unique);
    }

    /** The callers and the resources of "the team", made once for the whole matrix. */
    static final class Fixture {
        final Api api;
        final Participant pending;
        final Participant otherTeam;
        final Participant member;
        final long teamSubmission;
        final byte[] task2Predictions;
        final byte[] task3AnswerKey;

        Fixture(Api api, JdbcTemplate jdbc) throws Exception {
            this.api = api;
            AnswerKeysForTests.ensure(api, jdbc, "task2");
            pending = api.register("Matrix pending");
            otherTeam = api.approved("Matrix other");
            member = api.approved("Matrix team");
            task2Predictions = Api.predictions(AnswerKeysForTests.TASK2, 0.5, 5);
            task3AnswerKey = Api.answerKey(Api.synthetic(
                    org.cxrlt.leaderboard.evaluation.CxrLt2024.TASK3_LABELS, 50, 3));
            String location = api.submit(member.token(), "task2", "development", task2Predictions)
                    .andReturn().getResponse().getHeader("Location");
            teamSubmission = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        }

        AbstractMockHttpServletRequestBuilder<?> upload(String task, String phase) {
            return multipart(Api.phasePath(task, phase) + "/submissions")
                    .file(new MockMultipartFile("file", "predictions.csv", "text/csv", task2Predictions));
        }

        long newPendingParticipant() {
            try {
                return api.register("Matrix applicant").id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
