package org.cxrlt.leaderboard.launch;

import org.cxrlt.leaderboard.cli.CommandLine;

/**
 * The jar's entry point. The command-line tools run at once from the classes copied to the
 * jar's root (see the antrun step in {@code pom.xml}), without Spring Boot's nested-jar
 * launcher: opening the hundred-odd nested jars of the service costs about 0.1 s, a sixth of a
 * whole {@code score} run. No arguments, {@code serve}, or Spring properties only
 * ({@code --server.port=8081}) go to that launcher, which starts the service; any other first
 * word is a command, and an unknown one gets the usage and exit code 2.
 */
public final class JarMain {

    private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private JarMain() {
    }

    public static void main(String[] args) throws Exception {
        // -Djarmode=tools (the layered extraction) is the launcher's, whatever its arguments
        if (System.getProperty("jarmode") == null && CommandLine.handles(args)) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        String[] serviceArgs = args.length > 0 && args[0].equals("serve")
                ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        // by name: the launcher is in the packaged jar, not on the compile class path
        Class.forName(SPRING_BOOT_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) serviceArgs);
    }
}
