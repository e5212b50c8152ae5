package jp.reform.collector.console.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a console user may do, written in config/users.csv as {@code admin}, {@code viewer} or {@code department}. */
public enum Role {
    /** The administrative division (行政経営課): every department, and user and round administration. */
    ADMIN("admin"),
    /** Committee members: read only, every department. */
    VIEWER("viewer"),
    /** One department (課): only its own rows, files and receipts. */
    DEPARTMENT("department");

    private final String word;

    Role(String word) {
        this.word = word;
    }

    /** The word used in users.csv and on the command line. */
    public String word() {
        return word;
    }

    /** The role a CSV word names, compared without case and surrounding spaces; empty for any other word. */
    public static Optional<Role> parse(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String wanted = word.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.word.equals(wanted)).findFirst();
    }

    /** The words for messages: {@code admin, viewer, department}. */
    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(Role::word).toList());
    }
}
