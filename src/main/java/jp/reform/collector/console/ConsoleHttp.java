package jp.reform.collector.console;

import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.intake.ArchiveNames;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading a request and writing a response on Camel's platform-http exchange. Every response starts from a
 * message without headers: the request's parameters arrive as headers, and anything left would be echoed
 * back to the browser as a response header.
 */
final class ConsoleHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHttp.class);

    static final String HTML = "text/html; charset=UTF-8";
    static final String JSON = "application/json; charset=UTF-8";

    private ConsoleHttp() {
    }

    /** A query, path or form parameter (the form's when the request has one). */
    /**
     * A field of the form sent, never of the address: a token in a URL is kept in the browser's history, the
     * server's and proxies' logs and the next page's Referer. Where the address names the field at all (also
     * percent-encoded), it counts as absent, whatever the form says.
     */
    static Optional<String> formField(Exchange exchange, String name) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null) {
            for (String pair : query.split("&")) {
                String key = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                try {
                    if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                        return Optional.empty();
                    }
                } catch (IllegalArgumentException malformed) {
                    return Optional.empty();
                }
            }
        }
        return param(exchange, name);
    }

    /**
     * A number a form carries of what its page showed (the latest file, review action or results version), so that
     * an action from a page older than the state it acts on is refused; empty when the form has none (not checked),
     * 400 when it is not a number.
     */
    static Optional<Long> shownNumber(Exchange exchange, String name) {
        return param(exchange, name).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ConsoleDenied.badRequest("画面を更新してから、もう一度操作してください。");
            }
        });
    }

    static Optional<String> param(Exchange exchange, String name) {
        Object body = exchange.getMessage().getBody();
        Object value = body instanceof Map<?, ?> form && form.containsKey(name) ? form.get(name)
                : exchange.getMessage().getHeader(name);
        if (value instanceof Iterable<?> many) {
            var it = many.iterator();
            value = it.hasNext() ? it.next() : null;
        }
        return value == null || looksEmpty(value.toString()) ? Optional.empty()
                : Optional.of(withoutNul(value.toString().strip()));
    }

    /**
     * Nothing a reader would see: spaces of any kind (also the no-break and ideographic ones) and invisible
     * format characters (zero-width space, joiners, BOM, bidi controls). A comment or reason made only of them
     * is as good as none and must not pass as written.
     */
    static boolean looksEmpty(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT);
    }

    /**
     * A parameter of the route's path ({@code /departments/{department}}). Camel puts the request's headers,
     * its query, the path's parameters and a form's fields under the same name, in no order that tells them
     * apart: a request naming something else there than its address (a query {@code ?department=}, a form
     * field, a header) is refused, so that what a page shows and what an action changes is what its address
     * names. The console's own links and forms never send such a field.
     */
    static Optional<String> pathParam(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        Set<String> values = new LinkedHashSet<>();
        for (Object v : value instanceof Iterable<?> many ? many : Collections.singletonList(value)) {
            if (v != null && !v.toString().isBlank()) {
                values.add(withoutNul(v.toString().strip()));
            }
        }
        if (values.size() > 1) {
            throw ConsoleDenied.badRequest("アドレスと送信された項目とで指しているものが異なるため、受け付けられませんでした。"
                    + "画面のリンクやボタンからもう一度操作してください。");
        }
        return values.stream().findFirst();
    }

    /**
     * A value from the request, refused (400) when it holds a NUL: PostgreSQL's text cannot store one, so it
     * would otherwise fail the request in the database (500) after the checks had passed.
     */
    static String withoutNul(String value) {
        if (value.indexOf('\0') >= 0) {
            throw ConsoleDenied.badRequest("使えない文字（NUL）が含まれているため、受け付けられませんでした。"
                    + "入力した内容やアドレスを確かめて、もう一度操作してください。");
        }
        return value;
    }

    static String method(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }

    static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, "/", String.class);
    }

    static Optional<String> cookie(Exchange exchange, String name) {
        String header = exchange.getMessage().getHeader("Cookie", String.class);
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return Optional.of(part.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The name ClientAddress is bound under (WebConsole.bind). */
    static final String CLIENT_ADDRESS_BEAN = "consoleClientAddress";

    /** The client's address: the connection's, or the one a trusted reverse proxy forwarded for (ClientAddress). */
    static String remoteAddress(Exchange exchange) {
        String remote = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress", String.class);
        if (remote == null) {
            return "unknown";
        }
        int colon = remote.lastIndexOf(':');
        String peer = colon > 0 ? remote.substring(0, colon) : remote;
        ClientAddress clients = exchange.getContext().getRegistry()
                .lookupByNameAndType(CLIENT_ADDRESS_BEAN, ClientAddress.class);
        if (clients == null) {
            return peer;
        }
        Object forwarded = exchange.getMessage().getHeader("X-Forwarded-For");
        // the header sent more than once counts as one list, in the order received
        String forwardedFor = forwarded instanceof Iterable<?> many
                ? String.join(",", java.util.stream.StreamSupport.stream(many.spliterator(), false)
                        .map(String::valueOf).toList())
                : forwarded == null ? null : forwarded.toString();
        return clients.of(peer, forwardedFor);
    }

    /** The headers every console response carries, besides its status and content type. */
    static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin",
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                    + "script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");

    /** Clears the message for a response and sets the headers every console response carries. */
    static Message respond(Exchange exchange, int status, String contentType) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        HEADERS.forEach(message::setHeader);
        return message;
    }

    static void html(Exchange exchange, int status, String html) {
        respond(exchange, status, HTML).setBody(html);
    }

    static void redirect(Exchange exchange, String location) {
        Message message = respond(exchange, 303, HTML);
        message.setHeader("Location", location);
        message.setBody("");
    }

    /** Longest name a download is saved under, in UTF-8 bytes (ext4's limit for one name). */
    private static final int MAX_DOWNLOAD_NAME_BYTES = 255;

    /**
     * A file for download; the name is given both plainly (ASCII fallback) and as UTF-8 (RFC 6266/5987), both made
     * from one safe name: a received file's name is the 課's, and a CR or LF, a quote, a backslash or a slash in it
     * must neither end the header nor name a folder where the browser saves it.
     */
    static void download(Exchange exchange, String contentType, String fileName, Object body) {
        Message message = respond(exchange, 200, contentType);
        String safe = ArchiveNames.safe(fileName, MAX_DOWNLOAD_NAME_BYTES);
        String ascii = safe.replaceAll("[^A-Za-z0-9._-]", "_");
        message.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + encode(safe));
        message.setBody(body);
    }

    /**
     * A temporary file for download, deleted once it has been sent or as soon as the client has gone away.
     */
    static void downloadAndDelete(Exchange exchange, String contentType, String fileName, Path file)
            throws IOException {
        send(exchange, contentType, fileName, FileDownload.temporary(file));
    }

    /**
     * A file that stays (an archived original) for download, read from disk as it is sent, never whole in memory,
     * and opened without following a link at its name. It is closed once sent, or when the client has gone away.
     */
    static void downloadFile(Exchange exchange, String contentType, String fileName, Path file) throws IOException {
        send(exchange, contentType, fileName, FileDownload.kept(file));
    }

    /**
     * Camel pumps the stream into the response and closes it when the response has ended; a client that goes
     * away while the pump waits for the connection to take more (a large file) would leave it open, and a
     * temporary file on disk, for good.
     */
    private static void send(Exchange exchange, String contentType, String fileName, FileDownload in) {
        download(exchange, contentType, fileName, in);
        if (exchange.getMessage() instanceof HttpMessage http && http.getResponse() != null) {
            HttpServerResponse response = http.getResponse();
            // nothing else sets this response's close handler: Vert.x Web would only for
            // RoutingContext.addEndHandler, which neither Camel's consumer nor the body handler calls
            response.closeHandler(gone -> clientGone(in));
            if (response.closed()) {
                clientGone(in);
            }
        } else {
            LOG.warn("Download {} is not on a Vert.x response: its file is closed only once it was sent",
                    LogText.escape(fileName));
        }
    }

    private static void clientGone(FileDownload in) {
        try {
            in.clientGone();
        } catch (IOException e) {
            LOG.warn("Download {} not closed: {}", in.file(), LogText.cause(e));
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
