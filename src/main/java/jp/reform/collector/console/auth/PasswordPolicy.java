package jp.reform.collector.console.auth;

import java.util.Optional;

/** What a new password must be: long enough to resist guessing, short enough to be hashed on every sign-in. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private PasswordPolicy() {
    }

    /** Why the password cannot be used, in English for the operator; empty when it is acceptable. */
    public static Optional<String> problem(CharSequence password) {
        int length = password == null ? 0 : Character.codePointCount(password, 0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("The password must be at least " + MIN_LENGTH + " characters long (it has "
                    + length + ").");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("The password must be at most " + MAX_LENGTH + " characters long.");
        }
        return Optional.empty();
    }
}
