package org.cxrlt.leaderboard.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.SubmissionHeader;

/**
 * {@code submit}: uploads a predictions file to a running service, the way a participant's
 * script would, and with {@code --wait} follows it until it is scored. Runs without Spring, with
 * the JDK's HTTP client. Before uploading, the file is checked by the same core as the service's
 * upload check ({@link SubmissionHeader}: readable, decompressed as needed, a header with
 * {@code dicom_id} and every label of the task, read from the public challenge API), so that a
 * file the service would refuse is refused here, with every problem, without using a submission
 * (its rows are checked against the answer key, which participants do not have, at scoring).
 *
 * <p>Exit codes: 0 scored (or, without {@code --wait}, accepted); 2 refused, by this check, by
 * the service (its problem detail on stderr) or on the command line; 3 scoring failed or the
 * submission was cancelled; 4 the service could not be reached (or answered 5xx); 1 an internal
 * error.
 */
public final class SubmitCommand {

    public static final int SCORED = 0;
    public static final int REFUSED = 2;
    public static final int FAILED = 3;
    public static final int UNREACHABLE = 4;

    static final String USAGE = "usage: submit --server URL --challenge C --task T --phase P FILE"
            + " [--description TEXT] [--method-name NAME] [--method-description TEXT] [--code-url URL]"
            + " [--paper-url URL] [--wait] [--json] [--no-check]   (the token comes from CXRLT_TOKEN)";

    private static final Set<String> VALUED = Set.of("--server", "--challenge", "--task", "--phase", "--description",
            "--method-name", "--method-description", "--code-url", "--paper-url");

    /** The fact sheet's options and the form fields they are sent as. */
    private static final Map<String, String> FACT_SHEET = new LinkedHashMap<>(Map.of(
            "--method-name", "methodName", "--method-description", "methodDescription",
            "--code-url", "codeUrl", "--paper-url", "paperUrl"));
    private static final Set<String> FLAGS = Set.of("--wait", "--json", "--no-check");
    /** Upload attempts on a connection failure, all with the same Idempotency-Key. */
    static final int UPLOAD_ATTEMPTS = 3;

    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http;
    private final Duration pause;

    SubmitCommand(PrintStream out, PrintStream err, Duration pause) {
        this.out = out;
        this.err = err;
        this.pause = pause;
        // HTTP/1.1: the service speaks nothing else over plain HTTP, and no upgrade is attempted
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Runs {@code submit} with the token of {@code CXRLT_TOKEN}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err, Duration.ofSeconds(1));
    }

    /**
     * @param env   where {@code CXRLT_TOKEN} is read
     * @param pause the first wait between retries and polls (doubling up to 5 times it)
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Duration pause) {
        Parsed parsed;
        String token = env.get("CXRLT_TOKEN");
        try {
            parsed = Parsed.of(args, token == null || token.isBlank());
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage()); // every problem, and the usage where it helps
            return REFUSED;
        }
        try {
            return new SubmitCommand(out, err, pause).submit(parsed, token.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return UNREACHABLE;
        } catch (IOException | RuntimeException e) {
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return CommandLine.INTERNAL_ERROR;
        }
    }

    private int submit(Parsed p, String token) throws IOException, InterruptedException {
        String phasePath = "/api/v1/challenges/" + segment(p.challenge) + "/tasks/" + segment(p.task)
                + "/phases/" + segment(p.phase);
        if (!p.noCheck) {
            Integer refused = checkLocally(p);
            if (refused != null) {
                return refused;
            }
        }
        String key = UUID.randomUUID().toString();
        String boundary = "cxrlt-" + UUID.randomUUID();
        long size = Files.size(p.file);
        String name = p.file.getFileName().toString().replaceAll("[\"\\r\\n\\\\]", "_");
        StringBuilder head = new StringBuilder();
        Map<String, String> fields = new LinkedHashMap<>();
        if (p.description != null) {
            fields.put("description", p.description);
        }
        fields.putAll(p.factSheet);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                    .append(field.getKey()).append("\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
                    .append(field.getValue()).append("\r\n");
        }
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(name).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = null;
        Duration wait = pause;
        for (int attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
            Progress progress = new Progress(err, name, size);
            HttpRequest request = HttpRequest.newBuilder(uri(p.server, phasePath + "/submissions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Idempotency-Key", key)
                    .header("Accept", "application/json")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(BodyPublishers.concat(BodyPublishers.ofByteArray(headBytes),
                            BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> progress.wrap(open(p.file))),
                                    size),
                            BodyPublishers.ofByteArray(tailBytes)))
                    .build();
            try {
                response = http.send(request, BodyHandlers.ofString());
                progress.done();
                break;
            } catch (IOException e) {
                progress.done();
                err.println("could not reach " + p.server + " (" + describe(e) + ")"
                        + (attempt < UPLOAD_ATTEMPTS ? "; trying again with the same Idempotency-Key" : ""));
                if (attempt == UPLOAD_ATTEMPTS) {
                    return UNREACHABLE;
                }
                Thread.sleep(wait.toMillis());
                wait = longer(wait);
            }
        }
        int status = response.statusCode();
        if (status >= 500) {
            printProblem("the service failed (" + status + ")", response.body());
            return UNREACHABLE;
        }
        if (status != 202 && status != 200 && status != 201) {
            printProblem("the upload was refused (" + status + ")", response.body());
            return REFUSED;
        }
        Map<String, Object> accepted = Json.object(Json.parse(response.body()));
        String location = response.headers().firstValue("Location")
                .orElse("/api/v1/submissions/" + number(accepted.get("id")));
        err.println("accepted: submission " + number(accepted.get("id")) + ", " + accepted.get("status"));
        if (!p.waitForScore) {
            out.println(p.json ? response.body() : "submission " + number(accepted.get("id")) + " "
                    + accepted.get("status") + " " + uri(p.server, location));
            return SCORED;
        }
        return await(p, token, uri(p.server, location));
    }

    /**
     * What the phase's fact-sheet rule (NONE, OPTIONAL, REQUIRED, as the service's challenge JSON
     * gives it) refuses in the options, said before the file is sent rather than after.
     */
    private static List<String> factSheetProblems(Parsed p, String rule) {
        List<String> problems = new java.util.ArrayList<>();
        if ("REQUIRED".equals(rule)) {
            if (!p.factSheet.containsKey("methodName")) {
                problems.add("phase " + p.phase + " asks for a fact sheet with each submission: give --method-name");
            }
            if (!p.factSheet.containsKey("methodDescription")) {
                problems.add("phase " + p.phase + " asks for a fact sheet with each submission: give "
                        + "--method-description");
            }
        } else if ("NONE".equals(rule) && !p.factSheet.isEmpty()) {
            problems.add("phase " + p.phase + " takes no fact sheet: leave out --method-name, --method-description, "
                    + "--code-url and --paper-url");
        }
        return problems;
    }

    /** The file read by the core against the task's labels; an exit code if it cannot be uploaded, else null. */
    private Integer checkLocally(Parsed p) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri(p.server, "/api/v1/challenges/" + segment(p.challenge)))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                    BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("error: could not reach " + p.server + " (" + describe(e) + ")");
            return UNREACHABLE;
        }
        if (response.statusCode() >= 500) {
            printProblem("the service failed (" + response.statusCode() + ")", response.body());
            return UNREACHABLE;
        }
        if (response.statusCode() != 200) {
            printProblem("the challenge '" + p.challenge + "' could not be read (" + response.statusCode() + ")",
                    response.body());
            return REFUSED;
        }
        List<String> labels = null;
        boolean phaseFound = false;
        String factSheet = null; // a service from before fact sheets names no rule
        Map<String, Object> challenge = Json.object(Json.parse(response.body()));
        // a service from before challenges named their id column had only dicom_id
        String idColumn = challenge.get("idColumn") instanceof String named ? named : "dicom_id";
        for (Object task : Json.array(challenge.get("tasks"))) {
            Map<String, Object> t = Json.object(task);
            if (p.task.equals(t.get("slug"))) {
                labels = Json.array(t.get("labels")).stream().map(String::valueOf).toList();
                for (Object ph : Json.array(t.get("phases"))) {
                    if (p.phase.equals(Json.object(ph).get("slug"))) {
                        phaseFound = true;
                        factSheet = Json.object(ph).get("factSheet") instanceof String rule ? rule : null;
                    }
                }
            }
        }
        if (labels == null) {
            err.println("error: challenge " + p.challenge + " has no task '" + p.task + "'");
            return REFUSED;
        }
        if (!phaseFound) {
            err.println("error: task " + p.task + " of " + p.challenge + " has no phase '" + p.phase + "'");
            return REFUSED;
        }
        List<String> sheetProblems = factSheetProblems(p, factSheet);
        if (!sheetProblems.isEmpty()) {
            sheetProblems.forEach(problem -> err.println("error: " + problem));
            err.println("nothing was uploaded (no submission used)");
            return REFUSED;
        }
        err.println("checking " + p.file + " against the " + labels.size() + " labels of " + p.task + " ...");
        try (InputStream in = open(p.file)) {
            SubmissionHeader.check(in, idColumn, labels, ReadLimits.DEFAULT);
            err.println("the file reads well (its rows are checked against the answer key when it is scored)");
        } catch (RefusedInputException e) {
            err.println("error: " + p.file + " would be refused; " + e.totalProblems()
                    + (e.totalProblems() == 1 ? " problem:" : " problems:"));
            e.describeAll().forEach(line -> err.println("  " + Terminal.visible(line)));
            err.println("nothing was uploaded (no submission used)");
            return REFUSED;
        }
        return null;
    }

    /** Polls until the submission leaves QUEUED and SCORING. */
    private int await(Parsed p, String token, URI location) throws InterruptedException {
        Duration wait = pause;
        int failures = 0;
        String last = null;
        while (true) {
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(location).header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                        BodyHandlers.ofString());
            } catch (IOException e) {
                if (++failures >= 5) {
                    err.println("error: lost the service while waiting (" + describe(e) + "); the submission is"
                            + " kept: see " + location);
                    return UNREACHABLE;
                }
                Thread.sleep(wait.toMillis());
                wait = longer(wait);
                continue;
            }
            failures = 0;
            if (response.statusCode() >= 500) {
                printProblem("the service failed (" + response.statusCode() + ")", response.body());
                return UNREACHABLE;
            }
            if (response.statusCode() != 200) {
                printProblem("the submission could not be read (" + response.statusCode() + ")", response.body());
                return REFUSED;
            }
            Map<String, Object> s = Json.object(Json.parse(response.body()));
            String status = String.valueOf(s.get("status"));
            if (!status.equals(last)) {
                err.println("status: " + status);
                last = status;
            }
            switch (status) {
                case "SCORED" -> {
                    out.print(p.json ? response.body() + System.lineSeparator() : scores(s));
                    return SCORED;
                }
                case "FAILED" -> {
                    List<Object> errors = Json.array(s.get("errors"));
                    err.println("error: submission " + number(s.get("id")) + " failed; " + errors.size()
                            + (errors.size() == 1 ? " problem:" : " problems:"));
                    errors.forEach(e -> err.println("  " + e));
                    return FAILED;
                }
                case "CANCELLED" -> {
                    err.println("error: submission " + number(s.get("id")) + " was cancelled");
                    return FAILED;
                }
                default -> {
                    Thread.sleep(wait.toMillis());
                    wait = longer(wait);
                }
            }
        }
    }

    /** The readable output of a scored submission: the means, the groups and, when shown, each label. */
    static String scores(Map<String, Object> s) {
        StringBuilder text = new StringBuilder();
        Map<String, Object> means = Json.object(s.get("scores"));
        Map<String, Object> groups = Json.object(s.get("groups"));
        text.append(String.format(Locale.ROOT, "submission %s SCORED%n", number(s.get("id"))));
        for (String metric : List.of("mAP", "mAUROC", "mF1", "mECE")) {
            text.append(String.format(Locale.ROOT, "%-7s %s%n", metric, means.get(metric)));
        }
        text.append(String.format(Locale.ROOT, "mAP by group: head %s, medium %s, tail %s%n",
                fixed(groups.get("head")), fixed(groups.get("medium")), fixed(groups.get("tail"))));
        List<Object> labels = Json.array(s.get("labels"));
        if (!labels.isEmpty()) {
            int width = Math.max(5, labels.stream().mapToInt(l -> String.valueOf(Json.object(l).get("label")).length()).max().orElse(5));
            String row = "%-" + width + "s %8s %8s %8s %8s%n";
            text.append(String.format(Locale.ROOT, "%n" + row, "label", "AP", "AUROC", "F1", "ECE"));
            for (Object l : labels) {
                Map<String, Object> label = Json.object(l);
                text.append(String.format(Locale.ROOT, row, label.get("label"), fixed(label.get("ap")),
                        fixed(label.get("auroc")), fixed(label.get("f1")), fixed(label.get("ece"))));
            }
        }
        return text.toString();
    }

    private void printProblem(String what, String body) {
        err.println("error: " + what);
        try {
            Map<String, Object> problem = Json.object(Json.parse(body));
            if (problem.get("detail") != null) {
                err.println("  " + problem.get("detail"));
            }
            Json.array(problem.get("errors")).forEach(e -> err.println("  " + e));
        } catch (IllegalArgumentException e) {
            if (body != null && !body.isBlank()) {
                err.println("  " + body.strip());
            }
        }
    }

    private static String fixed(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : "-";
    }

    private static String number(Object value) {
        return value instanceof Double d ? Long.toString(d.longValue()) : String.valueOf(value);
    }

    private Duration longer(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        Duration most = pause.multipliedBy(5);
        return doubled.compareTo(most) > 0 ? most : doubled;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String segment(String slug) {
        return URLEncoder.encode(slug, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI uri(String server, String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        return URI.create(base + path);
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The upload's progress on stderr: a line redrawn in a terminal, a line per quarter otherwise. */
    static final class Progress {
        private final PrintStream err;
        private final String name;
        private final long size;
        private final boolean terminal = System.console() != null;
        private long sent;
        private int shown = -1;

        Progress(PrintStream err, String name, long size) {
            this.err = err;
            this.name = name;
            this.size = size;
        }

        InputStream wrap(InputStream in) {
            sent = 0;
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        advance(n);
                    }
                    return n;
                }

                @Override
                public int read() throws IOException {
                    int c = super.read();
                    if (c >= 0) {
                        advance(1);
                    }
                    return c;
                }
            };
        }

        private synchronized void advance(long n) {
            sent += n;
            int percent = size == 0 ? 100 : (int) (100 * sent / size);
            int step = terminal ? percent : percent / 25 * 25;
            if (step != shown) {
                shown = step;
                String bar = "#".repeat(percent / 5) + " ".repeat(20 - percent / 5);
                String line = String.format(Locale.ROOT, "uploading %s [%s] %3d%% (%.1f of %.1f MB)", name, bar,
                        percent, sent / 1e6, size / 1e6);
                if (terminal) {
                    err.print("\r" + line);
                } else {
                    err.println(line);
                }
            }
        }

        synchronized void done() {
            if (terminal && shown >= 0) {
                err.println();
            }
        }
    }

    /** The command line of {@code submit}. */
    record Parsed(String server, String challenge, String task, String phase, Path file, String description,
                  boolean waitForScore, boolean json, boolean noCheck, Map<String, String> factSheet) {

        /**
         * @param noToken whether {@code CXRLT_TOKEN} is unset, a problem reported with the others
         * @throws CommandLine.UsageException with every problem of the command line
         */
        static Parsed of(String[] args, boolean noToken) {
            CommandLine.Options options = CommandLine.Options.parse(args, VALUED, FLAGS, USAGE, true);
            List<String> files = options.operands();
            if (files.size() != 1) {
                options.problem(files.isEmpty() ? "no FILE given"
                        : "one FILE at a time, not " + files.size() + ": " + String.join(", ", files), true);
            } else if (CommandLine.unreadable(Path.of(files.get(0)), null) != null) {
                options.problem(CommandLine.unreadable(Path.of(files.get(0)), null), false);
            }
            for (String required : List.of("--server", "--challenge", "--task", "--phase")) {
                options.required(required);
            }
            String server = options.optional("--server") == null ? null : options.optional("--server").strip();
            if (server != null && !server.isEmpty()) {
                if (!server.startsWith("http://") && !server.startsWith("https://")) {
                    options.problem("--server must be an http:// or https:// URL, was \"" + server + "\"", true);
                } else {
                    try {
                        URI.create(server);
                    } catch (IllegalArgumentException e) {
                        options.problem("--server is not a URL: " + server, true);
                    }
                }
            }
            // The fact sheet's form fields; the service checks them in full, the links' kind is checked here too.
            Map<String, String> factSheet = new LinkedHashMap<>();
            for (Map.Entry<String, String> option : FACT_SHEET.entrySet()) {
                String value = options.optional(option.getKey());
                if (value == null) {
                    continue;
                }
                if (option.getKey().endsWith("-url")) {
                    String url = value.strip().toLowerCase(Locale.ROOT);
                    if (!url.startsWith("http://") && !url.startsWith("https://")) {
                        options.problem(option.getKey() + " must be an http:// or https:// URL, was \""
                                + value + "\"", true);
                    }
                }
                factSheet.put(option.getValue(), value);
            }
            if (noToken) {
                options.problem("set CXRLT_TOKEN to your token (the one shown when you registered); it is never"
                        + " taken from the command line, where other users of the machine could see it", false);
            }
            options.check();
            return new Parsed(server, options.required("--challenge"), options.required("--task"),
                    options.required("--phase"), Path.of(files.get(0)), options.optional("--description"),
                    options.has("--wait"), options.has("--json"), options.has("--no-check"), java.util.Collections.unmodifiableMap(factSheet));
        }
    }
}
