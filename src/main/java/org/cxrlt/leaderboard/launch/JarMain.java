package org.cxrlt.leaderboard.launch;

import org.cxrlt.leaderboard.cli.CommandLine;

/**
 * The jar's entry point. The command-line tools run at once from the classes copied to the
 * jar's root (see the antrun step in {@code pom.xml}), without Spring Boot's nested-jar
 * launcher: opening the hundred-odd nested jars of the service costs about 0.1 s, a sixth of a
 * whole {@code score} run. Anything else goes to that launcher, which starts the service.
 */
public final class JarMain {

    private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private JarMain() {
    }

    public static void main(String[] args) throws Exception {
        if (CommandLine.handles(args)) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        // by name: the launcher is in the packaged jar, not on the compile class path
        Class.forName(SPRING_BOOT_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
