package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.support.FreshDatabase;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored files on a database as the service left it before V21 (files whole in
 * {@code submission_file.content}) and migrated on: the old files read back byte for byte, new
 * ones are written as parts and read back byte for byte, whatever the slice size; a write that
 * fails leaves nothing behind. Whatever the compression (zstd now, gzip before it or where zstd's
 * library does not load, or the upload as it came), the upload reads back as it was uploaded.
 */
class StoredFileTests extends ServiceTests {

    @Autowired
    private DataSource dataSource;

    @Test
    void filesStoredBeforeV21AndInPartsAfterItReadBackUnchanged() throws Exception {
        FreshDatabase.use(dataSource, "stored_file", db -> {
            FreshDatabase.migrate(db, "20");
            JdbcTemplate sql = new JdbcTemplate(db);
            long phase = phase(sql);
            byte[] old = bytes(50_001, 1);
            long before = submission(sql, phase);
            sql.update("insert into submission_file (submission_id, compression, content) values (?, 'GZIP', ?)",
                    before, old);

            FreshDatabase.migrate(db, "latest");

            assertThat(read(sql, before, 4096)).isEqualTo(old);
            assertThat(read(sql, before, StoredFile.SLICE_BYTES)).isEqualTo(old);

            byte[] now = bytes(10 * StoredFile.PART_BYTES + 3, 2);
            long after = submission(sql, phase);
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(db));
            long written = transaction.execute(status -> {
                long n = StoredFile.write(sql, after, out -> {
                    out.write(now, 0, 5); // in pieces that do not match the rows
                    out.write(now[5]);
                    out.write(now, 6, now.length - 6);
                });
                sql.update("insert into submission_file (submission_id, compression, stored_length) "
                        + "values (?, 'GZIP', ?)", after, n);
                return n;
            });

            assertThat(written).isEqualTo(now.length);
            assertThat(sql.queryForObject("select count(*) from submission_file_part where submission_id = ?",
                    Integer.class, after)).isEqualTo(11);
            assertThat(sql.queryForObject("select max(octet_length(content)) from submission_file_part "
                    + "where submission_id = ?", Integer.class, after)).isEqualTo(StoredFile.PART_BYTES);
            for (int slice : new int[] {1, 4096, 3 * StoredFile.PART_BYTES + 17, StoredFile.SLICE_BYTES}) {
                assertThat(read(sql, after, slice)).as("read in slices of %d bytes", slice).isEqualTo(now);
            }
            try (StoredFile in = StoredFile.open(sql, after)) {
                assertThat(in.length()).isEqualTo(now.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a file is in one place: not both, not neither
            long neither = submission(sql, phase);
            assertThatThrownBy(() -> sql.update("insert into submission_file (submission_id, compression) "
                    + "values (?, 'GZIP')", neither)).isInstanceOf(DataIntegrityViolationException.class);
        });
    }

    @Test
    void aWriteThatFailsStoresNothingAndLeavesTheConnectionUsable() throws Exception {
        FreshDatabase.use(dataSource, "stored_file", db -> {
            FreshDatabase.migrate(db, "latest");
            // db is one connection: the one the failed COPY ran on is the one used after it
            JdbcTemplate sql = new JdbcTemplate(db);
            long submission = submission(sql, phase(sql));
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(db));
            byte[] some = bytes(3 * StoredFile.PART_BYTES, 3);

            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> StoredFile.write(sql, submission,
                    out -> {
                        out.write(some);
                        throw new IOException("the upload's temporary file could not be read");
                    }))).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("could not be read");

            assertThat(sql.queryForObject("select count(*) from submission_file_part", Integer.class)).isZero();
            assertThat(sql.queryForObject("select 1", Integer.class)).isEqualTo(1);
        });
    }

    @Test
    void filesOfEveryCompressionStoredBeforeAndAfterV24ReadBackAsTheyWereUploaded() throws Exception {
        FreshDatabase.use(dataSource, "stored_file", unchecked(db -> {
            FreshDatabase.migrate(db, "23");
            JdbcTemplate sql = new JdbcTemplate(db);
            long phase = phase(sql);
            byte[] csv = csv(300_000, 11);
            byte[] gzip = gzip(csv);
            // as the service stored them before: gzipped by it, whole (before V21) and in parts; a
            // gzip as it came; an answer key gzipped by it
            long wholeGzip = submission(sql, phase);
            sql.update("insert into submission_file (submission_id, compression, content) values (?, 'GZIP', ?)",
                    wholeGzip, gzip);
            long partsGzip = submission(sql, phase);
            inParts(db, sql, partsGzip, "GZIP", out -> out.write(gzip));
            long asUploaded = submission(sql, phase);
            inParts(db, sql, asUploaded, "AS_UPLOADED", out -> out.write(gzip));
            long key = sql.queryForObject("insert into answer_key (phase_id, content, rows, version) values (?, ?, 1, 1) "
                    + "returning id", Long.class, phase, gzip);
            long notYet = submission(sql, phase);
            assertThatThrownBy(() -> sql.update("insert into submission_file (submission_id, compression, content) "
                    + "values (?, 'ZSTD', ?)", notYet, gzip)).isInstanceOf(DataIntegrityViolationException.class);

            FreshDatabase.migrate(db, "latest");

            ReadLimits limits = new ReadLimits(csv.length);
            assertThat(upload(sql, wholeGzip, limits)).isEqualTo(csv);
            assertThat(upload(sql, partsGzip, limits)).isEqualTo(csv);
            // as it came: the core reads the gzip
            assertThat(upload(sql, asUploaded, limits)).isEqualTo(gzip);
            assertThat(sql.queryForObject("select compression from answer_key where id = ?", String.class, key))
                    .isEqualTo("AS_UPLOADED");

            // and a plain upload stored now, as zstd
            long zstd = submission(sql, phase);
            try (CompressedUpload upload = CompressedUpload.streamed(multipart(csv), csv.length)) {
                assertThat(upload.compression()).isEqualTo(CompressedUpload.Compression.ZSTD);
                inParts(db, sql, zstd, upload.compression().name(), upload::writeTo);
            }
            assertThat(upload(sql, zstd, limits)).isEqualTo(csv);
            try (StoredFile in = StoredFile.open(sql, zstd, 4096)) {
                assertThat(in.compression()).isEqualTo(CompressedUpload.Compression.ZSTD);
                assertThat(in.length()).isLessThan(csv.length * 6L / 10);
                assertThat(in.readUpload(limits, InputStream::readAllBytes)).isEqualTo(csv);
            }
            // the decompression limit holds for what the service compressed
            assertThatThrownBy(() -> upload(sql, zstd, new ReadLimits(csv.length - 1)))
                    .isInstanceOf(RefusedInputException.class).hasMessageContaining("the limit");
            assertThatThrownBy(() -> upload(sql, partsGzip, new ReadLimits(csv.length - 1)))
                    .isInstanceOf(RefusedInputException.class).hasMessageContaining("the limit");
        }));
    }

    @Test
    void withoutZstdsLibraryAnUploadIsStoredAsGzipAndReadsBack() throws Exception {
        FreshDatabase.use(dataSource, "stored_file", unchecked(db -> {
            FreshDatabase.migrate(db, "latest");
            JdbcTemplate sql = new JdbcTemplate(db);
            long submission = submission(sql, phase(sql));
            byte[] csv = csv(100_000, 12);
            CompressedUpload.Zstd.choose(false);
            try (CompressedUpload upload = CompressedUpload.streamed(multipart(csv), csv.length)) {
                assertThat(upload.compression()).isEqualTo(CompressedUpload.Compression.GZIP);
                inParts(db, sql, submission, upload.compression().name(), upload::writeTo);
            } finally {
                CompressedUpload.Zstd.choose(null);
            }
            assertThat(sql.queryForObject("select compression from submission_file where submission_id = ?",
                    String.class, submission)).isEqualTo("GZIP");
            assertThat(upload(sql, submission, new ReadLimits(csv.length))).isEqualTo(csv);
        }));
    }

    @Test
    void aDamagedZstdFileFailsToReadRatherThanReadingOtherBytes() throws Exception {
        FreshDatabase.use(dataSource, "stored_file", unchecked(db -> {
            FreshDatabase.migrate(db, "latest");
            JdbcTemplate sql = new JdbcTemplate(db);
            long submission = submission(sql, phase(sql));
            byte[] csv = csv(200_000, 13);
            try (CompressedUpload upload = CompressedUpload.streamed(multipart(csv), csv.length)) {
                inParts(db, sql, submission, upload.compression().name(), upload::writeTo);
            }
            // a run of bytes in the second row changed (a disk's or a hand's damage)
            sql.update("update submission_file_part set content = overlay(content placing '\\x0000000000000000'::bytea "
                    + "from 100) where submission_id = ? and part = 1", submission);

            assertThatThrownBy(() -> upload(sql, submission, new ReadLimits(csv.length)))
                    .isInstanceOf(IOException.class);
        }));
    }

    /** A test's body on the fresh database, which may throw what reading a stream throws. */
    private interface Body {
        void run(DataSource db) throws Exception;
    }

    private static java.util.function.Consumer<DataSource> unchecked(Body body) {
        return db -> {
            try {
                body.run(db);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static byte[] upload(JdbcTemplate sql, long submission, ReadLimits limits)
            throws IOException, RefusedInputException {
        try (StoredFile in = StoredFile.open(sql, submission)) {
            return in.readUpload(limits, InputStream::readAllBytes);
        }
    }

    private static void inParts(DataSource db, JdbcTemplate sql, long submission, String compression,
                                StoredFile.Content content) {
        new TransactionTemplate(new DataSourceTransactionManager(db)).executeWithoutResult(status -> {
            long n = StoredFile.write(sql, submission, content);
            sql.update("insert into submission_file (submission_id, compression, stored_length) values (?, ?, ?)",
                    submission, compression, n);
        });
    }

    private static MockMultipartFile multipart(byte[] content) {
        return new MockMultipartFile("file", "predictions.csv", "text/csv", content);
    }

    /** About {@code bytes} bytes of predictions (whole rows). */
    private static byte[] csv(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("dicom_id,Atelectasis,Cardiomegaly\n");
        while (csv.length() < bytes) {
            csv.append(Long.toHexString(random.nextLong())).append(',').append(random.nextDouble()).append(',')
                    .append(random.nextDouble()).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] read(JdbcTemplate sql, long submission, int sliceBytes) {
        try (InputStream in = StoredFile.open(sql, submission, sliceBytes)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long phase(JdbcTemplate sql) {
        long challenge = id(sql, "insert into challenge (slug, title) values ('c', 'C') returning id");
        long task = id(sql, "insert into task (challenge_id, slug, title) values (" + challenge + ", 't', 'T') returning id");
        return id(sql, "insert into phase (task_id, slug, title, opens_at) values (" + task + ", 'p', 'P', now()) "
                + "returning id");
    }

    private static long submission(JdbcTemplate sql, long phase) {
        return id(sql, "insert into submission (phase_id, baseline_name, file_size) values (" + phase
                + ", 'Baseline', 1) returning id");
    }

    private static long id(JdbcTemplate sql, String statement) {
        return sql.queryForObject(statement, Long.class);
    }
}
