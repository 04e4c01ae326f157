package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.InputStreamSource;

/**
 * An upload as it came, in a temporary file of its own that the service wrote while receiving
 * it: once the upload is stored it may be moved away ({@link CompressedUpload#movePlainTo}).
 *
 * @param path the file
 */
public record ReceivedFile(Path path) implements InputStreamSource {

    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(path);
    }
}
