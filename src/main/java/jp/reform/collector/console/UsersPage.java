package jp.reform.collector.console;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.reform.collector.console.auth.InitialPassword;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterDataException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 利用者: the division adds console users, gives a new password to one who forgot theirs and removes one who left,
 * instead of asking IT staff to run {@code users}. The page never sees or shows a password it did not make: a new
 * user or a reset gets a generated one ({@link InitialPassword}), shown once on the answer to that POST (never in a
 * URL or a log) for the division to hand over, and its holder changes it on パスワードの変更. config/users.csv is
 * written as the command writes it (atomic, owner-only, refused when it changed meanwhile); each change is in the
 * audit log as the division member's; a changed or removed user is signed out at their next click. Nobody removes
 * or resets themselves here (a slip would lock them out), so the division keeps at least the member doing it.
 */
public final class UsersPage {

    private static final Logger LOG = LoggerFactory.getLogger(UsersPage.class);
    /** The longest display name the page takes. */
    static final int NAME_CHARS = 60;

    private final UsersFile users;
    private final UserChanges changes;
    private final PasswordHasher hasher;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;

    UsersPage(UsersFile users, UserChanges changes, PasswordHasher hasher, ConsolePages pages, ConsoleScope scope,
              PageRenderer renderer) {
        this.users = users;
        this.changes = changes;
        this.hasher = hasher;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
    }

    /** The add form as typed, shown again with a refusal. */
    record AddForm(String login, String name, String role, String department) {

        static AddForm blank() {
            return new AddForm("", "", "department", "");
        }
    }

    public void show(Exchange exchange) {
        admin(exchange);
        render(exchange, 200, AddForm.blank(), null, null, removedNotice(exchange));
    }

    public void add(Exchange exchange) throws SQLException {
        User admin = admin(exchange);
        AddForm form = new AddForm(field(exchange, "login"), field(exchange, "display_name"),
                field(exchange, "role"), field(exchange, "department"));
        User user;
        try {
            user = checked(form);
        } catch (ConsoleDenied refused) {
            if (refused.status() != 400) {
                throw refused;
            }
            render(exchange, 400, form, refused.getMessage(), null, null);
            return;
        }
        UserDirectory directory = editable();
        if (directory.find(user.login()).isPresent()) {
            render(exchange, 400, form, "ログインID「" + user.login() + "」は既に登録されています。パスワードを忘れた場合は、"
                    + "一覧の「パスワードを再発行」を使ってください。", null, null);
            return;
        }
        String password = InitialPassword.generate();
        save(exchange, admin, directory.withUser(user.withPasswordHash(hasher.hash(password))));
        LOG.info("Console user {} ({}) added by {}", LogText.escape(user.login()), user.role().word(),
                LogText.escape(admin.login()));
        render(exchange, 200, AddForm.blank(), null, new Issued(user, password, true), null);
    }

    public void resetPassword(Exchange exchange) throws SQLException {
        User admin = admin(exchange);
        User user = existing(exchange);
        if (User.loginKey(user.login()).equals(User.loginKey(admin.login()))) {
            throw ConsoleDenied.badRequest("ご自身のパスワードは「パスワードの変更」で変更してください。");
        }
        String password = InitialPassword.generate();
        save(exchange, admin, editable().withUser(user.withPasswordHash(hasher.hash(password))));
        LOG.info("Console user {} given a new password by {}", LogText.escape(user.login()), LogText.escape(admin.login()));
        render(exchange, 200, AddForm.blank(), null, new Issued(user, password, false), null);
    }

    public void remove(Exchange exchange) throws SQLException {
        User admin = admin(exchange);
        User user = existing(exchange);
        if (User.loginKey(user.login()).equals(User.loginKey(admin.login()))) {
            throw ConsoleDenied.badRequest("ご自身は削除できません。別の行政経営課の利用者に依頼してください。");
        }
        if (!ConsoleHttp.param(exchange, "confirm").filter("yes"::equals).isPresent()) {
            throw ConsoleDenied.badRequest("削除する場合は、「削除する」にチェックを入れてから「削除」を押してください。");
        }
        // nobody removes themselves, so the division always keeps the member who did this
        save(exchange, admin, editable().withoutUser(user.login()));
        LOG.info("Console user {} removed by {}", LogText.escape(user.login()), LogText.escape(admin.login()));
        ConsoleHttp.redirect(exchange, "/users?removed=" + ConsoleHttp.encode(user.login()));
    }

    /** A password made for a user, shown once on the answer to the POST that made it. */
    public record Issued(User user, String password, boolean added) {
    }

    private void render(Exchange exchange, int status, AddForm form, String error, Issued issued, String notice) {
        Map<String, Object> model = pages.model(exchange, "users");
        model.put("users", users.current().all());
        model.put("departments", scope.master().departments().stream().map(Department::name).toList());
        model.put("roles", roles());
        model.put("addForm", form);
        model.put("usersError", error);
        model.put("issued", issued);
        model.put("usersNotice", notice);
        ConsoleHttp.html(exchange, status, renderer.render("users", model));
    }

    private static Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put(Role.DEPARTMENT.word(), "担当課（自課の状況・提出のみ）");
        roles.put(Role.VIEWER.word(), "閲覧（委員など。全課を閲覧のみ）");
        roles.put(Role.ADMIN.word(), "行政経営課（すべての操作）");
        return roles;
    }

    private String removedNotice(Exchange exchange) {
        return ConsoleHttp.param(exchange, "removed").filter(User::isValidLogin)
                .map(login -> "利用者「" + login + "」を削除しました。").orElse(null);
    }

    /** The user to add, checked in the page's words. */
    private User checked(AddForm form) {
        // . and .. are path segments: /users/../password is /password, and the user could be neither reset nor removed
        if (!User.isValidLogin(form.login()) || form.login().equals(".") || form.login().equals("..")) {
            throw ConsoleDenied.badRequest("ログインIDは、半角の英数字と . _ @ - で64文字以内にしてください（例：zaisei01）。");
        }
        String name = form.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > NAME_CHARS) {
            throw ConsoleDenied.badRequest("氏名（画面に表示する名前）を" + NAME_CHARS + "字以内で入力してください（例：財政課 佐藤）。");
        }
        Role role = Role.parse(form.role()).orElseThrow(() -> ConsoleDenied.badRequest("役割を選んでください。"));
        String department = null;
        if (role == Role.DEPARTMENT) {
            department = scope.master().department(form.department()).map(Department::name).orElseThrow(
                    () -> ConsoleDenied.badRequest("担当課の利用者には、課を選んでください。"));
        }
        try {
            return new User(form.login(), name, role, department, "");
        } catch (IllegalArgumentException e) {
            throw ConsoleDenied.badRequest("この内容では利用者を登録できません。入力内容を確認してください。");
        }
    }

    private User existing(Exchange exchange) {
        String login = ConsoleHttp.pathParam(exchange, "login").orElseThrow(ConsoleDenied::notFound);
        return users.current().find(login).orElseThrow(ConsoleDenied::notFound);
    }

    /** The users file as it is now, for a change; its problems are said to the division and logged for IT staff. */
    private UserDirectory editable() {
        try {
            UserDirectory directory = UserDirectory.loadForEditing(users.file(), scope.master());
            if (!directory.existed()) {
                // a list made afresh would hold only this change: everyone else, this member too, would be gone
                // (and recorded as removed by them)
                throw new MasterDataException(users.file(), "does not exist");
            }
            return directory;
        } catch (MasterDataException e) {
            LOG.warn("Users file cannot be read for a change on the console: {}", LogText.cause(e));
            throw ConsoleDenied.badRequest("利用者の設定ファイル（config/users.csv）を読み取れないため、変更していません。"
                    + "IT担当にご連絡ください。");
        }
    }

    /** Writes the users and records the change as the division member's before the file is read again. */
    private void save(Exchange exchange, User admin, UserDirectory changed) throws SQLException {
        UserDirectory saved;
        try {
            saved = changed.save();
        } catch (IllegalStateException e) {
            LOG.warn("Users file not changed on the console: {}", LogText.cause(e));
            throw ConsoleDenied.stale("利用者の設定ファイル（config/users.csv）が、この操作の間に変わったか、書き込めませんでした。"
                    + "変更していません。画面を更新して確認してから、もう一度操作してください。");
        }
        try {
            changes.record(saved, new UserChanges.Actor(admin.login(), admin.role().word(),
                    ConsoleHttp.remoteAddress(exchange)));
        } catch (SQLException e) {
            // recorded as the file's change at its next reading instead, as a change made by the command is
            LOG.warn("Console user change not recorded in the audit log yet: {}", LogText.cause(e));
        }
        users.reload(); // signs out a user whose password or role changed, or who was removed
    }

    private static User admin(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden(); // the route's gate already refused; a second lock on the door
        }
        return user;
    }

    private static String field(Exchange exchange, String name) {
        return ConsoleHttp.param(exchange, name).orElse("");
    }
}
