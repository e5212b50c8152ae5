package jp.reform.collector.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who sent a request: the connection's address, or behind a reverse proxy listed in http.trusted-proxies, the
 * address that proxy says it forwarded for (X-Forwarded-For). Without it every sign-in would come from the proxy:
 * five wrong passwords by anyone would slow everyone's sign-in, and the audit log would name the proxy, not the PC.
 * The header is read only from a listed proxy, and from the right (the entries a client wrote itself come first,
 * the ones each trusted proxy appended last), so a client cannot choose its address by writing the header.
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Set<String> trustedProxies;

    private ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** No proxy trusted: the connection's address is the client's. */
    static final ClientAddress DIRECT = new ClientAddress(Set.of());

    /**
     * @param setting http.trusted-proxies: IP addresses separated by commas; empty when the console is reached directly
     * @throws IllegalArgumentException naming an entry that is not an IP address
     */
    static ClientAddress trusting(String setting) {
        Set<String> proxies = new LinkedHashSet<>();
        for (String entry : setting == null ? new String[0] : setting.split(",")) {
            String address = entry.strip();
            if (address.isEmpty()) {
                continue;
            }
            String normal = normal(address);
            if (normal == null) {
                throw new IllegalArgumentException("Setting http.trusted-proxies must list IP addresses separated by "
                        + "commas (a host name is not accepted), found \"" + address + "\"");
            }
            proxies.add(normal);
        }
        return proxies.isEmpty() ? DIRECT : new ClientAddress(proxies);
    }

    List<String> trustedProxies() {
        return List.copyOf(trustedProxies);
    }

    /**
     * @param peer         the connection's address (without its port)
     * @param forwardedFor the X-Forwarded-For header, or null
     */
    String of(String peer, String forwardedFor) {
        String client = normal(peer);
        if (client == null || !trustedProxies.contains(client) || forwardedFor == null) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normal(hops[i].strip());
            if (hop == null) {
                return client; // not an address: the chain cannot be followed further than the proxy that sent it
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /**
     * The address in one spelling (::1 and 0:0:0:0:0:0:0:1 alike); null when it is not an IP literal. Never a name
     * lookup: a header a client wrote must not make the console wait for DNS.
     */
    private static String normal(String address) {
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (!literal.contains(":")) {
            var parts = IPV4.matcher(literal);
            if (!parts.matches()) {
                return null;
            }
            StringBuilder dotted = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                int part = Integer.parseInt(parts.group(i));
                if (part > 255) {
                    return null;
                }
                dotted.append(i > 1 ? "." : "").append(part);
            }
            return dotted.toString();
        }
        if (!IPV6.matcher(literal).matches()) {
            return null;
        }
        try {
            // with a colon Java parses an IPv6 literal or refuses it; it never looks the text up as a name
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
