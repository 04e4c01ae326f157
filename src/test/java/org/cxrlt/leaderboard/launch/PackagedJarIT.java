package org.cxrlt.leaderboard.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as users run it, in a process of its own: the command-line tools start from the jar's
 * root (no Spring, no database), and the layered extraction the Docker build uses still works
 * with the classes copied there.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "cxrlt-leaderboard.jar");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        return run(command);
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherBesideTheJarUsesItsClassDataArchiveAndScoresExactlyAsTheJarDoes() throws Exception {
        Path launcher = JAR.resolveSibling("cxrlt");
        assertThat(launcher).isExecutable();
        assertThat(JAR.resolveSibling("cxrlt-leaderboard.jsa")).isNotEmptyFile();
        assertThat(java("-jar", JAR.toString(), "generate", "--task", "task1", "--rows", "500", "--seed", "4",
                "--out", dir.toString()).exit()).isZero();
        List<String> score = List.of("score", "--truth", dir.resolve("truth.csv").toString(), "--submission",
                dir.resolve("submission.csv").toString(), "--json");

        Run plain = java(concat(List.of("-jar", JAR.toString()), score).toArray(String[]::new));
        Run launched = run(concat(List.of("sh", launcher.toString()), score));
        // the archive is in use (the JVM says so when asked), and nothing of it reaches stdout
        Run shared = run(concat(List.of("sh", launcher.toString()), score), "-Xshare:on");
        // a collector chosen by the caller replaces the launcher's (the JVM refuses two), wherever it
        // is chosen: CXRLT_JAVA_OPTS (after a tab here) or the JVM's own environment variable
        Run ownCollector = run(concat(List.of("sh", launcher.toString()), score), "\t-XX:+UseSerialGC");
        Run toolOptions = run(concat(List.of("sh", launcher.toString()), score), "",
                java.util.Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC"));

        assertThat(launched.exit()).as(launched.err()).isZero();
        assertThat(launched.out()).isEqualTo(plain.out());
        assertThat(launched.err()).isEmpty();
        assertThat(shared.exit()).as("-Xshare:on fails when the archive cannot be used: " + shared.err()).isZero();
        assertThat(ownCollector.exit()).as(ownCollector.out() + ownCollector.err()).isZero();
        assertThat(ownCollector.out()).isEqualTo(plain.out());
        assertThat(toolOptions.exit()).as(toolOptions.out() + toolOptions.err()).isZero();
        assertThat(toolOptions.out()).isEqualTo(plain.out());
        assertThat(run(List.of("sh", launcher.toString(), "score", "--truth", "missing.csv")).exit()).isEqualTo(2);
    }

    @Test
    void theLauncherCalledThroughALinkFindsItsJarAndLeavesOutAnArchiveOlderThanTheJar() throws Exception {
        assertThat(java("-jar", JAR.toString(), "generate", "--task", "task2", "--rows", "300", "--seed", "5",
                "--out", dir.toString()).exit()).isZero();
        List<String> score = List.of("score", "--truth", dir.resolve("truth.csv").toString(), "--submission",
                dir.resolve("submission.csv").toString(), "--json");
        Run plain = java(concat(List.of("-jar", JAR.toString()), score).toArray(String[]::new));
        Path link = Files.createSymbolicLink(dir.resolve("cxrlt"), JAR.resolveSibling("cxrlt").toAbsolutePath());

        Run linked = run(concat(List.of(link.toString()), score), "-Xshare:on");

        assertThat(linked.exit()).as(linked.err()).isZero();
        assertThat(linked.out()).isEqualTo(plain.out());

        // a copy whose jar is newer than its archive: -Xshare:on would refuse to start with the
        // archive (it records the jar's time), so a run that starts did not pass it to the JVM
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(JAR.resolveSibling("cxrlt"), copy.resolve("cxrlt"));
        Files.copy(JAR.resolveSibling("cxrlt-leaderboard.jsa"), copy.resolve("cxrlt-leaderboard.jsa"));
        Files.copy(JAR, copy.resolve("cxrlt-leaderboard.jar"));
        Files.setLastModifiedTime(copy.resolve("cxrlt-leaderboard.jar"), java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(copy.resolve("cxrlt-leaderboard.jsa")).toMillis() + 10_000));

        Run stale = run(concat(List.of("sh", copy.resolve("cxrlt").toString()), score), "-Xshare:on");

        assertThat(stale.exit()).as(stale.err()).isZero();
        assertThat(stale.out()).isEqualTo(plain.out());
        assertThat(stale.err()).isEmpty();
    }

    private Run run(List<String> command, String javaOptions) throws IOException, InterruptedException {
        return run(command, javaOptions, java.util.Map.of());
    }

    private Run run(List<String> command, String javaOptions, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("CXRLT_JAVA_OPTS", javaOptions);
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished within a minute").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void aHeapTooSmallForTheFilesIsSaidInASentenceNotAStackTrace() throws Exception {
        assertThat(java("-jar", JAR.toString(), "generate", "--task", "task1", "--rows", "40000", "--seed", "6",
                "--out", dir.toString()).exit()).isZero();

        // 40,000 rows x 40 labels of predictions alone are 12.8 MB
        Run run = java("-Xmx8m", "-jar", JAR.toString(), "score", "--truth", dir.resolve("truth.csv").toString(),
                "--submission", dir.resolve("submission.csv").toString(), "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: the Java heap ran out of memory (")
                .contains("give the JVM more: CXRLT_JAVA_OPTS=-Xmx2g").doesNotContain("\tat ");
    }

    @Test
    void generatesAndScoresFromTheJarWithoutStartingTheService() throws Exception {
        Run generated = java("-jar", JAR.toString(), "generate", "--task", "task2", "--rows", "406", "--seed", "3",
                "--out", dir.toString());
        assertThat(generated.exit()).isZero();

        Run scored = java("-jar", JAR.toString(), "score", "--truth", dir.resolve("truth.csv").toString(),
                "--submission", dir.resolve("submission.csv").toString(), "--json");

        assertThat(scored.exit()).as(scored.err()).isZero();
        assertThat(scored.out()).startsWith("{\"mAP\":").contains("\"rows\":406", "\"label\":\"Tortuous Aorta\"");
        // nothing of Spring or the database: no banner, no log lines
        assertThat(scored.out() + scored.err()).doesNotContain("Spring", "HikariPool", "postgres");
    }

    @Test
    void runsTheRobustnessAnalysisFromTheJarWithoutStartingTheService() throws Exception {
        java("-jar", JAR.toString(), "generate", "--task", "task2", "--rows", "406", "--seed", "3", "--out",
                dir.toString());
        Path entries = Files.createDirectories(dir.resolve("entries"));
        Files.copy(dir.resolve("submission.csv"), entries.resolve("team.csv"));

        Run run = java("-jar", JAR.toString(), "robustness", "--truth", dir.resolve("truth.csv").toString(),
                "--submissions", entries.toString(), "--replicates", "50", "--seed", "9", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{\"replicates\":50,\"seed\":9,\"entries\":[{\"name\":\"team.csv\",\"mAP\":");
        assertThat(run.err()).contains("100%");
        assertThat(run.out() + run.err()).doesNotContain("Spring", "HikariPool", "postgres");
    }

    @Test
    void anUnknownCommandOrOptionGetsTheUsageInsteadOfStartingTheService() throws Exception {
        for (String[] args : new String[][] {{"submit", "--help"}, {"frobnicate"}, {"--help"}}) {
            List<String> command = new ArrayList<>(List.of("-jar", JAR.toString()));
            command.addAll(List.of(args));
            Run run = java(command.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).contains("usage: submit --server URL");
            assertThat(run.out() + run.err()).doesNotContain("Spring", "Tomcat");
        }
    }

    @Test
    void submitReportsAServiceThatCannotBeReachedWithExitCodeFour() throws Exception {
        java("-jar", JAR.toString(), "generate", "--task", "task2", "--rows", "20", "--seed", "4", "--out", dir.toString());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "submit", "--server", "http://127.0.0.1:1", "--challenge", "cxr-lt-2024",
                "--task", "task2", "--phase", "development", dir.resolve("submission.csv").toString())
                .redirectErrorStream(true);
        builder.environment().put("CXRLT_TOKEN", "some-token");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(4);
        assertThat(output).contains("could not reach http://127.0.0.1:1");
    }

    @Test
    void refusesABadSubmissionWithExitCodeTwoAndTheProblemsOnStderr() throws Exception {
        java("-jar", JAR.toString(), "generate", "--task", "task3", "--rows", "20", "--seed", "4", "--out", dir.toString());
        Path bad = Files.writeString(dir.resolve("bad.csv"), "dicom_id,Bulla\nx,0.5\n");

        Run refused = java("-jar", JAR.toString(), "score", "--truth", dir.resolve("truth.csv").toString(),
                "--submission", bad.toString());

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("was refused", "label column \"Cardiomyopathy\" is missing from the header");
    }

    @Test
    void extractsInLayersForTheContainerImage() throws Exception {
        Path extracted = dir.resolve("extracted");

        Run extraction = java("-Djarmode=tools", "-jar", JAR.toString(), "extract", "--layers", "--launcher",
                "--destination", extracted.toString());

        assertThat(extraction.exit()).as(extraction.err()).isZero();
        assertThat(extracted.resolve("application/ch/randelshofer/fastdoubleparser/JavaDoubleParser.class")).exists();
        assertThat(extracted.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .exists();
    }
}
