package org.cxrlt.leaderboard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.RankingRobustness;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedEntriesException;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.RobustnessEntry;
import org.cxrlt.leaderboard.evaluation.RobustnessResult;
import org.cxrlt.leaderboard.evaluation.Submission;

/**
 * {@code robustness}: the paired bootstrap of {@link RankingRobustness} over the submission
 * files of a folder, each an entry named by its file name, on this machine, without the service.
 * A progress bar goes to stderr; the result to stdout, as a table or (with {@code --json}) one
 * JSON object.
 */
final class RobustnessCommand {

    static final String USAGE = "usage: robustness --truth FILE --submissions DIR [--replicates B] [--seed S] [--json]"
            + " [--labels \"A,B,C\"] [--definition FILE] [--threads N] [--max-uncompressed-bytes N]"
            + " [--write-resamples \"R,R,...\" --resample-dir DIR]";
    static final Set<String> VALUED = Set.of("--truth", "--submissions", "--definition", "--replicates", "--seed", "--labels",
            "--threads", "--max-uncompressed-bytes", "--write-resamples", "--resample-dir");
    static final Set<String> FLAGS = Set.of("--json");

    static final int DEFAULT_REPLICATES = 1000;
    static final int MAX_REPLICATES = 100_000;

    private RobustnessCommand() {
    }

    static int run(CommandLine.Options options, PrintStream out, PrintStream err) throws IOException {
        // every problem of the command line first, all at once
        Path truthFile = options.readableFile("--truth");
        String folderName = options.required("--submissions");
        Path folder = folderName == null ? null : Path.of(folderName);
        if (folder != null && !Files.isDirectory(folder)) {
            options.problem("--submissions must be a folder of submission files; " + folder
                    + (Files.exists(folder) ? " is a file" : " does not exist"), false);
        }
        int before = options.problemCount();
        int replicates = options.has("--replicates") ? (int) options.longBetween("--replicates", 1, MAX_REPLICATES)
                : DEFAULT_REPLICATES;
        boolean replicatesKnown = options.problemCount() == before;
        long seed = options.has("--seed") ? options.longValue("--seed") : new SecureRandom().nextLong();
        int threads = options.has("--threads") ? (int) options.longBetween("--threads", 1, 256)
                : Runtime.getRuntime().availableProcessors();
        long maxUncompressed = options.has("--max-uncompressed-bytes")
                ? options.positiveLong("--max-uncompressed-bytes") : 0;
        List<Integer> dumped = resamplesToWrite(options, replicatesKnown ? replicates : Integer.MAX_VALUE);
        String resampleDirName = dumped.isEmpty() ? null : options.required("--resample-dir");
        List<String> labels = options.labels();
        options.readableFile("--definition", false);
        options.check();

        ReadLimits limits = options.has("--max-uncompressed-bytes") ? new ReadLimits(maxUncompressed)
                : ReadLimits.DEFAULT;
        Path resampleDir = resampleDirName == null ? null
                : CommandLine.writableFolder(Path.of(resampleDirName), "--resample-dir");
        List<Path> files = submissionFiles(folder);
        String idColumn = CommandLine.definition(options).idColumn();
        AnswerKey key;
        try {
            if (labels == null) {
                try (InputStream in = CommandLine.open(truthFile)) {
                    labels = AnswerKey.labelsInHeader(in, idColumn, limits);
                }
            }
            try (InputStream in = CommandLine.open(truthFile)) {
                key = AnswerKey.read(in, idColumn, labels, limits);
            }
        } catch (RefusedInputException e) {
            CommandLine.printRefusal(err, "answer key", truthFile, e);
            return CommandLine.REFUSED;
        }
        List<RobustnessEntry> entries = new ArrayList<>(files.size());
        for (Path file : files) {
            entries.add(new RobustnessEntry(file.getFileName().toString(), () -> {
                try (InputStream in = CommandLine.open(file)) {
                    return Submission.read(in, key, limits);
                }
            }));
        }
        err.println("robustness: " + replicates + " paired bootstrap replicates of " + key.rows() + " images, "
                + entries.size() + (entries.size() == 1 ? " entry" : " entries") + ", seed " + seed);
        ProgressBar bar = new ProgressBar(err);
        RobustnessResult result;
        try {
            result = RankingRobustness.analyse(key, entries, replicates, seed, threads, bar);
        } catch (RefusedEntriesException e) {
            bar.finish();
            for (RefusedEntriesException.RefusedEntry refused : e.refused()) {
                CommandLine.printRefusal(err, "submission", folder.resolve(refused.name()), refused.refusal());
            }
            return CommandLine.REFUSED;
        } catch (RefusedInputException e) {
            bar.finish();
            CommandLine.printRefusal(err, "answer key", truthFile, e);
            return CommandLine.REFUSED;
        }
        bar.finish();
        if (!dumped.isEmpty()) {
            writeResamples(key, entries, files, seed, dumped, resampleDir, limits, err);
        }
        if (options.has("--json")) {
            out.println(json(result));
        } else {
            out.print(table(result));
        }
        return CommandLine.OK;
    }

    /** @param replicates how many there are (any number when that is not known, for a problem of its own) */
    private static List<Integer> resamplesToWrite(CommandLine.Options options, int replicates) {
        if (!options.has("--write-resamples")) {
            if (options.has("--resample-dir")) {
                options.problem("--resample-dir is only used with --write-resamples", true);
            }
            return List.of();
        }
        Set<Integer> chosen = new TreeSet<>();
        String value = options.required("--write-resamples");
        for (String part : value == null ? new String[0] : value.split(",")) {
            String text = part.strip();
            try {
                int r = Integer.parseInt(text);
                if (r < 0 || r >= replicates) {
                    options.problem("--write-resamples: replicate " + r
                            + " does not exist; replicates are numbered 0 to " + (replicates - 1), false);
                }
                chosen.add(r);
            } catch (NumberFormatException e) {
                options.problem("--write-resamples takes replicate numbers, comma-separated, e.g."
                        + " \"0,7,42\"; \"" + text + "\" is not one", false);
            }
        }
        return List.copyOf(chosen);
    }

    /** The folder's files (not hidden ones, not folders), by name; the folder was checked with the command line. */
    private static List<Path> submissionFiles(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new CommandLine.UsageException("the folder " + folder + " holds no submission file");
        }
        return files;
    }

    /**
     * For each chosen replicate r: {@code resample-r.csv} (every answer-key row with how often it
     * was drawn) and {@code resample-r-scores.csv} (each entry's per-label AP and mAP on it), so
     * that another tool can score the materialized resample and compare.
     */
    private static void writeResamples(AnswerKey key, List<RobustnessEntry> entries, List<Path> files, long seed,
                                       List<Integer> replicates, Path dir, ReadLimits limits, PrintStream err)
            throws IOException {
        Files.createDirectories(dir);
        for (int r : replicates) {
            StringBuilder scores = new StringBuilder("entry,label,ap\n");
            int[] counts = null;
            for (int e = 0; e < entries.size(); e++) {
                Submission submission;
                try (InputStream in = CommandLine.open(files.get(e))) {
                    submission = Submission.read(in, key, limits);
                } catch (RefusedInputException ex) {
                    throw new IllegalStateException("accepted once, refused now: " + files.get(e), ex);
                }
                RankingRobustness.Replicate replicate;
                try {
                    replicate = RankingRobustness.replicate(key, submission, seed, r);
                } catch (RefusedInputException ex) {
                    throw new IllegalStateException("the resamples were drawn once already", ex);
                }
                counts = replicate.counts();
                String name = ScoresJson.quote(entries.get(e).name());
                for (int l = 0; l < replicate.ap().length; l++) {
                    scores.append(name).append(',').append(ScoresJson.quote(key.labels().get(l)))
                            .append(',').append(replicate.ap()[l]).append('\n');
                }
                scores.append(name).append(",mAP,").append(replicate.mAP()).append('\n');
            }
            try (OutputStream o = Files.newOutputStream(dir.resolve("resample-" + r + ".csv"))) {
                RankingRobustness.writeResample(key, counts, o);
            }
            Files.writeString(dir.resolve("resample-" + r + "-scores.csv"), scores);
        }
        err.println("wrote " + replicates.size() + " resample" + (replicates.size() == 1 ? "" : "s") + " to " + dir);
    }

    /** The {@code --json} object: the shape documented in the README, numbers that read back as the same doubles. */
    static String json(RobustnessResult result) {
        StringBuilder json = new StringBuilder(1 << 14);
        json.append("{\"replicates\":").append(result.replicates()).append(",\"seed\":").append(result.seed())
                .append(",\"entries\":[");
        for (int i = 0; i < result.entries().size(); i++) {
            RobustnessResult.Entry e = result.entries().get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":").append(ScoresJson.quote(e.name()))
                    .append(",\"mAP\":").append(e.mAP())
                    .append(",\"mAPLow\":").append(e.mAPLow())
                    .append(",\"mAPHigh\":").append(e.mAPHigh())
                    .append(",\"rankMedian\":").append(e.rankMedian())
                    .append(",\"rankLow\":").append(e.rankLow())
                    .append(",\"rankHigh\":").append(e.rankHigh())
                    .append(",\"pFirst\":").append(e.pFirst()).append('}');
        }
        json.append("],\"pairs\":[");
        for (int i = 0; i < result.pairs().size(); i++) {
            RobustnessResult.Pair p = result.pairs().get(i);
            json.append(i == 0 ? "" : ",").append("{\"a\":").append(ScoresJson.quote(p.a()))
                    .append(",\"b\":").append(ScoresJson.quote(p.b()))
                    .append(",\"pABeatsB\":").append(p.pABeatsB()).append('}');
        }
        json.append("],\"kendallTau\":");
        RobustnessResult.TauSummary tau = result.kendallTau();
        if (tau == null) {
            json.append("null");
        } else {
            json.append("{\"median\":").append(tau.median()).append(",\"q1\":").append(tau.q1())
                    .append(",\"q3\":").append(tau.q3()).append('}');
        }
        return json.append('}').toString();
    }

    /** The readable output: entries by full-data rank with their intervals, then the ranking's stability. */
    static String table(RobustnessResult result) {
        List<RobustnessResult.Entry> byRank = new ArrayList<>(result.entries());
        byRank.sort(Comparator.comparingInt(RobustnessResult.Entry::rank));
        int width = Math.max(5, byRank.stream().mapToInt(e -> e.name().length()).max().orElse(5));
        String row = "%4s  %-" + width + "s  %-8s %-18s  %-6s %-12s %8s%n";
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Paired bootstrap: %d replicates of %d images, seed %d",
                result.replicates(), result.rows(), result.seed()));
        if (result.redrawn() > 0) {
            text.append(String.format(Locale.ROOT, " (%d resamples drawn again: a label had no positive image)",
                    result.redrawn()));
        }
        text.append(String.format(".%n%n"));
        text.append(String.format(Locale.ROOT, row, "rank", "entry", "mAP", "95% interval", "median", "rank 95%",
                "P(first)"));
        for (RobustnessResult.Entry e : byRank) {
            text.append(String.format(Locale.ROOT, row, e.rank(), e.name(), fixed(e.mAP()),
                    "[" + fixed(e.mAPLow()) + ", " + fixed(e.mAPHigh()) + "]", short_(e.rankMedian()),
                    "[" + short_(e.rankLow()) + ", " + short_(e.rankHigh()) + "]",
                    String.format(Locale.ROOT, "%.3f", e.pFirst())));
        }
        RobustnessResult.TauSummary tau = result.kendallTau();
        text.append(String.format("%n"));
        if (tau == null) {
            text.append(String.format("Kendall's tau: undefined (fewer than two entries, or all tied).%n"));
        } else {
            text.append(String.format(Locale.ROOT,
                    "Kendall's tau between the full-data ranking and the replicates': median %.3f, IQR %.3f to %.3f.%n",
                    tau.median(), tau.q1(), tau.q3()));
        }
        return text.toString();
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String short_(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A bar on stderr, redrawn in place when it moves by a percent. */
    private static final class ProgressBar implements RankingRobustness.Progress {
        private static final int WIDTH = 30;
        private final PrintStream err;
        private int shown = -1;
        private boolean drawn;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void advanced(long done, long total) {
            int percent = (int) (100 * done / Math.max(1, total));
            if (percent == shown) {
                return;
            }
            shown = percent;
            int filled = percent * WIDTH / 100;
            char[] bar = new char[WIDTH];
            Arrays.fill(bar, 0, filled, '#');
            Arrays.fill(bar, filled, WIDTH, '.');
            err.print("\r[" + new String(bar) + "] " + String.format(Locale.ROOT, "%3d%%", percent));
            err.flush();
            drawn = true;
        }

        synchronized void finish() {
            if (drawn) {
                err.println();
                drawn = false;
            }
        }
    }
}
