package org.cxrlt.leaderboard.system;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedDatabaseTests}: starts the embedded server on the given
 * directory, commits a row, prints {@value #READY} and the postmaster's pid, and waits to be
 * killed.
 */
public final class StaleServerMain {

    static final String READY = "READY ";

    private StaleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), 0);
        EmbeddedDatabaseTests.execute(database,
                "create table survivor (note text); insert into survivor values ('committed before the kill')");
        System.out.println(READY + database.postmasterPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
