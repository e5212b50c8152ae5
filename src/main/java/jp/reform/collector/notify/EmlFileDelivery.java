package jp.reform.collector.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * With no SMTP server configured (the embedded default), mail is written as .eml files that Outlook or
 * Thunderbird opens: outbox/&lt;date&gt;/&lt;id&gt;_&lt;kind&gt;.eml. Written to a temporary name and renamed, so that
 * a half-written file never looks like a mail.
 */
public final class EmlFileDelivery implements MailDelivery {

    private final Path folder;
    private final Clock clock;

    public EmlFileDelivery(Path folder, Clock clock) {
        this.folder = folder.toAbsolutePath();
        this.clock = clock;
    }

    @Override
    public Delivered deliver(long mailId, String kind, byte[] mime, List<String> recipients) throws Exception {
        Path day = folder.resolve(LocalDate.now(clock).toString());
        Files.createDirectories(day);
        Path target = day.resolve("%06d_%s.eml".formatted(mailId, kind));
        Path temporary = day.resolve(target.getFileName() + ".tmp");
        Files.write(temporary, mime);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Delivered.to(target.toString());
    }
}
