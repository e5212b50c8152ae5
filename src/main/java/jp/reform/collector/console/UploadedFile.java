package jp.reform.collector.console;

import java.io.File;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.intake.WebUpload;
import org.apache.camel.Exchange;

/**
 * A file sent with a form (a 課's results on 提出, a plan workbook on 計画): what the server wrote to disk and the
 * name the browser sent, refused (400) in the page's words when no file was chosen or it is larger than allowed.
 */
record UploadedFile(File file, String name) {

    /**
     * @param noFile   what the page says when no file came with the form
     * @param tooLarge what it adds after the sizes when the file is larger than {@code maxBytes} (what to do)
     */
    static UploadedFile of(Exchange exchange, long maxBytes, String noFile, String tooLarge) {
        Object body = exchange.getMessage().getBody();
        String name = WebUpload.sentName(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        if (!(body instanceof File file) || name == null || name.isBlank()) {
            throw ConsoleDenied.badRequest(noFile);
        }
        ConsoleHttp.withoutNul(name);
        if (file.length() > maxBytes) {
            throw ConsoleDenied.badRequest("%s は %s MB で、受け付けられる大きさ（%s MB）を超えています。".formatted(
                    name, Limits.megabytes(file.length()), Limits.megabytes(maxBytes)) + tooLarge);
        }
        return new UploadedFile(file, name);
    }
}
