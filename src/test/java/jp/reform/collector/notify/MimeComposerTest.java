package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the composer makes of outside text bound for a header: one line, never a header of its own. */
class MimeComposerTest {

    private static final String HOSTILE = "報告\r\nBcc: evil@example.com";

    @TempDir
    Path dir;

    @Test
    void lineBreaksInASubjectOrAFileNameNeverStartAHeader() throws Exception {
        OutgoingMail mail = new OutgoingMail("reply", "reply/1", List.of("shokuin@atsugi.example.jp"), List.of(),
                "【行革実績】添付ファイルを受け付けできませんでした（" + HOSTILE + "）", "本文", null,
                List.of(new OutgoingMail.Attachment(HOSTILE + ".xlsx", "application/octet-stream", new byte[] {1})),
                null);

        byte[] mime = new MimeComposer(TestMail.offline(dir), Clock.systemUTC()).compose(mail);

        assertThat(mail.subject()).isEqualTo("【行革実績】添付ファイルを受け付けできませんでした（報告 Bcc: evil@example.com）");
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
        assertThat(parsed.getHeader("Bcc")).isNull();
        assertThat(parsed.getSubject()).isEqualTo(mail.subject());
        BodyPart attachment = ((Multipart) parsed.getContent()).getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("報告 Bcc: evil@example.com.xlsx");
        // no line of the whole message, in any part, starts a Bcc header
        assertThat(new String(mime, StandardCharsets.US_ASCII).split("\r\n"))
                .noneSatisfy(line -> assertThat(line).startsWithIgnoringCase("bcc"));
    }

    @Test
    void everyMailSaysAProgramSentItAnAnswerAsAnAutomaticReply() throws Exception {
        MimeComposer composer = new MimeComposer(TestMail.offline(dir), Clock.systemUTC());
        OutgoingMail reminder = OutgoingMail.text("reminder", "reminder/1", List.of("shokuin@atsugi.example.jp"),
                "【行革実績】実績報告のお願い", "本文");
        OutgoingMail reply = new OutgoingMail("reply", "reply/2", List.of("shokuin@atsugi.example.jp"), List.of(),
                "Re: 実績報告", "本文", null, List.of(), null,
                MailThread.of("<m1@atsugi.example.jp>", null, "実績報告"));

        MimeMessage generated = parsed(composer.compose(reminder));
        MimeMessage replied = parsed(composer.compose(reply));

        assertThat(generated.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(replied.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(replied.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("OOF, AutoReply");
    }

    private static MimeMessage parsed(byte[] mime) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
    }

    @Test
    void controlAndBidiCharactersAreTakenOut() {
        assertThat(HeaderText.oneLine("a\tb\u0000\u0007c\u2028d")).isEqualTo("a b c d");
        assertThat(HeaderText.oneLine("報告\u202Exslx.exe")).isEqualTo("報告xslx.exe");
        assertThat(HeaderText.oneLine("  \r\n実績\r\n ")).isEqualTo("実績");
        assertThat(HeaderText.oneLine(null)).isNull();
    }
}
