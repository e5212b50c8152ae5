package jp.reform.collector.notify;

import java.util.List;
import java.util.Map;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.master.Plan;
import jp.reform.collector.store.FolderRefusalRepository.ToTell;

/**
 * The mail telling a 課 what lies unread in its own folder of the shared inbox (a folder made inside it, a
 * shortcut, a name that cannot be read …) and what to do about each: what it saved there was not submitted,
 * and without this mail only the division's exception report would say so.
 */
public final class UnreadItemNotice {

    /** Items listed in one mail; the rest are counted (a folder of a thousand shortcuts is one mail, not a book). */
    static final int LISTED = 50;

    private final MailSettings settings;

    public UnreadItemNotice(MailSettings settings) {
        this.settings = settings;
    }

    /**
     * @param department the 課 as registered (its name heads the mail)
     * @param folder     the folder the items lie in, as named in the inbox (a former name of the 課, say)
     * @param items      the items, oldest first; at least one
     */
    public OutgoingMail mail(String department, List<String> to, String folder, List<ToTell> items, Plan contactPlan) {
        StringBuilder listed = new StringBuilder();
        for (ToTell item : items.subList(0, Math.min(LISTED, items.size()))) {
            listed.append("・").append(ArchiveNames.shown(inFolder(folder, item.itemPath()))).append('\n')
                    .append("　").append(Messages.text("unread_notice.kind." + item.kind().dbValue()
                            + (item.quarantined() ? ".quarantined" : ""))).append("\n\n");
        }
        if (items.size() > LISTED) {
            listed.append(Messages.text("unread_notice.more", items.size() - LISTED)).append("\n\n");
        }
        var filled = MailTemplates.fill("unread-items", Map.of(
                "department", department,
                "folder", settings.departmentFolder(folder),
                // the items a blank line apart, one blank line before what follows
                "items", listed.toString().stripTrailing() + "\n",
                "admin_department", Signature.adminDepartment(contactPlan),
                "signature", Signature.of(contactPlan)));
        // one mail per set of items: the first item is in no other mail
        return OutgoingMail.text("unread_items", "unread-items/" + items.get(0).id(), to, filled.subject(),
                filled.body());
    }

    /** The item's path below its 課's folder, as its staff see it on the share (folders joined by a backslash). */
    static String inFolder(String folder, String itemPath) {
        String below = itemPath.startsWith(folder + "/") ? itemPath.substring(folder.length() + 1) : itemPath;
        return below.replace('/', '\\');
    }
}
