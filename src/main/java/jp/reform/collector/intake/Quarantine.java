package jp.reform.collector.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.store.FolderRefusalRepository.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine of a department's folder, inbox/&lt;department&gt;/.quarantine/&lt;date&gt;/: files the collector
 * could not take the ordinary way are moved there under a safe name, with a reason file (Japanese, for
 * the department and the administrative division) beside each. Beside .done and .error so that the
 * department sees its own files and the move stays on one file system; the file consumer never looks
 * into it (hidden, and below the depth it reads).
 */
final class Quarantine {

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    static final String FOLDER = ".quarantine";
    private static final String NL = "\r\n"; // opened in Notepad on Windows
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'Q'yyyyMMdd-HHmmss");

    /**
     * The folders of an absolute path left in a technical detail once the inbox is taken off: a Unix path
     * (/srv/collector/data/), a Windows one (D:\collector\data\, \\server\share\), each at the start
     * of the text or after a space, colon, quote or bracket.
     */
    private static final Pattern ABSOLUTE_FOLDERS = Pattern.compile(
            "(?<![^\\s:=(\\[\"'])(?:/(?:[^/\\s]+/)+|(?:[A-Za-z]:\\\\|\\\\\\\\)(?:[^\\\\/:*?\"<>|\\r\\n]+\\\\)+)");

    private final Clock clock;
    /** The inbox as configured and as it really is (through a link), each with its separator. */
    private final List<String> inboxPrefixes;

    Quarantine(Clock clock, Path inbox) throws IOException {
        this.clock = clock;
        Path absolute = inbox.toAbsolutePath().normalize();
        this.inboxPrefixes = List.of(absolute.toRealPath() + File.separator, absolute + File.separator);
    }

    /** The suffix of the reason file written beside a quarantined file. */
    static String reasonSuffix() {
        return Messages.text("quarantine.file_suffix");
    }

    /**
     * Moves {@code file} (never following a link: the move renames the entry itself) into the quarantine
     * of its folder and writes the reason beside it.
     *
     * @param prefix the receipt number when the file was received, else null (a time stamp is used)
     * @return the quarantined file
     */
    Path move(Path file, String prefix, String reasonText) throws IOException {
        Path departmentFolder = file.getParent();
        ZonedDateTime now = ZonedDateTime.now(clock);
        Path folder = ReceiptFiles.insideFolder(departmentFolder, FOLDER + "/" + DAY.format(now));
        String stem = prefix != null ? prefix : STAMP.format(now);
        for (int attempt = 1; ; attempt++) {
            String name = ArchiveNames.archived(attempt == 1 ? stem : stem + "-" + attempt,
                    file.getFileName().toString(), reasonSuffix());
            Path target = folder.resolve(name);
            try {
                // no REPLACE_EXISTING: never over another file, nor through a link standing at the name
                Files.move(file, target);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 100) {
                    continue;
                }
                throw e;
            }
            try {
                ReceiptFiles.write(folder.resolve(name + reasonSuffix()), "\uFEFF" + reasonText);
            } catch (IOException e) {
                // the file is out of the way, which is what matters; the report still tells why
                LOG.warn("Could not write the reason beside {}: {}", LogText.escape(name), LogText.escape(e.toString(), 1000));
            }
            return target;
        }
    }

    /**
     * The reason file's text: what the file was, why it is here, what the department is to do, and for a
     * file that had been received, its receipt.
     */
    String reason(Refusal refusal, String receiptNo, String receiptText) {
        String path = refusal.itemPath();
        String name = path.substring(path.indexOf('/') + 1);
        StringBuilder out = new StringBuilder();
        line(out, Messages.text("quarantine.title"));
        line(out, "");
        line(out, Messages.text("quarantine.original", ArchiveNames.shown(name)));
        line(out, Messages.text("quarantine.folder", ArchiveNames.shown(refusal.departmentFolder())));
        line(out, Messages.text("quarantine.when", WHEN.format(ZonedDateTime.now(clock))));
        line(out, Messages.text("quarantine.reason", Messages.text("refusal.kind." + refusal.kind().dbValue())));
        line(out, "");
        if (receiptNo != null) {
            line(out, Messages.text("quarantine.received", receiptNo));
        } else {
            line(out, advice(refusal.kind()));
        }
        line(out, Messages.text("quarantine.contact"));
        line(out, Messages.text("quarantine.detail", ArchiveNames.shown(withoutServerPaths(refusal.detail()))));
        if (receiptText != null) {
            line(out, "");
            line(out, "----");
            out.append(receiptText.replace("\r\n", "\n").replace("\n", NL));
        }
        return out.toString();
    }

    /**
     * What the department is to do about a file that was not received, fitting why: a new name is no help
     * for a file the service may not open, nor for an error of its own.
     */
    private static String advice(Kind kind) {
        return Messages.text(switch (kind) {
            case UNSAFE_NAME -> "quarantine.advice.unsafe_name";
            case UNREADABLE -> "quarantine.advice.unreadable";
            case POISON -> "quarantine.advice.poison";
            // never quarantined without a receipt: left where they are, or (unarchivable) received already
            case LINKED_FOLDER, SYMLINK, SPECIAL_FILE, HARD_LINK, OUTSIDE_INBOX, UNRESOLVABLE, UNARCHIVABLE,
                 NOT_IN_FOLDER, SUBFOLDER, UNLISTABLE ->
                    "quarantine.advice.other";
        });
    }

    /**
     * A technical detail as the department may read it: a path in the inbox relative to it (職員課/実績.xlsx),
     * as the 課 knows its file; any other absolute path (the server's working copy) cut to its name. Where the
     * server keeps its folders tells the 課 nothing and is not theirs to know.
     */
    private String withoutServerPaths(String detail) {
        if (detail == null) {
            return "";
        }
        String shown = detail;
        for (String prefix : inboxPrefixes) {
            shown = shown.replace(prefix, "");
        }
        return ABSOLUTE_FOLDERS.matcher(shown).replaceAll("");
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(NL);
    }
}
