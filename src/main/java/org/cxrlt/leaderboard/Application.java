package org.cxrlt.leaderboard;

import org.cxrlt.leaderboard.cli.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, two faces: {@code score} and {@code generate} run the command-line tools without
 * starting Spring or a database; anything else starts the leaderboard service.
 */
@SpringBootApplication
public class Application {

    public static void main(String[] args) {
        if (CommandLine.handles(args)) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        SpringApplication.run(Application.class, args);
    }
}
