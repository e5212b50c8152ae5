package jp.reform.collector.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports for the servers tests and benchmarks start (PostgreSQL, mail, console), or for one that must stay
 * closed. A port is found free here and bound by the server a moment later. Found with bind(0), the system may
 * hand the same port to the other test JVM, or to an outgoing connection, in that moment (once, GreenMail could
 * not start).
 * So these come from below the range the system hands out (from 32768 on Linux), from a block of their own for
 * each test JVM (surefire's fork number, pom.xml), and none is given twice by one JVM.
 */
public final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int BLOCK = 2_000;
    /** Blocks below 32768. */
    private static final int BLOCKS = 6;
    private static final int BASE = FIRST + (forkNumber(System.getProperty("test.fork", "")) - 1) % BLOCKS * BLOCK;
    private static int next;

    private FreePorts() {
    }

    /**
     * Surefire's fork number, from 1, out of "fork-N": the pom cannot pass the number alone (a value that is only
     * the placeholder reaches the JVM empty). 1 when run otherwise (an IDE).
     */
    static int forkNumber(String property) {
        return property.matches("fork-[1-9]\\d{0,3}") ? Integer.parseInt(property.substring("fork-".length())) : 1;
    }

    /** A port of 127.0.0.1 on which nothing listens now, and which this JVM gives to no other caller. */
    public static synchronized int next() {
        for (int tried = 0; tried < BLOCK; tried++) {
            int port = BASE + next++ % BLOCK;
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port in " + BASE + "-" + (BASE + BLOCK - 1));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
