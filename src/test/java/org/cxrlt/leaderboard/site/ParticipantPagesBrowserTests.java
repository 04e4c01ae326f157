package org.cxrlt.leaderboard.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.http.MediaType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/** The participant's and the organizer's pages in a real browser, typing the token as a user does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParticipantPagesBrowserTests extends ServiceTests {

    private Browser browser;
    private Arena arena;
    private Api.Participant participant;
    private Path files;

    @BeforeAll
    void setUp() throws Exception {
        browser = Browser.start(null);
        arena = Arena.create(mvc, "\"maxPerDay\":5");
        participant = api().approved(arena, "Page team");
        files = Files.createTempDirectory("cxrlt-page-files-");
    }

    @AfterAll
    void tearDown() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (files != null) {
            try (var list = Files.list(files)) {
                for (Path p : list.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(files);
        }
    }

    @Test
    void anUploadThroughThePageIsFollowedUntilScoredWithItsMap() throws Exception {
        Path file = files.resolve("predictions.csv");
        Files.write(file, Api.predictions(AnswerKeysForTests.TASK2, 0.7, 41));
        signIn("/participant", participant.token());
        choosePhase();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("quota"), "5 of 5 left today"));
        browser.driver.findElement(By.id("file")).sendKeys(file.toString());
        browser.driver.findElement(By.id("description")).sendKeys("through the page");
        browser.driver.findElement(By.id("upload")).click();

        WebElement row = browser.waiting().until(d -> d.findElements(By.cssSelector("#submissions tbody tr[data-status=SCORED]"))
                .stream().findFirst().orElse(null));
        long id = Long.parseLong(row.getAttribute("id").substring("submission-".length()));
        JsonNode scored = api().submission(participant.token(), id);
        assertThat(row.findElement(By.cssSelector("td.map")).getText())
                .isEqualTo(String.format(Locale.ROOT, "%.4f", scored.get("scores").get("mAP").asDouble()));
        assertThat(browser.driver.findElement(By.id("progress")).getAttribute("value")).isEqualTo("100");
        assertThat(row.getText()).contains("through the page");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("quota"), "4 of 5 left today"));

        row.findElement(By.xpath(".//button[text()='Details']")).click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("#label-scores tbody tr")).size()
                == AnswerKeysForTests.TASK2.labels().size());
        browser.fitHeight(1280);
        browser.screenshot("participant");
        browser.size(1280, 1000);

        // the token stays in the tab: no cookie, not in the address
        assertThat(browser.driver.manage().getCookies()).isEmpty();
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(participant.token());
        assertThat(browser.driver.executeScript("return sessionStorage.getItem('cxrlt.participant.token');"))
                .isEqualTo(participant.token());
    }

    @Test
    void theDataAccessTextAndTheTemplateOfTheChosenPhaseAreLinked() throws Exception {
        mvc.perform(put("/api/v1/admin/challenges/" + arena.slug + "/data-access")
                        .header("Authorization", Api.bearer(ORGANIZER_TOKEN)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"Get the images at https://example.org/images <b>here</b>, version "
                                + "https://example.org/2.0.0/. Sign (https://example.org/dua_(v2)). Done?\"}"))
                .andExpect(status().isOk());
        signIn("/participant", participant.token());
        choosePhase();
        String base = "http://localhost:" + port + "/api/v1/challenges/" + arena.slug;
        WebElement dataAccess = browser.driver.findElement(By.id("data-access-link"));
        WebElement template = browser.driver.findElement(By.id("template-link"));
        assertThat(dataAccess.getAttribute("href")).isEqualTo(base + "/data-access");
        assertThat(template.getAttribute("href")).isEqualTo(base + "/tasks/t/phases/p/template.csv");
        assertThat(template.getAttribute("download")).isEqualTo(arena.slug + "-t-p-template.csv");
        // both resolve for the signed-in member, with the token the page holds
        for (WebElement link : List.of(dataAccess, template)) {
            Object answer = browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {headers: {'Authorization': 'Bearer ' + sessionStorage.getItem("
                    + "'cxrlt.participant.token')}}).then(function (r) { done(r.status); });", link.getAttribute("href"));
            assertThat(answer).as(link.getAttribute("href")).isEqualTo(200L);
        }

        dataAccess.click();
        WebElement shown = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#data-access p.text")));
        assertThat(shown.getText()).isEqualTo("Get the images at https://example.org/images <b>here</b>, version "
                + "https://example.org/2.0.0/. Sign (https://example.org/dua_(v2)). Done?");
        // each address ends before the sentence's punctuation and a parenthesis it did not open
        assertThat(shown.findElements(By.tagName("a")).stream().map(a -> a.getAttribute("href")).toList())
                .containsExactly("https://example.org/images", "https://example.org/2.0.0/",
                        "https://example.org/dua_(v2)");
        assertThat(shown.findElements(By.tagName("b"))).as("the text is never HTML").isEmpty();
    }

    @Test
    void aRefusedFileShowsEveryProblemTheServiceGave() throws Exception {
        Path file = files.resolve("wrong-header.csv");
        Files.writeString(file, "dicom_id,Not a label\nx,0.5\n", StandardCharsets.UTF_8);
        signIn("/participant", participant.token());
        choosePhase();
        browser.driver.findElement(By.id("file")).sendKeys(file.toString());
        browser.driver.findElement(By.id("upload")).click();
        List<WebElement> problems = browser.waiting().until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#upload-result ul.problems li"));
            return found.isEmpty() ? null : found;
        });
        assertThat(problems.get(0).getText()).contains("Atelectasis");
        assertThat(browser.driver.findElement(By.cssSelector("#upload-result .error")).getText()).isNotBlank();
    }

    @Test
    void aWrongTokenIsSaidAndNothingIsShown() {
        signIn("/participant", "not-a-token");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "not valid"));
        assertThat(browser.driver.findElement(By.id("signed-in")).isDisplayed()).isFalse();
    }

    @Test
    void theOrganizerApprovesAPendingRegistration() throws Exception {
        Api.Participant pending = api().register("Waiting");
        signIn("/organizer", ORGANIZER_TOKEN);
        WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("registration-" + pending.id())));
        assertThat(row.getText()).contains(pending.team());
        row.findElement(By.xpath(".//button[text()='Approve']")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Approved"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("registration-" + pending.id()), 0));
        JsonNode me = Api.json(mvc.perform(get("/api/v1/me").header("Authorization", Api.bearer(pending.token())))
                .andExpect(status().isOk()));
        assertThat(me.get("status").asString()).isEqualTo("APPROVED");
        // the queue of every phase is shown
        WebElement phase = browser.driver.findElement(By.cssSelector("#phases tr[data-path='" + arena.slug + "/t/p']"));
        browser.waiting().until(d -> !phase.findElement(By.cssSelector("td.all")).getText().isEmpty());
        browser.screenshot("organizer");
    }

    @Test
    void aPhaseThatRequiresAFactSheetGetsItsFieldsOnThePage() throws Exception {
        Arena sheets = Arena.create(mvc, "\"factSheet\":\"REQUIRED\"");
        Api.Participant author = api().approved(arena, "Page sheet");
        api().enrolApproved(author, sheets.slug);
        Path file = files.resolve("sheet.csv");
        Files.write(file, Api.predictions(AnswerKeysForTests.TASK2, 0.6, 43));
        signIn("/participant", author.token());
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-form")));
        new Select(browser.driver.findElement(By.id("phase"))).selectByValue(arena.slug + "/t/p");
        assertThat(browser.driver.findElement(By.id("fact-sheet")).isDisplayed()).as("no fact sheet asked").isFalse();
        new Select(browser.driver.findElement(By.id("phase"))).selectByValue(sheets.slug + "/t/p");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("methodName")));
        browser.driver.findElement(By.id("file")).sendKeys(file.toString());
        browser.driver.findElement(By.id("methodName")).sendKeys("Page method");
        browser.driver.findElement(By.id("methodDescription")).sendKeys("typed into the page");
        browser.driver.findElement(By.id("codeUrl")).sendKeys("https://example.org/code");
        browser.driver.findElement(By.id("upload")).click();

        WebElement row = browser.waiting().until(d -> d.findElements(By.cssSelector("#submissions tbody tr"))
                .stream().findFirst().orElse(null));
        long id = Long.parseLong(row.getAttribute("id").substring("submission-".length()));
        JsonNode sheet = api().submission(author.token(), id).get("factSheet");
        assertThat(sheet.get("methodName").asString()).isEqualTo("Page method");
        assertThat(sheet.get("methodDescription").asString()).isEqualTo("typed into the page");
        assertThat(sheet.get("codeUrl").asString()).isEqualTo("https://example.org/code");
    }

    @Test
    void theOrganizerApprovesAPendingEnrolmentOfAChallenge() throws Exception {
        Api.Participant pending = api().register(arena, "Enrolling");
        signIn("/organizer", ORGANIZER_TOKEN);
        new org.openqa.selenium.support.ui.Select(browser.waiting().until(
                ExpectedConditions.visibilityOfElementLocated(By.id("enrolment-challenge"))))
                .selectByValue(arena.slug);
        WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.id("enrolment-" + pending.id())));
        assertThat(row.getText()).contains(pending.team());
        row.findElement(By.xpath(".//button[text()='Approve']")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Approved"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("enrolment-" + pending.id()), 0));
        JsonNode me = Api.json(mvc.perform(get("/api/v1/me").header("Authorization", Api.bearer(pending.token())))
                .andExpect(status().isOk()));
        assertThat(me.get("enrolments").get(0).get("status").asString()).isEqualTo("APPROVED");
    }

    private void signIn(String page, String token) {
        browser.driver.get("http://localhost:" + port + page);
        WebElement field = browser.driver.findElement(By.id("token"));
        field.sendKeys(token);
        field.submit();
    }

    private void choosePhase() {
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-form")));
        new Select(browser.driver.findElement(By.id("phase"))).selectByValue(arena.slug + "/t/p");
    }
}
