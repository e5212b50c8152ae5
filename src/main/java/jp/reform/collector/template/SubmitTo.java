package jp.reform.collector.template;

import java.util.function.UnaryOperator;

/**
 * Where a filled-in template goes, as the template's 記入方法 tells the department: its folder on the shared
 * drive as its staff open it, and the collection mailbox when there is one.
 *
 * @param folderOf    the department's folder as words for a sentence (「共有フォルダ（\\srv\行革\inbox\職員課）」)
 * @param mailAddress the collection address, or null when files are not taken by mail
 */
public record SubmitTo(UnaryOperator<String> folderOf, String mailAddress) {

    /** 「記入が終わりましたら、…に保存するか、… あてにメールに添付して送付してください。」 */
    String sentence(String department) {
        String folder = folderOf.apply(department);
        return mailAddress == null
                ? "記入が終わりましたら、" + folder + "に保存してください。"
                : "記入が終わりましたら、" + folder + "に保存するか、" + mailAddress
                        + " あてにメールに添付して送付してください。";
    }
}
