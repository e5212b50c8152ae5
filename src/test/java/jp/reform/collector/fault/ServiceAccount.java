package jp.reform.collector.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Root may list, read and write any folder: as root, a collector process is run without those rights (setpriv), as
 * the service account would run it; another user needs nothing.
 */
final class ServiceAccount {

    private ServiceAccount() {
    }

    /** The command that runs the rest of its line as the service account would (empty when not root). */
    static List<String> wrapper() {
        return "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search") : List.of();
    }

    /**
     * Whether {@code command}, started the same way, is refused: setpriv may be missing or not allowed to drop the
     * rights (a container that forbids it), or root may keep them by its inheritable capabilities.
     */
    static boolean refuses(List<String> wrapper, String... command) throws Exception {
        // the wrapper itself must work (setpriv there and allowed), then the command under it must be refused
        return exitCode(wrapper, List.of("true")) == 0 && exitCode(wrapper, List.of(command)) > 0;
    }

    private static int exitCode(List<String> wrapper, List<String> command) throws Exception {
        List<String> line = new ArrayList<>(wrapper);
        line.addAll(command);
        try {
            Process probe = new ProcessBuilder(line).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor();
        } catch (java.io.IOException e) {
            return -1; // not there
        }
    }
}
