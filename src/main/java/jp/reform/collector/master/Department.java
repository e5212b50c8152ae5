package jp.reform.collector.master;

import java.util.List;
import jp.reform.collector.normalise.JapaneseText;

/** A department (課) with the names it had earlier in the plan and its mail addresses. */
public record Department(String name, List<String> formerNames, List<String> emails, List<String> allowedSenders,
                         String notes) {

    /**
     * A name as compared: full- and half-width forms and spaces do not make another 課 (ＤＸ推進課 is
     * DX推進課), since the names are typed by hand in departments.csv, the plans and the users' list.
     */
    public static String nameKey(String name) {
        return JapaneseText.forReading(name);
    }

    /** Whether the name is this 課's current or a former name, as compared by {@link #nameKey}. */
    public boolean isCalled(String anyName) {
        if (anyName == null) {
            return false;
        }
        String key = nameKey(anyName);
        return nameKey(name).equals(key) || formerNames.stream().anyMatch(f -> nameKey(f).equals(key));
    }
}
