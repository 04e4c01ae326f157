package org.cxrlt.leaderboard.scoring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The plain uploads this instance keeps for its own workers ({@link LocalCopies}).
 *
 * @param maxSize   the most their files take on disk together; an upload that would pass it is
 *                  not kept (its worker reads the stored copy). 0: none kept
 * @param directory where they are kept; null: {@code scoring-copies/} in this process's
 *                  {@link org.cxrlt.leaderboard.system.UploadDirectory}, beside the uploads being
 *                  received (keeping one is a rename) and removed with it should the process crash.
 *                  A directory given is emptied at start-up, so it must be this instance's own; on
 *                  another file system than the JVM's temporary directory, keeping one is a copy
 */
@ConfigurationProperties("cxrlt.scoring.local-copies")
public record LocalCopySettings(@DefaultValue("1GB") DataSize maxSize, Path directory) {
}
