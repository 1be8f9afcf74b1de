package io.rekko.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Applies {@code loglevel} and {@code logfile} (relative to {@code dir}, as Redis) to Logback. */
final class Logging {
    private Logging() {}

    static void configure(Config config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{dd MMM yyyy HH:mm:ss.SSS} %.-1level %logger{0}: %msg%n");
        enc.start();
        String file = config.get("logfile");
        OutputStreamAppender<ILoggingEvent> app;
        if (file == null || file.isEmpty()) {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            app = c;
        } else {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            Path p = Path.of(config.get("dir")).resolve(file);
            f.setFile(p.toString());
            app = f;
        }
        app.setContext(ctx);
        app.setEncoder(enc);
        app.start();
        root.addAppender(app);
        root.setLevel(switch (config.get("loglevel")) {
            case "debug" -> Level.DEBUG;
            case "verbose" -> Level.INFO;
            case "warning" -> Level.WARN;
            default -> Level.INFO;
        });
        ctx.getLogger("org.apache.pekko").setLevel(Level.toLevel(System.getProperty("rekko.log.pekko", "WARN")));
        ctx.getLogger("io.netty").setLevel(Level.WARN);
    }
}
