package org.cxrlt.leaderboard.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.cli.CommandLine;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scoring a task-1-sized submission in process, after warm-up: parse and check the answer key
 * and the submission (from files, or from bytes in memory), then every metric. Run by {@code bench/core.sh},
 * which makes the synthetic files; not a unit test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoringBenchmark {

    /** Folder holding {@code truth.csv} and {@code submission.csv}. */
    @Param("bench/out/task1")
    public String dir;

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private byte[] truth;
    private byte[] submission;
    private AnswerKey key;

    @Setup(Level.Trial)
    public void readFiles() throws IOException, RefusedInputException {
        truth = Files.readAllBytes(Path.of(dir, "truth.csv"));
        submission = Files.readAllBytes(Path.of(dir, "submission.csv"));
        key = AnswerKey.read(new ByteArrayInputStream(truth), "dicom_id", null, ReadLimits.DEFAULT);
    }

    /**
     * Answer key, then submission, then metrics, both files read from disk (the page cache) as
     * {@code AnswerKey.read(Path, ...)} and {@code Submission.read(Path, ...)} read them: plain
     * CSV files in parts on every core.
     */
    @Benchmark
    public Scores answerKeyThenSubmissionThenMetrics() throws IOException, RefusedInputException {
        AnswerKey freshKey = AnswerKey.read(Path.of(dir, "truth.csv"), "dicom_id", null, ReadLimits.DEFAULT);
        Submission checked = Submission.read(Path.of(dir, "submission.csv"), freshKey, ReadLimits.DEFAULT);
        return Evaluator.score(freshKey, checked);
    }

    /**
     * The same from bytes in memory, read as streams (as an upload is): each file on one thread,
     * the metrics on every core.
     */
    @Benchmark
    public Scores fromStreamsOneThreadReading() throws IOException, RefusedInputException {
        AnswerKey freshKey = AnswerKey.read(new ByteArrayInputStream(truth), "dicom_id", null, ReadLimits.DEFAULT);
        Submission checked = Submission.read(new ByteArrayInputStream(submission), freshKey, ReadLimits.DEFAULT);
        return Evaluator.score(freshKey, checked);
    }

    /**
     * The {@code score --json} command in process: both files read from disk (the answer key on
     * a second thread while the submission is read), checked, scored, the JSON written (to a
     * discarding stream).
     */
    @Benchmark
    public int scoreCommand() {
        int exit = CommandLine.run(new String[] {"score", "--truth", dir + "/truth.csv", "--submission",
                dir + "/submission.csv", "--json"}, DISCARD, DISCARD);
        if (exit != CommandLine.OK) {
            throw new IllegalStateException("score exited with " + exit);
        }
        return exit;
    }

    /**
     * What a scoring worker does, its answer key already read: the submission from a plain CSV
     * file on disk (in parts on every core), and the metrics.
     */
    @Benchmark
    public Scores submissionAndMetrics() throws IOException, RefusedInputException {
        Submission checked = Submission.read(Path.of(dir, "submission.csv"), key, ReadLimits.DEFAULT);
        return Evaluator.score(key, checked);
    }
}
