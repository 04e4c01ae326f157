package org.cxrlt.leaderboard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.Evaluator;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Scores;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.cxrlt.leaderboard.evaluation.SyntheticData;

/**
 * The command-line tools shipped in the service jar: {@code score} scores a submission file
 * against an answer key, {@code generate} writes synthetic data. They run without Spring or a
 * database. Exit codes: 0 done, 2 the input or the command line was refused (every problem on
 * stderr), 1 an internal error.
 */
public final class CommandLine {

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int REFUSED = 2;

    private static final Set<String> COMMANDS = Set.of("score", "generate", "robustness", "submit");

    static final String SCORE_USAGE = "usage: score --truth FILE --submission FILE [--labels \"A,B,C\"] [--json]"
            + " [--definition FILE] [--task SLUG] [--max-uncompressed-bytes N] [--max-record-bytes N]";
    static final String GENERATE_USAGE = "usage: generate --task task1|task2|task3 --rows N --seed S --out DIR"
            + " [--skill 0..1] [--definition FILE]";

    private CommandLine() {
    }

    /**
     * Whether the arguments are for the command-line tools rather than the service: the service
     * starts with no arguments, with {@code serve}, or with Spring's {@code --name=value}
     * properties only; anything else is a command, and an unknown one is refused with the usage.
     */
    public static boolean handles(String[] args) {
        if (args.length == 0 || args[0].equals("serve")) {
            return false;
        }
        return !(args[0].startsWith("--") && args[0].indexOf('=') > 2);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("error: no command given: expected score, generate or robustness");
            err.println(SCORE_USAGE);
            err.println(GENERATE_USAGE);
            err.println(RobustnessCommand.USAGE);
            return REFUSED;
        }
        try {
            int exit = switch (args[0]) {
                case "score" -> score(Options.parse(args, Set.of("--truth", "--submission", "--labels",
                        "--max-uncompressed-bytes", "--max-record-bytes", "--definition", "--task"), Set.of("--json"),
                        SCORE_USAGE), out, err);
                case "generate" -> generate(Options.parse(args, Set.of("--task", "--rows", "--seed", "--out",
                        "--skill", "--definition"), Set.of(), GENERATE_USAGE), out, err);
                case "robustness" -> RobustnessCommand.run(Options.parse(args, RobustnessCommand.VALUED,
                        RobustnessCommand.FLAGS, RobustnessCommand.USAGE), out, err);
                case "submit" -> SubmitCommand.run(args, out, err);
                default -> {
                    err.println("error: unknown command \"" + args[0] + "\": expected score, generate, robustness, submit"
                            + " or serve (or nothing) to start the service");
                    err.println(SCORE_USAGE);
                    err.println(GENERATE_USAGE);
                    err.println(RobustnessCommand.USAGE);
                    err.println(SubmitCommand.USAGE);
                    yield REFUSED;
                }
            };
            // a PrintStream keeps its write errors to itself: a full disk or a closed pipe must not exit 0
            if (out.checkError()) {
                err.println("error: the output could not be written (standard output closed, or its disk full)");
                return INTERNAL_ERROR;
            }
            return exit;
        } catch (OutOfMemoryError e) {
            // the heap the JVM was given, not a bug nor the files' fault: say how to give it more
            err.println("error: the Java heap ran out of memory (" + e.getMessage() + ") reading or scoring these"
                    + " files; give the JVM more: CXRLT_JAVA_OPTS=-Xmx2g for target/cxrlt, or java -Xmx2g -jar ...");
            return INTERNAL_ERROR;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return REFUSED;
        } catch (RefusedDefinitionOption e) {
            int total = e.problems.size();
            err.println("error: the definition " + e.file + " was refused; " + total
                    + (total == 1 ? " problem:" : " problems:"));
            // as a refused file: the first ones and the count, not thousands of lines
            e.problems.stream().limit(RefusedInputException.MAX_PROBLEMS_LISTED)
                    .forEach(problem -> err.println("  " + problem));
            if (total > RefusedInputException.MAX_PROBLEMS_LISTED) {
                err.println("  ... and " + (total - RefusedInputException.MAX_PROBLEMS_LISTED)
                        + " more problems not listed (" + total + " in all)");
            }
            return REFUSED;
        } catch (RuntimeException | IOException e) {
            // not the input's fault: the trace is what a bug report needs
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        }
    }

    private static int score(Options options, PrintStream out, PrintStream err) throws IOException {
        // every problem of the command line first, all at once; a run without any adds no work here
        Path truthFile = options.readableFile("--truth");
        Path submissionPath = options.readableFile("--submission");
        List<String> labels = options.labels();
        long maxUncompressed = options.has("--max-uncompressed-bytes")
                ? options.positiveLong("--max-uncompressed-bytes") : 0;
        long maxRecord = options.has("--max-record-bytes")
                ? options.positiveLong("--max-record-bytes", Integer.MAX_VALUE - 16) : 0;
        options.required("--task", false);
        options.readableFile("--definition", false);
        options.check();

        Definition definition = definition(options);
        String idColumn = definition.idColumn();
        if (labels != null && labels.contains(idColumn)) {
            throw new UsageException("--labels names \"" + idColumn + "\", the id column; list the label columns to score");
        }
        Definition.TaskTerms task = null;
        if (options.has("--task")) {
            task = definition.task(options.optional("--task"));
            if (task == null) {
                throw new UsageException("--task must be one of the definition's tasks (" + definition.taskSlugs()
                        + "), was \"" + options.optional("--task") + "\"");
            }
        }
        LabelGroups groups = task != null ? task.groups() : definition.groupsByName();
        if (labels == null && task != null) {
            labels = task.labels();
        }
        ReadLimits limits = options.has("--max-uncompressed-bytes") ? new ReadLimits(maxUncompressed)
                : ReadLimits.DEFAULT;
        if (options.has("--max-record-bytes")) {
            limits = limits.withMaxRecordBytes((int) maxRecord);
        }

        if (labels == null) {
            try {
                labels = AnswerKey.labelsInHeader(truthFile, idColumn, limits);
            } catch (RefusedInputException e) {
                printRefusal(err, "answer key", truthFile, e);
                return REFUSED;
            }
        }
        // One file after the other, each read in parts on every core (plain CSV files; compressed
        // ones on one): measured faster, in a whole run of task 1 on two cores, than reading the
        // answer key on a second thread while the submission is read on one.
        AnswerKey key;
        Submission submission;
        try {
            key = AnswerKey.read(truthFile, idColumn, labels, limits);
        } catch (RefusedInputException e) {
            printRefusal(err, "answer key", truthFile, e);
            return REFUSED;
        }
        try {
            submission = Submission.read(submissionPath, key, limits);
        } catch (RefusedInputException e) {
            printRefusal(err, "submission", submissionPath, e);
            return REFUSED;
        }
        Scores scores = Evaluator.score(key, submission, groups);
        List<String> warnings = new ArrayList<>();
        key.warnings().forEach(w -> warnings.add("answer key: " + w));
        scores.warnings().forEach(w -> warnings.add("submission: " + w));
        if (options.has("--json")) {
            out.println(ScoresJson.write(scores, warnings));
        } else {
            out.print(Terminal.visibleLines(ScoresTable.write(scores, warnings)));
        }
        return OK;
    }

    private static int generate(Options options, PrintStream out, PrintStream err) throws IOException {
        String task = options.required("--task");
        long rows = options.longBetween("--rows", 2, 10_000_000);
        long seed = options.longValue("--seed");
        double skill = options.has("--skill") ? options.probability("--skill") : 0.5;
        String outDir = options.required("--out");
        options.readableFile("--definition", false);
        options.check();

        Definition definition = definition(options);
        Definition.TaskTerms terms = definition.task(task);
        if (terms == null) {
            throw new UsageException("--task must be " + definition.taskSlugs().replaceFirst(", ([^,]*)$", " or $1")
                    + ", was \"" + task + "\"");
        }
        Path dir = writableFolder(Path.of(outDir), "--out");
        SyntheticData data = SyntheticData.create(definition.idColumn(), terms.labels(), terms.prevalences(),
                (int) rows, seed);
        Path truth = dir.resolve("truth.csv");
        Path submission = dir.resolve("submission.csv");
        try (OutputStream o = Files.newOutputStream(truth)) {
            data.writeAnswerKey(o);
        } catch (IOException e) {
            throw new UsageException("cannot write " + truth + ": " + describe(e));
        }
        try (OutputStream o = Files.newOutputStream(submission)) {
            data.writeSubmission(o, skill, seed + 1);
        } catch (IOException e) {
            throw new UsageException("cannot write " + submission + ": " + describe(e));
        }
        out.println("wrote " + truth + " and " + submission + " (" + task + ", " + rows + " rows, "
                + data.labels().size() + " labels, synthetic)");
        return OK;
    }

    /**
     * The challenge definition of {@code --definition FILE}, or CXR-LT 2024's when none is given.
     *
     * @throws RefusedDefinitionOption listing every problem of the file
     */
    static Definition definition(Options options) throws IOException {
        if (!options.has("--definition")) {
            return Definition.cxrLt2024();
        }
        Path file = readable(Path.of(options.optional("--definition")), "--definition");
        try {
            return Definition.read(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RefusedDefinitionOption(file, List.of("The file is not UTF-8 text."));
        } catch (Definition.RefusedDefinitionException e) {
            throw new RefusedDefinitionOption(file, e.problems());
        }
    }

    /** A {@code --definition} file that cannot be used: exit 2 with every problem. */
    static final class RefusedDefinitionOption extends RuntimeException {
        final transient Path file;
        final List<String> problems;

        RefusedDefinitionOption(Path file, List<String> problems) {
            super(String.join(" ", problems));
            this.file = file;
            this.problems = List.copyOf(problems);
        }
    }

    static InputStream open(Path file) {
        try {
            return Files.newInputStream(readable(file, null));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The folder named by {@code option}, created if missing; a usage error (exit 2), not an
     * internal one, if it is a file or cannot be created or written to.
     */
    static Path writableFolder(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(option + " must be a folder; " + dir + " is a file");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("cannot create the folder " + dir + " (" + option + "): " + describe(e));
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("cannot write to the folder " + dir + " (" + option + "): permission denied");
        }
        return dir;
    }

    /** An I/O failure as a person reads it: what went wrong, without the exception's class. */
    private static String describe(IOException e) {
        String kind = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name exists"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(e.getMessage());
        return kind;
    }

    private static Path readable(Path file, String option) {
        String problem = unreadable(file, option);
        if (problem != null) {
            throw new UsageException(problem);
        }
        return file;
    }

    /**
     * Why {@code file} cannot be read as a file, or null when it can: the one check of every
     * command's input files.
     *
     * @param option the option that named it ({@code --truth}), said in the sentence; or null
     */
    static String unreadable(Path file, String option) {
        String from = option == null ? "" : " (" + option + ")";
        if (!Files.exists(file)) {
            return "no such file: " + file + from;
        }
        if (Files.isDirectory(file)) {
            return "cannot read " + file + from + ": a folder, not a file";
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "cannot read " + file + from + ": not a readable file";
        }
        return null;
    }

    static void printRefusal(PrintStream err, String what, Path file, RefusedInputException e) {
        err.println("error: the " + what + " " + file + " was refused; " + e.totalProblems()
                + (e.totalProblems() == 1 ? " problem:" : " problems:"));
        for (String line : e.describeAll()) {
            err.println("  " + Terminal.visible(line));
        }
    }

    /** A command line that cannot be run as given. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * {@code --name value} options and {@code --flag} switches after the command word, and, for
     * commands that take them, operands (such as {@code submit}'s FILE). Problems of the command
     * line (unknown options, missing values and options, malformed numbers) are collected while
     * the command reads its options, and {@link #check()} refuses them all at once; until then a
     * value read with a problem is a placeholder (null, 0) that the command must not act on.
     */
    static final class Options {
        private final Map<String, String> values = new HashMap<>();
        private final List<String> operands = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final String usage;
        private boolean withUsage;

        private Options(String usage) {
            this.usage = usage;
        }

        /** Options only: any other word is an unknown option. */
        static Options parse(String[] args, Set<String> valued, Set<String> flags, String usage) {
            return parse(args, valued, flags, usage, false);
        }

        /**
         * @param withOperands whether words that are not options ({@code -} included) are kept as
         *                     {@link #operands()} rather than refused
         * @throws UsageException at once for {@code --help} (the usage); other problems wait for {@link #check()}
         */
        static Options parse(String[] args, Set<String> valued, Set<String> flags, String usage,
                             boolean withOperands) {
            Options options = new Options(usage);
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }
                if (name.equals("--help") || name.equals("-h")) {
                    throw new UsageException(usage);
                }
                if (flags.contains(name)) {
                    options.values.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= rest.size()) {
                            options.problem(name + " needs a value", true);
                            options.values.put(name, null); // given, and said: not "is required" as well
                            continue;
                        }
                        value = rest.get(++i);
                    }
                    if (options.values.containsKey(name) && !Objects.equals(options.values.get(name), value)) {
                        // which of two files was meant cannot be guessed; the same one twice is harmless
                        options.problem(name + " is given twice, as \"" + options.values.get(name) + "\" and \""
                                + value + "\"; give it once", false);
                    }
                    options.values.put(name, value);
                } else if (withOperands && (!arg.startsWith("-") || arg.equals("-"))) {
                    options.operands.add(arg);
                } else {
                    options.problem("unknown option \"" + arg + "\"", true);
                }
            }
            return options;
        }

        /**
         * Notes a problem of the command line, reported by {@link #check()}.
         *
         * @param withUsage whether the command's usage helps with it (an unknown or missing option)
         */
        void problem(String problem, boolean withUsage) {
            problems.add(problem);
            this.withUsage |= withUsage;
        }

        /**
         * Refuses the command line if any problem was noted: one as {@code problem; usage}, several
         * as a count, one problem a line, then the usage (when one of them needs it).
         *
         * @throws UsageException with every problem noted
         */
        void check() {
            if (problems.isEmpty()) {
                return;
            }
            String nl = System.lineSeparator();
            if (problems.size() == 1) {
                throw new UsageException(problems.get(0) + (withUsage ? "; " + usage : ""));
            }
            StringBuilder message = new StringBuilder("the command line was refused; ").append(problems.size())
                    .append(" problems:");
            for (String problem : problems) {
                message.append(nl).append("  ").append(problem);
            }
            if (withUsage) {
                message.append(nl).append(usage);
            }
            throw new UsageException(message.toString());
        }

        /** How many problems were noted so far: whether reading one option found one. */
        int problemCount() {
            return problems.size();
        }

        /** The words that are not options, in order (empty unless parsed with operands). */
        List<String> operands() {
            return operands;
        }

        /** The value of an option, or null when it was not given. */
        String optional(String name) {
            return values.get(name);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        /** The option's value; null (and a problem) when it is missing or blank. */
        String required(String name) {
            return required(name, true);
        }

        /**
         * @param always false: only when the option is given (a blank value is a problem), true:
         *               leaving it out is a problem too
         */
        String required(String name, boolean always) {
            String value = values.get(name);
            if (value == null && (!always || values.containsKey(name))) {
                return null;
            }
            if (value == null || value.isBlank()) {
                // an optional option given empty is not missing: say what is wrong with it
                problem(always ? name + " is required" : name + " is empty: give a value or leave the option out",
                        always);
                return null;
            }
            return value;
        }

        /** The file the option names, which must exist and be readable (or null, and a problem). */
        Path readableFile(String name) {
            return readableFile(name, true);
        }

        /** @param always as for {@link #required(String, boolean)} */
        Path readableFile(String name, boolean always) {
            String value = required(name, always);
            if (value == null) {
                return null;
            }
            Path file = Path.of(value);
            String unreadable = unreadable(file, name);
            if (unreadable != null) {
                problem(unreadable, false);
            }
            return file;
        }

        /** A whole number; 0 (and a problem) when missing or malformed. */
        long longValue(String name) {
            Long value = wholeNumber(name);
            return value == null ? 0 : value;
        }

        /** A whole number, or null when missing or malformed (a problem noted). */
        private Long wholeNumber(String name) {
            String value = required(name);
            if (value == null) {
                return null;
            }
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                problem(name + " must be a whole number, was \"" + value + "\"", false);
                return null;
            }
        }

        long positiveLong(String name) {
            return positiveLong(name, Long.MAX_VALUE);
        }

        /** A whole number from 1 to {@code max}; 0 (and a problem) otherwise. */
        long positiveLong(String name, long max) {
            Long value = wholeNumber(name);
            if (value == null) {
                return 0;
            }
            if (value <= 0) {
                problem(name + " must be positive, was " + value, false);
                return 0;
            }
            if (value > max) {
                problem(name + " must be at most " + max + ", was " + value, false);
                return 0;
            }
            return value;
        }

        /** A whole number from {@code min} to {@code max}; {@code min} (and a problem) otherwise. */
        long longBetween(String name, long min, long max) {
            Long value = wholeNumber(name);
            if (value == null) {
                return min;
            }
            if (value < min || value > max) {
                problem(name + " must be between " + min + " and " + max + ", was " + value, false);
                return min;
            }
            return value;
        }

        /** A number in [0, 1]; 0 (and a problem) otherwise. */
        double probability(String name) {
            String value = required(name);
            if (value == null) {
                return 0;
            }
            try {
                // a plain decimal, as files' values must be: BigDecimal refuses what
                // Double.parseDouble would also take (hexadecimal, 'd' and 'f' suffixes, Infinity)
                double p = new java.math.BigDecimal(value.strip()).doubleValue();
                if (p >= 0 && p <= 1) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            problem(name + " must be a number in [0, 1], was \"" + value + "\"", false);
            return 0;
        }

        /** The labels of {@code --labels}, or null to score every column of the answer key (or after a problem). */
        List<String> labels() {
            if (!has("--labels")) {
                return null;
            }
            List<String> labels = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            boolean twice = false;
            for (String part : values.get("--labels").split(",")) {
                String label = part.strip();
                if (!label.isEmpty()) {
                    labels.add(label);
                    twice |= !seen.add(label.toLowerCase(Locale.ROOT));
                }
            }
            if (labels.isEmpty()) {
                problem("--labels names no label; give them comma-separated, e.g. --labels \"Edema,Mass\"", false);
                return null;
            }
            if (twice) {
                problem("--labels names a label twice", false);
                return null;
            }
            return labels;
        }
    }
}
