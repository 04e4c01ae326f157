package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;

/**
 * Temporary upload files live in a directory of their process, locked for its life: what a
 * process that was killed left is removed by the next one to start, what a live one holds is not.
 * The live instance is a child JVM, killed as a crash kills it.
 */
class UploadDirectoryTests {

    @TempDir
    Path parent;

    @Test
    void theLeftoversOfAKilledInstanceAreRemovedAtStartAndALiveInstancesFilesAreKept() throws Exception {
        Process live = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LiveUploadDirectoryMain.class.getName(),
                parent.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(live.getInputStream(),
                StandardCharsets.UTF_8))) {
            Path liveDirectory = awaitReady(out);
            // Left by an instance that died: its lock file no longer held by anyone.
            Path dead = Files.createDirectories(parent.resolve(UploadDirectory.PREFIX + "0123456789abcdef"));
            Files.write(dead.resolve(UploadDirectory.LOCK), new byte[0]);
            Files.write(dead.resolve("upload-1.csv"), new byte[1000]);
            Files.write(dead.resolve("upload-2.stored"), new byte[300]);
            Files.write(Files.createDirectories(dead.resolve("scoring-copies")).resolve("a-7.csv"), new byte[24]);

            UploadDirectory started = UploadDirectory.open(parent);
            try {
                assertThat(started.removedAtStart()).isEqualTo(new UploadDirectory.Leftovers(1, 3, 1324));
                assertThat(dead).doesNotExist();
                assertThat(liveDirectory).isDirectory();
                assertThat(Files.size(single(liveDirectory, "upload-"))).isEqualTo(100);

                live.destroyForcibly(); // kill -9: the process had no chance to remove its directory
                assertThat(live.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(liveDirectory).isDirectory();

                assertThat(UploadDirectory.removeLeftovers(parent)).isEqualTo(new UploadDirectory.Leftovers(1, 1, 100));
                assertThat(liveDirectory).doesNotExist();
                // This process's own directory is kept by its own sweeps.
                assertThat(started.path()).isDirectory();
                assertThat(started.path().resolve(UploadDirectory.LOCK)).exists();
            } finally {
                started.remove();
            }
            assertThat(started.path()).doesNotExist();
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void aDirectoryWithoutItsLockFileIsLeftAloneSinceItMayBeBeingMade() throws Exception {
        Path making = Files.createDirectories(parent.resolve(UploadDirectory.PREFIX + "fedcba9876543210"));

        assertThat(UploadDirectory.removeLeftovers(parent)).isEqualTo(new UploadDirectory.Leftovers(0, 0, 0));
        assertThat(making).isDirectory();
    }

    @Test
    void anUploadCompressedForStoringIsInThisProcesssDirectoryUntilClosed() throws Exception {
        byte[] csv = "dicom_id,a\n1,0.5\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Path directory = UploadDirectory.current().path();
        Path file;
        try (CompressedUpload stored = CompressedUpload.of(new ByteArrayResource(csv), csv.length)) {
            file = single(directory, "upload-");
            assertThat(file.getFileName().toString()).endsWith(".stored");
            assertThat(Files.size(file)).isEqualTo(stored.length());
        }
        assertThat(file).doesNotExist();
    }

    private static Path single(Path directory, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static Path awaitReady(BufferedReader out) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(LiveUploadDirectoryMain.READY)) {
                return Path.of(line.substring(LiveUploadDirectoryMain.READY.length()).trim());
            }
        }
        throw new AssertionError("the child JVM ended before its upload directory was made");
    }

    /**
     * A new upload file is written without being truncated first (see {@link UploadDirectory#writeNew}):
     * bytes already in it past what is written stay, which a truncating open would have removed.
     */
    @Test
    void aNewFileIsWrittenWithoutTruncatingItAndAMissingOneIsNotMade() throws Exception {
        Path file = UploadDirectory.current().newFile("upload-", ".csv");
        try {
            Files.writeString(file, "abc", StandardCharsets.US_ASCII);
            try (OutputStream out = UploadDirectory.writeNew(file)) {
                out.write('x');
            }
            assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("xbc");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThatThrownBy(() -> UploadDirectory.writeNew(file)).isInstanceOf(NoSuchFileException.class);
    }
}
