package org.cxrlt.leaderboard.system;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link UploadDirectoryTests}: makes an upload directory in the given
 * directory, writes a file into it, prints {@value #READY} and the directory's path, and waits to
 * be killed.
 */
public final class LiveUploadDirectoryMain {

    static final String READY = "READY ";

    private LiveUploadDirectoryMain() {
    }

    public static void main(String[] args) throws Exception {
        UploadDirectory directory = UploadDirectory.open(Path.of(args[0]));
        java.nio.file.Files.write(directory.newFile("upload-", ".csv"), new byte[100]);
        System.out.println(READY + directory.path());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
