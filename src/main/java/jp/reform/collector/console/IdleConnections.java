package jp.reform.collector.console;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.OnCamelContextInitialized;
import org.apache.camel.spi.OnCamelContextStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection of the console's and the management port's HTTP servers that has sent and received nothing
 * for http.idle-timeout-seconds: half a header, an upload stalled after a few bytes, or a kept-alive connection
 * nobody uses. Without it Vert.x holds such a connection, and an upload's open file, for as long as the client
 * likes (thousands at once from one PC). A slow upload that keeps sending is never cut, however long it takes.
 *
 * <p>Camel 4.18's embedded servers build their Vert.x HttpServerOptions themselves and offer no setting or hook
 * for the idle timeout, so it is set on the options each started server keeps: Vert.x reads them for every
 * connection it accepts. They are not public, hence the reflection; should a new Vert.x keep them elsewhere, the
 * start says so in the log (WARN) and the tests fail, rather than the servers quietly running without it.
 */
public final class IdleConnections implements OnCamelContextInitialized, OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnections.class);

    private final Duration timeout;

    /** @param timeout no traffic for this long closes a connection; zero: never (Vert.x's own default) */
    IdleConnections(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * As soon as the routes start: the servers listen by then, and nobody has been told the console is up. Again
     * once started, for a server that started later (the management port).
     */
    @Override
    public void onContextInitialized(CamelContext context) {
        RoutesStarting.each(context, () -> apply(context));
    }

    @Override
    public void onContextStarted(CamelContext context) {
        apply(context);
    }

    private void apply(CamelContext context) {
        Set<VertxPlatformHttpServer> servers = context.hasServices(VertxPlatformHttpServer.class);
        for (VertxPlatformHttpServer server : servers) {
            HttpServer http = server.getServer();
            if (http == null) {
                continue; // not started yet
            }
            try {
                HttpServerOptions options = options(http);
                options.setIdleTimeoutUnit(TimeUnit.SECONDS);
                options.setIdleTimeout((int) timeout.toSeconds());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("The HTTP server on port {} runs without an idle timeout: a connection that stops sending "
                        + "is held open until its client closes it ({})", server.getPort(), e);
            }
        }
    }

    /** The options the server reads for each connection it accepts (Vert.x 4.5: a field of HttpServerImpl). */
    private static HttpServerOptions options(HttpServer server) throws ReflectiveOperationException {
        for (Class<?> type = server.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == HttpServerOptions.class) {
                    field.setAccessible(true);
                    return (HttpServerOptions) field.get(server);
                }
            }
        }
        throw new NoSuchFieldException("no HttpServerOptions in " + server.getClass().getName());
    }
}
