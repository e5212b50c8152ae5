package jp.reform.collector.console;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.DepartmentsFile;
import jp.reform.collector.notify.MailAddresses;
import jp.reform.collector.report.ReportText;
import org.apache.camel.Exchange;

/**
 * The 連絡先 form of a 課's page as typed: where its reminders, receipts and 差し戻し go (宛先) and whose mail is
 * taken as its submission (送信元). One address a line (or separated by commas, spaces, 「、」 or 「;」), full-width
 * letters read as half-width. Checked here in the division's words before departments.csv is touched.
 */
record DepartmentAddressesForm(String emails, String allowedSenders) {

    /** Addresses a list takes: a 課 has a few; a form of thousands is not one. */
    static final int MAX_ADDRESSES = 20;
    /** A name before an address in angle brackets, as mail programs copy it. */
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile(
            "(?:\"[^\"\\n]*\"|[^\\s,、;<>|\"]+)?[ \\t]*<([^<>\\s|]+)>");

    static DepartmentAddressesForm of(Exchange exchange) {
        return new DepartmentAddressesForm(ConsoleHttp.param(exchange, "emails").orElse(""),
                ConsoleHttp.param(exchange, "allowed_senders").orElse(""));
    }

    static DepartmentAddressesForm of(DepartmentsFile.Addresses addresses) {
        return new DepartmentAddressesForm(String.join("\n", addresses.emails()),
                String.join("\n", addresses.allowedSenders()));
    }

    /**
     * The addresses to write; a mistake is answered 400 with what to put right.
     *
     * @param department  the 課 whose line this is
     * @param departments every 課, for a sender address another 課 has already
     */
    DepartmentsFile.Addresses checked(String department, List<Department> departments) {
        List<String> to = list(emails, "宛先");
        if (to.isEmpty()) {
            throw ConsoleDenied.badRequest("「宛先」のアドレスを1つ以上入力してください。宛先がないと、督促・受付結果・差し戻しのメールをこの課に送れません。");
        }
        notAddresses("宛先", to.stream().filter(address -> MailAddresses.problem(address).isPresent()
                || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")).toList());
        List<String> from = list(allowedSenders, "送信元");
        notAddresses("送信元", from.stream().filter(address -> !address.matches(
                "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")
                || MailAddresses.problem(address).isPresent()).toList());
        for (String address : from) {
            for (Department other : departments) {
                if (!other.name().equals(department) && other.allowedSenders().stream()
                        .anyMatch(a -> a.strip().equalsIgnoreCase(address))) {
                    throw ConsoleDenied.badRequest("「送信元」の " + address + " は、既に" + other.name() + "の送信元です。"
                            + "同じアドレスからのメールは" + other.name() + "の提出として受け付けるため、この課には登録できません。"
                            + "課ごとに別のアドレスを登録してください。");
                }
            }
        }
        return new DepartmentsFile.Addresses(to, from);
    }

    private static List<String> list(String text, String what) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        Set<String> seen = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        if (normalised.isEmpty()) {
            return addresses;
        }
        // 職員課 <jinji@city.example.jp>, as a mail program copies an address: the address is what counts
        normalised = NAMED.matcher(normalised).replaceAll("$1");
        List<String> unusable = new ArrayList<>();
        for (String part : normalised.split("[\\s,、;]+")) {
            // | separates a column's addresses in departments.csv: a|b@c.jp would be read back as two, the second
            // unchecked (another 課's sender); a leading = is a formula when IT staff open the file in Excel
            if (part.indexOf('|') >= 0 || part.startsWith("=")) {
                unusable.add(part);
            } else if (!part.isEmpty() && seen.add(part.toLowerCase(Locale.ROOT))) {
                addresses.add(part);
            }
        }
        notAddresses(what, unusable);
        if (addresses.size() > MAX_ADDRESSES) {
            throw ConsoleDenied.badRequest("「" + what + "」に登録できるアドレスは" + MAX_ADDRESSES + "件までです（入力："
                    + addresses.size() + "件）。");
        }
        return addresses;
    }

    /** Every address of a list that cannot be used, said at once (400); nothing when there is none. */
    private static void notAddresses(String what, List<String> unusable) {
        if (unusable.isEmpty()) {
            return;
        }
        StringBuilder shown = new StringBuilder();
        for (String address : unusable.subList(0, Math.min(unusable.size(), 10))) {
            shown.append("「").append(ReportText.shorten(address, 61)).append("」");
        }
        throw ConsoleDenied.badRequest("「" + what + "」の" + shown + (unusable.size() > 10 ? "ほか" + (unusable.size() - 10)
                + "件" : "") + "はメールアドレスとして使えません。半角英数字の shokuin@city.example.jp のような形で、"
                + "名前や < > は付けずに、1行に1つずつ入力してください。");
    }
}
