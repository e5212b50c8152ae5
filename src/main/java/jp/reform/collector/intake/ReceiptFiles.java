package jp.reform.collector.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.store.FolderRefusalRepository.Refusal;

/**
 * The archive of a department's submissions, whichever way they came: inbox/&lt;department&gt;/.done/&lt;date&gt;/
 * or .error/&lt;date&gt;/, each file renamed with its receipt number, its receipt text file beside it.
 */
final class ReceiptFiles {

    /** Writes the receipt and returns the path the submitted file is to be moved to. */
    static Path archive(Path departmentFolder, IngestOutcome outcome) throws IOException {
        Path folder = insideFolder(departmentFolder, outcome.archiveFolder());
        // UTF-8 with BOM so that Notepad on older Windows shows the Japanese correctly
        write(folder.resolve(outcome.receiptName()), "\uFEFF" + outcome.receiptText());
        return folder.resolve(outcome.archivedName());
    }

    /** A received file (mailed or uploaded, from its staging copy) moved into its 課's archive beside its receipt. */
    static void moveIn(Path inbox, IncomingFile incoming, IngestOutcome outcome) throws IOException {
        Path target = archive(inbox.resolve(incoming.departmentName()), outcome);
        Files.move(incoming.file(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * What the exception report lists of a received file (mailed or uploaded) its 課's archive could not take
     * ({@link #moveIn} failed): the file as the 課 named it, with {@code where} saying where its original is.
     */
    static Refusal unarchived(IncomingFile incoming, String where, IngestOutcome outcome, String detail) {
        return new Refusal(incoming.departmentName() + "/" + ArchiveNames.shown(incoming.originalName()) + where,
                incoming.departmentName(), Kind.UNARCHIVABLE, incoming.channel() + ":" + outcome.receiptNo(), detail,
                outcome.receiptNo());
    }

    /**
     * Creates {@code relative} below the department's folder and checks that it is really there: a 課 folder,
     * .done or .quarantine someone replaced by a link must not carry files out of the inbox. The links are looked
     * for before anything is created, so that not even an empty folder is made through one.
     */
    static Path insideFolder(Path departmentFolder, String relative) throws IOException {
        Path folder = departmentFolder.resolve(relative);
        Optional<Path> link = LinksOnTheWay.first(departmentFolder, folder.normalize());
        if (link.isPresent()) {
            throw new IOException("Archive folder " + departmentFolder.getFileName()
                    + (link.get().equals(departmentFolder) ? "" : "/" + departmentFolder.relativize(link.get()))
                    + " is a symbolic link: nothing created through it");
        }
        Files.createDirectories(folder);
        Path real = folder.toRealPath();
        Path realDepartment = departmentFolder.toRealPath();
        // inside the department's folder, at the depth asked for (a case-insensitive system may spell it .Done)
        if (!real.startsWith(realDepartment)
                || real.getNameCount() != realDepartment.getNameCount() + Path.of(relative).normalize().getNameCount()) {
            throw new IOException("Archive folder " + relative + " resolves elsewhere (a link?): not used");
        }
        return folder;
    }

    /** Writes a text file, never through a link that may already stand at its name. */
    static void write(Path file, String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private ReceiptFiles() {
    }
}
