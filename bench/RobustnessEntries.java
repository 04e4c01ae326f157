import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cxrlt.leaderboard.evaluation.CxrLt2024;
import org.cxrlt.leaderboard.evaluation.SyntheticData;

/**
 * Writes a synthetic answer key and N submissions to it (skills spread from 0.2 to 0.8, a seed
 * each), for bench/robustness.sh. Run as a single-file program on the jar's class path:
 * java -cp target/cxrlt-leaderboard.jar bench/RobustnessEntries.java TASK ROWS ENTRIES OUT
 */
public class RobustnessEntries {
    public static void main(String[] args) throws Exception {
        String task = args[0];
        int rows = Integer.parseInt(args[1]);
        int entries = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Files.createDirectories(out.resolve("submissions"));
        SyntheticData data = SyntheticData.create(CxrLt2024.labelsOf(task), rows, 2024);
        try (OutputStream o = Files.newOutputStream(out.resolve("truth.csv"))) {
            data.writeAnswerKey(o);
        }
        for (int e = 0; e < entries; e++) {
            double skill = 0.2 + 0.6 * e / Math.max(1, entries - 1);
            try (OutputStream o = Files.newOutputStream(out.resolve("submissions").resolve(String.format("team-%02d.csv", e + 1)))) {
                data.writeSubmission(o, skill, 1000 + e);
            }
        }
    }
}
