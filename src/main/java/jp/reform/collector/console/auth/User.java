package jp.reform.collector.console.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A console user as listed in config/users.csv. {@code department} is the department's current name
 * (former names are resolved when the list is read) and is set only for {@link Role#DEPARTMENT}.
 */
public record User(String login, String displayName, Role role, String department, String passwordHash) {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public User {
        Objects.requireNonNull(role, "role");
        if (login == null || !isValidLogin(login)) {
            throw new IllegalArgumentException("a login is 1 to 64 of the characters A-Z a-z 0-9 . _ @ -");
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("the display name is empty");
        }
        if (displayName.chars().anyMatch(Character::isISOControl)) {
            // one user is one line of users.csv
            throw new IllegalArgumentException("the display name contains a line break or control character");
        }
        if ((role == Role.DEPARTMENT) != (department != null)) {
            throw new IllegalArgumentException(role == Role.DEPARTMENT ? "a department user needs a department"
                    : "only a department user has a department; " + role.word() + " sees every department");
        }
    }

    public static boolean isValidLogin(String login) {
        return login != null && LOGIN.matcher(login).matches();
    }

    /** Logins are unique without case: {@code Tanaka} and {@code tanaka} are one user. */
    public static String loginKey(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    /** Whether the user may read the rows, files and receipts of a department (by its current name). */
    public boolean maySeeDepartment(String departmentName) {
        return role != Role.DEPARTMENT || department.equals(departmentName);
    }

    /** Admin and viewer see every department; a department user only its own. */
    public boolean maySeeAllDepartments() {
        return role != Role.DEPARTMENT;
    }

    /**
     * Whether the user may submit a file for a department (by its current name): that department's own users
     * only. The division reviews and sends back, but a file is always the department's (the upload refuses
     * any other role), so no one else is offered the form.
     */
    public boolean maySubmitFor(String departmentName) {
        return role == Role.DEPARTMENT && department.equals(departmentName);
    }

    /** Users, rounds and settings: the administrative division only. */
    public boolean mayAdminister() {
        return role == Role.ADMIN;
    }

    public User withPasswordHash(String newHash) {
        return new User(login, displayName, role, department, newHash);
    }

    /** Without the password hash: a user may end up in a log line or an exception message. */
    @Override
    public String toString() {
        return "User[" + login + ", " + role.word() + (department == null ? "" : ", " + department) + "]";
    }
}
