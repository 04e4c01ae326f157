package org.cxrlt.leaderboard.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.cxrlt.leaderboard.submission.web.MultipartReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a task-1-sized upload's multipart body (35 MB: a small field, the file part of
 * CSV-like digits, a field after it, the closing delimiter; curl's kind of boundary) from
 * memory, every part's content drained through a 64 KiB buffer as the upload's reception reads
 * it: Tomcat's streaming parser ({@code FileUpload.getItemIterator}, as the upload used it)
 * against {@link MultipartReader}. Run by {@code bench/core.sh}; not a unit test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MultipartBenchmark {

    private static final long LIMIT = 512L << 20;

    private String boundary;
    private byte[] body;
    private final byte[] drain = new byte[64 << 10];

    @Setup(Level.Trial)
    public void makeBody() {
        Random random = new Random(2024);
        boundary = "------------------------" + String.format("%016x", random.nextLong());
        ByteArrayOutputStream out = new ByteArrayOutputStream(36 << 20);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
                + "a baseline\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"submission.csv\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder row = new StringBuilder();
        StringBuilder header = new StringBuilder("dicom_id");
        for (int label = 0; label < 40; label++) {
            header.append(",label").append(label);
        }
        out.writeBytes((header + "\n").getBytes(StandardCharsets.US_ASCII));
        while (out.size() < 35_000_000) {
            row.setLength(0);
            row.append(String.format("%040x", random.nextLong()));
            for (int label = 0; label < 40; label++) {
                row.append(',').append(random.nextDouble());
            }
            out.writeBytes((row.append('\n')).toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"methodName\"\r\n\r\n"
                + "ResNet-50\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        body = out.toByteArray();
    }

    /** Tomcat's streaming parser, as the upload used it: the bytes of every part. */
    @Benchmark
    public long tomcatStreamingParser() throws IOException {
        FileUpload upload = new FileUpload();
        upload.setSizeMax(LIMIT);
        upload.setFileSizeMax(LIMIT);
        upload.setPartHeaderSizeMax(512);
        upload.setHeaderEncoding("UTF-8");
        InputStream in = new ByteArrayInputStream(body);
        FileItemIterator items = upload.getItemIterator(new UploadContext() {
            @Override
            public long contentLength() {
                return body.length;
            }

            @Override
            public String getCharacterEncoding() {
                return null;
            }

            @Override
            public String getContentType() {
                return "multipart/form-data; boundary=" + boundary;
            }

            @Override
            public InputStream getInputStream() {
                return in;
            }
        });
        long total = 0;
        while (items.hasNext()) {
            FileItemStream item = items.next();
            try (InputStream content = item.openStream()) {
                total += drained(content);
            }
        }
        return total;
    }

    /** {@link MultipartReader}: the bytes of every part. */
    @Benchmark
    public long multipartReader() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body),
                boundary.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8, LIMIT, LIMIT, 512);
        long total = 0;
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            total += drained(part.content());
        }
        return total;
    }

    private long drained(InputStream content) throws IOException {
        long total = 0;
        int n;
        while ((n = content.read(drain)) >= 0) {
            total += n;
        }
        return total;
    }
}
