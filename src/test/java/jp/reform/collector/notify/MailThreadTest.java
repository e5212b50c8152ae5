package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MailThreadTest {

    @Test
    void aReceiptAnswersTheMailInItsThreadWithReAndTheSameSubject() {
        MailThread thread = MailThread.of("<a1@city.example.jp>", "<a0@city.example.jp>", "実績報告（職員課）");

        assertThat(thread.replySubject("【行革実績】受け付けました")).isEqualTo("Re: 実績報告（職員課）");
        assertThat(thread.messageId()).isEqualTo("<a1@city.example.jp>");
        assertThat(thread.referencesHeader()).isEqualTo("<a0@city.example.jp> <a1@city.example.jp>");
    }

    @Test
    void aSubjectThatIsAlreadyAReplyGetsNoSecondReAndAnEmptyOneKeepsOurs() {
        assertThat(MailThread.of("<a@x>", null, "RE: 実績報告").replySubject("ours")).isEqualTo("RE: 実績報告");
        assertThat(MailThread.of("<a@x>", null, "Ｒｅ：実績報告").replySubject("ours")).isEqualTo("Ｒｅ：実績報告");
        assertThat(MailThread.of("<a@x>", null, "  ").replySubject("【行革実績】受け付けました"))
                .isEqualTo("【行革実績】受け付けました");
    }

    @Test
    void aMailWithoutAUsableMessageIdIsAnsweredOutsideAnyThread() {
        assertThat(MailThread.of(null, "<a0@x>", "実績報告")).isNull();
        assertThat(MailThread.of("no brackets here", null, "実績報告")).isNull();
        assertThat(MailThread.of("<a@x> <b@x>", null, "実績報告")).isNull();
    }

    @Test
    void hostileHeadersNeverReachOurs() {
        MailThread thread = MailThread.of("<a1@x>\r\nBcc: evil@example.com",
                "<ok@x> <bad id@x>\r\nBcc: evil@example.com <" + "x".repeat(300) + "@x>", "報告\r\nBcc: evil@example.com");

        assertThat(thread.messageId()).isEqualTo("<a1@x>");
        assertThat(thread.referencesHeader()).isEqualTo("<ok@x> <a1@x>").doesNotContain("\r", "\n", "evil");
        assertThat(thread.replySubject("ours")).doesNotContain("\r", "\n");
    }

    @Test
    void aLongChainKeepsOnlyTheNewestReferences() {
        String chain = IntStream.range(0, 50).mapToObj(i -> "<m" + i + "@x>").collect(Collectors.joining(" "));

        MailThread thread = MailThread.of("<new@x>", chain, "実績報告");

        assertThat(thread.references()).hasSize(10).startsWith("<m41@x>").endsWith("<new@x>");
    }
}
