package io.rekko.node;

import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/rekko server [redis.conf] [--name value ...]}: redis-server's command line.
 * A configuration error prints Redis's message and exits with status 1.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        if (!argv.isEmpty() && argv.get(0).equals("server")) {
            argv = argv.subList(1, argv.size());
        }
        if (argv.contains("-v") || argv.contains("--version")) {
            System.out.println("Rekko server v=7.0.15 (Redis 7.0 compatible)");
            return;
        }
        Config config;
        try {
            config = Config.fromArgs(argv);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Logging.configure(config);
        RekkoNode node;
        try {
            node = RekkoNode.startListening(config);
        } catch (Exception e) {
            // Redis exits when it cannot listen (or load its cluster config): so does Rekko
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Rekko could not start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "rekko-shutdown"));
    }
}
