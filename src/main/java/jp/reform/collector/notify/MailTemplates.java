package jp.reform.collector.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.domain.BidiControls;

/**
 * The Japanese e-mail texts, kept as resources in /mail/*.txt so that they read as the mail does. The
 * first line is {@code Subject: …}, then a blank line and the body; {@code {{name}}} is replaced.
 */
public final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9_]+)}}");

    /** A filled-in template. */
    public record Filled(String subject, String body) {
    }

    public static Filled fill(String template, Map<String, String> values) {
        String text = load(template);
        int end = text.indexOf('\n');
        if (!text.startsWith("Subject: ") || end < 0) {
            throw new IllegalStateException("Mail template " + template + " must start with 'Subject: '");
        }
        String subject = replace(template, text.substring("Subject: ".length(), end).strip(), values);
        String body = replace(template, text.substring(end + 1).stripLeading(), values);
        // mail bodies travel with CRLF line ends
        return new Filled(subject, body.replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    private static String replace(String template, String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("Mail template " + template + " needs a value for " + m.group(1));
            }
            // what people wrote (a name, a file name, a comment) cannot turn round the mail's sentence around it
            m.appendReplacement(out, Matcher.quoteReplacement(BidiControls.shown(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String load(String template) {
        try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + template + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("Mail template not found: /mail/" + template + ".txt");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MailTemplates() {
    }
}
