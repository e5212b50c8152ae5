package jp.reform.collector.exceptionreport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How the exception report names the way a rejected file came (its 経路 column and the mail's table): in the console's
 * words, so that the division reads 画面から, not the code "upload", and the same word on both.
 */
class ExceptionReportChannelTest {

    @Test
    void everyChannelIsNamedAsTheConsoleNamesIt() {
        assertThat(ExceptionReportText.channel("upload")).isEqualTo("画面から");
        assertThat(ExceptionReportText.channel("folder")).isEqualTo("共有フォルダ");
        assertThat(ExceptionReportText.channel("mail")).isEqualTo("メール");
        assertThat(ExceptionReportText.channel("fax")).as("an unknown one is shown, not hidden").isEqualTo("fax");
    }
}
