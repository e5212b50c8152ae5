package jp.reform.collector.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;

/** The console's style sheet, from the classpath: no CDN, since city PCs on LGWAN have no internet. */
public final class ConsoleAssets {

    private final byte[] css;

    public ConsoleAssets() {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/assets/console.css")) {
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void styleSheet(Exchange exchange) {
        ConsoleHttp.respond(exchange, 200, "text/css; charset=UTF-8").setBody(css);
        exchange.getMessage().setHeader("Cache-Control", "max-age=3600");
    }
}
