package jp.reform.collector.app;

import java.io.File;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Whether this JVM can use the Japanese names of the inbox's folders and files. On Linux and macOS, Java takes the
 * encoding of file names from the locale it starts in (sun.jnu.encoding) and cannot be told otherwise: started
 * under the C or POSIX locale (a service or scheduler with no LANG), it maps every Japanese name to '?', and the
 * collector could read neither its configuration nor any 課 folder. Said before anything is opened, with the
 * remedy. Windows is not concerned: Java passes file names to it in UTF-16, whatever its code page.
 */
final class FileNameEncoding {

    /** Names as the collector's folders and files have them. */
    private static final String JAPANESE_NAMES = "職員課_実績報告_受付結果";

    private FileNameEncoding() {
    }

    /** The problem, or empty when this JVM's file names can be Japanese (or the encoding cannot be told). */
    static Optional<String> problem() {
        return problem(System.getProperty("sun.jnu.encoding"), File.separatorChar == '\\');
    }

    /** @param windows whether on Windows, where file names do not go through this encoding */
    static Optional<String> problem(String encoding, boolean windows) {
        if (windows) {
            return Optional.empty();
        }
        Charset charset;
        try {
            charset = encoding == null ? null : Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an encoding this JVM has no name for: nothing to tell from it
        }
        if (charset == null || (charset.canEncode() && charset.newEncoder().canEncode(JAPANESE_NAMES))) {
            return Optional.empty();
        }
        return Optional.of("this Java cannot use Japanese file and folder names: it encodes file names in "
                + encoding + ", which it takes from the locale it was started in (LANG / LC_ALL unset, C or POSIX). "
                + "Start the collector with a UTF-8 locale, e.g. LANG=C.UTF-8 (in a systemd unit: "
                + "Environment=LANG=C.UTF-8), or with bin/collector, which does so");
    }
}
