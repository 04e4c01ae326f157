package org.cxrlt.leaderboard.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.Means;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A hidden leaderboard says nothing that depends on scores or on which submission stands for a team. */
class HiddenLeaderboardTests {

    private static LeaderboardEntry entry(Integer rank, String team, long id, String at, double map, long submissions,
                                          boolean baseline) {
        return new LeaderboardEntry(rank, team, id, Instant.parse(at), new Means(map, 0.8, 0.4, 0.1),
                new Groups(map, map, map), submissions, baseline);
    }

    @Test
    void twoRankingsOfTheSameTeamsLookTheSameHidden() {
        Leaderboard before = new Leaderboard("c", "t", "p", "mAP", Instant.parse("2024-08-02T10:00:00Z"), List.of(
                entry(1, "Zed", 11, "2024-08-01T10:00:00Z", 0.9, 2, false),
                entry(null, "Abe", 12, "2024-08-01T11:00:00Z", 0.5, 1, true),
                entry(2, "abe", 13, "2024-08-01T12:00:00Z", 0.4, 3, false)), Leaderboard.ALL_METRICS);
        // Later: other submissions stand for the teams, with other scores, in another order.
        Leaderboard after = new Leaderboard("c", "t", "p", "mAP", Instant.parse("2024-08-03T10:00:00Z"), List.of(
                entry(1, "abe", 21, "2024-08-02T09:00:00Z", 0.95, 3, false),
                entry(null, "Abe", 12, "2024-08-01T11:00:00Z", 0.5, 1, true),
                entry(2, "Zed", 22, "2024-08-02T08:00:00Z", 0.2, 2, false)), Leaderboard.ALL_METRICS);

        RankedLeaderboard hiddenBefore = Leaderboards.hide(before);
        RankedLeaderboard hiddenAfter = Leaderboards.hide(after);

        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.writeValueAsString(hiddenAfter.leaderboard()))
                .isEqualTo(json.writeValueAsString(hiddenBefore.leaderboard()));
        assertThat(hiddenAfter.csv()).isEqualTo(hiddenBefore.csv())
                .isEqualTo("team,submissions,baseline\r\nAbe,1,true\r\nabe,3,false\r\nZed,2,false\r\n");
        assertThat(hiddenAfter.version()).as("the ETag").isEqualTo(hiddenBefore.version());
        assertThat(hiddenBefore.leaderboard().updatedAt()).isNull();
        for (LeaderboardEntry entry : hiddenBefore.leaderboard().entries()) {
            assertThat(entry.rank()).isNull();
            assertThat(entry.submissionId()).isNull();
            assertThat(entry.submittedAt()).isNull();
            assertThat(entry.scores()).isNull();
            assertThat(entry.groups()).isNull();
        }
        assertThat(Leaderboards.hide(new Leaderboard("c", "t", "p", "mAP", null, List.of(
                entry(1, "Zed", 11, "2024-08-01T10:00:00Z", 0.9, 5, false)), Leaderboard.ALL_METRICS)).version())
                .as("a changed submission count is a change").isNotEqualTo(hiddenBefore.version());
    }
}
