package org.cxrlt.leaderboard.participant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OrganizerTokensTests extends ServiceTests {

    private static final Pattern LOGGED = Pattern.compile("generated the organizer token ([A-Za-z0-9_-]{43})");

    @Test
    void withoutAConfiguredTokenOneIsGeneratedOnceLoggedOnceAndKeptOnlyAsAHash(CapturedOutput output) {
        jdbc.update("delete from organizer_token");
        OrganizerTokens firstStart = new OrganizerTokens(jdbc, "");
        firstStart.run(null);

        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).as("the token is logged").isTrue();
        String token = logged.group(1);
        assertThat(firstStart.isOrganizer(Tokens.hash(token))).isTrue();
        assertThat(jdbc.queryForList("select token_hash from organizer_token", byte[].class))
                .containsExactly(Tokens.hash(token));

        OrganizerTokens restart = new OrganizerTokens(jdbc, "");
        restart.run(null);
        assertThat(LOGGED.matcher(output.getAll()).results().count()).as("logged only at the first start").isOne();
        assertThat(restart.isOrganizer(Tokens.hash(token))).isTrue();
        assertThat(restart.isOrganizer(Tokens.hash("guess"))).isFalse();
    }

    @Test
    void aConfiguredTokenIsCheckedWithoutBeingStored() {
        OrganizerTokens configured = new OrganizerTokens(jdbc, "configured-token-of-thirty-two-characters");
        configured.run(null);

        assertThat(configured.isOrganizer(Tokens.hash("configured-token-of-thirty-two-characters"))).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from organizer_token where token_hash = ?", Integer.class,
                (Object) Tokens.hash("configured-token-of-thirty-two-characters"))).isZero();
    }

    @Test
    void aConfiguredTokenShorterThan32CharactersStopsTheStartWithAMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OrganizerTokens(jdbc, "short-token"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CXRLT_ADMIN_TOKEN (cxrlt.admin-token) is 11 characters long: an organizer token must "
                        + "have at least 32 characters. Generate one with: openssl rand -base64 32");
    }

    @Test
    void aConfiguredTokenRetiresTheGeneratedOne(CapturedOutput output) {
        jdbc.update("delete from organizer_token");
        OrganizerTokens generated = new OrganizerTokens(jdbc, "");
        generated.run(null);
        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).isTrue();
        byte[] token = Tokens.hash(logged.group(1));
        assertThat(generated.isOrganizer(token)).isTrue();

        OrganizerTokens configured = new OrganizerTokens(jdbc, "configured-token-of-thirty-two-characters");
        configured.run(null);

        assertThat(configured.isOrganizer(token)).as("the generated token is retired").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from organizer_token", Integer.class)).isZero();
        assertThat(output.getAll()).contains("CXRLT_ADMIN_TOKEN is set: retired 1 generated organizer token(s)");
    }
}
