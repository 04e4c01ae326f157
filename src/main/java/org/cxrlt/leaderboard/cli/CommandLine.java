package org.cxrlt.leaderboard.cli;

import java.io.PrintStream;
import java.util.Set;

/** Entry point of the command-line tools shipped in the service jar. */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("score", "generate");

    private CommandLine() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("not implemented yet");
        return 1;
    }
}
