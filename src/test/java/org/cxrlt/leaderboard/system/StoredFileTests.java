package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.sql.DataSource;
import org.cxrlt.leaderboard.support.FreshDatabase;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored files on a database as the service left it before V21 (files whole in
 * {@code submission_file.content}) and migrated on: the old files read back byte for byte, new
 * ones are written as parts and read back byte for byte, whatever the slice size; a write that
 * fails leaves nothing behind.
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
