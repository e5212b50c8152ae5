package jp.reform.collector.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.intake.LinksOnTheWay;
import jp.reform.collector.master.Department;

/**
 * Where a received file and its receipt are archived, for download endpoints. Both lie in the inbox under
 * the department's folder: {@code inbox/<folder>/<archivedPath>} and the receipt beside it. The folder is
 * the department's name, or one of its former names when the file was dropped into the old folder, so the
 * candidates are tried in turn. An endpoint checks {@link #belongsTo} before serving anything.
 *
 * @param department   null when the file came from an unknown folder (then it cannot be located)
 * @param archivedPath relative to the department's folder, e.g. {@code .done/2026-06-20/R2026-000012_x.xlsx}
 * @param receiptPath  the receipt text file beside it ({@code …_受付結果.txt})
 * @param folders      the department's folder names: its name first, then its former names
 * @param storedReceipt the receipt as written, kept with the submission (V25); null for one received before
 */
public record SubmissionFile(long submissionId, String receiptNo, String department, String channel,
                             String originalName, String status, Instant receivedAt, String archivedPath,
                             String receiptPath, List<String> folders, String storedReceipt) {

    public SubmissionFile {
        folders = List.copyOf(folders);
    }

    public SubmissionFile(long submissionId, String receiptNo, String department, String channel, String originalName,
                          String status, Instant receivedAt, String archivedPath, String receiptPath,
                          List<String> folders) {
        this(submissionId, receiptNo, department, channel, originalName, status, receivedAt, archivedPath, receiptPath,
                folders, null);
    }

    /**
     * The file is the department's: sent under its name, or under a former one before it was renamed (also when
     * departments.csv writes that name in another width than it was recorded in).
     */
    public boolean belongsTo(Department owner) {
        return department != null && (department.equals(owner.name()) || owner.isCalled(department));
    }

    /** The archived original under {@code inbox}, if it is there. */
    public Optional<Path> archivedFile(Path inbox) {
        return locate(inbox, archivedPath);
    }

    /** The receipt text file under {@code inbox}, if it is there. */
    public Optional<Path> receiptFile(Path inbox) {
        return locate(inbox, receiptPath);
    }

    /**
     * The receipt as the department read it: as kept with the submission, so that it is there also when the file
     * could not be archived; else (received before V25) its file, without the byte-order mark written for Notepad.
     */
    public Optional<String> receiptText(Path inbox) throws IOException {
        if (storedReceipt != null) {
            return Optional.of(storedReceipt);
        }
        Optional<Path> file = receiptFile(inbox);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String text = Files.readString(file.get(), StandardCharsets.UTF_8);
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * The file at {@code relative} below one of the department's folders, never through a link: a link planted
     * in a 課's folder (a share the 課 may write to), at the file's name or for a folder on the way, would
     * otherwise have the console hand out whatever it points to. Only the 課's folder and below are looked at;
     * the inbox itself may be reached through a link the operator set up.
     */
    private Optional<Path> locate(Path inbox, String relative) {
        if (relative == null) {
            return Optional.empty();
        }
        Path root = inbox.toAbsolutePath().normalize();
        for (String folder : folders) {
            Path base = root.resolve(folder).normalize();
            Path candidate = base.resolve(relative).normalize();
            // never serve anything outside the department's folder, whatever the stored path says
            if (base.getParent() != null && base.getParent().equals(root) && candidate.startsWith(base)
                    && LinksOnTheWay.first(base, candidate).isEmpty()
                    && Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
