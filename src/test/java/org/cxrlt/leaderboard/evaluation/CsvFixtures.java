package org.cxrlt.leaderboard.evaluation;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds CSV, gzip and zip bytes in memory for the evaluation tests. */
public final class CsvFixtures {

    /** Two labels, one of them with the parentheses of the real CXR-LT name. */
    public static final List<String> LABELS = List.of("Edema", "Round(ed) Atelectasis");

    /** A valid answer key for {@link #LABELS}: three rows, each label with a positive and a negative. */
    public static final String KEY_CSV = """
            dicom_id,Edema,"Round(ed) Atelectasis"
            a,1,0
            b,0,1
            c,0,0
            """;

    /** A valid submission for {@link #KEY_CSV}. */
    public static final String SUBMISSION_CSV = """
            dicom_id,Edema,Round(ed) Atelectasis
            a,0.9,0.2
            b,0.4,0.7
            c,0.1,0.3
            """;

    private CsvFixtures() {
    }

    /** The predictions of a read submission, a list per label of the first {@code labels}, in key row order. */
    static List<List<Double>> predictionColumns(Submission submission, int labels) {
        List<List<Double>> columns = new java.util.ArrayList<>();
        for (int l = 0; l < labels; l++) {
            List<Double> column = new java.util.ArrayList<>();
            for (double p : submission.predictions(l)) {
                column.add(p);
            }
            columns.add(column);
        }
        return columns;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static InputStream stream(String text) {
        return new ByteArrayInputStream(utf8(text));
    }

    public static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    public static byte[] gzip(String text) {
        return gzip(utf8(text));
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A zip of the given entries: alternating names and UTF-8 contents; a name ending in
     * {@code /} with a null content is a directory entry.
     */
    public static byte[] zip(String... namesAndContents) {
        byte[][] contents = new byte[namesAndContents.length / 2][];
        String[] names = new String[contents.length];
        for (int i = 0; i < contents.length; i++) {
            names[i] = namesAndContents[2 * i];
            String content = namesAndContents[2 * i + 1];
            contents[i] = content == null ? null : utf8(content);
        }
        return zip(names, contents);
    }

    public static byte[] zip(String[] names, byte[][] contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                if (contents[i] != null) {
                    zip.write(contents[i]);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stream handing out between 1 and 7 bytes per read, as a slow network would. */
    public static InputStream trickling(byte[] data, long seed) {
        return new TricklingInputStream(data, seed);
    }

    public static AnswerKey key(String csv) throws IOException, RefusedInputException {
        return AnswerKey.read(stream(csv), "dicom_id", LABELS, ReadLimits.DEFAULT);
    }

    public static AnswerKey key(byte[] file, List<String> labels) throws IOException, RefusedInputException {
        return AnswerKey.read(stream(file), "dicom_id", labels, ReadLimits.DEFAULT);
    }

    public static Submission submission(String csv, AnswerKey key) throws IOException, RefusedInputException {
        return Submission.read(stream(csv), key, ReadLimits.DEFAULT);
    }

    public static Submission submission(byte[] file, AnswerKey key) throws IOException, RefusedInputException {
        return Submission.read(stream(file), key, ReadLimits.DEFAULT);
    }

    /** The refusal of an answer key read with {@code labels}; fails the test if it is accepted. */
    public static RefusedInputException keyRefusal(byte[] file, List<String> labels, ReadLimits limits) {
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class,
                () -> AnswerKey.read(stream(file), "dicom_id", labels, limits));
        if (refusal == null) {
            throw new AssertionError("the answer key was accepted, expected a refusal");
        }
        return refusal;
    }

    public static RefusedInputException keyRefusal(String csv) {
        return keyRefusal(utf8(csv), LABELS, ReadLimits.DEFAULT);
    }

    /** The refusal of a submission; fails the test if it is accepted. */
    public static RefusedInputException submissionRefusal(byte[] file, AnswerKey key, ReadLimits limits) {
        RefusedInputException refusal = catchThrowableOfType(RefusedInputException.class,
                () -> Submission.read(stream(file), key, limits));
        if (refusal == null) {
            throw new AssertionError("the submission was accepted, expected a refusal");
        }
        return refusal;
    }

    public static RefusedInputException submissionRefusal(String csv, AnswerKey key) {
        return submissionRefusal(utf8(csv), key, ReadLimits.DEFAULT);
    }

    private static final class TricklingInputStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private int position;

        TricklingInputStream(byte[] data, long seed) {
            this.data = data;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
