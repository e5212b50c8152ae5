package jp.reform.collector.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.console.auth.InitialPassword;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.Department;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 利用者: the division adds console users, gives a new password to one who forgot theirs and removes one who left,
 * instead of asking IT staff to run {@code users}. The page never sees or shows a password it did not make: a new
 * user or a reset gets a generated one ({@link InitialPassword}), shown once on the page the POST leads to (kept
 * for that session's next look only: never in an address or a log, and a reload neither shows it again nor makes
 * another) for the division to hand over, and its holder changes it on パスワードの変更. The file is written through
 * {@link UserAccounts}; a changed or removed user is signed out at their next click. Resetting and removing take a
 * ticked box, and nobody resets or removes themselves here (a slip would lock them out), so the division keeps at
 * least the member doing it.
 */
public final class UsersPage {

    private static final Logger LOG = LoggerFactory.getLogger(UsersPage.class);
    /** The longest display name the page takes. */
    static final int NAME_CHARS = 60;

    private final UserAccounts accounts;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;
    private final OneTimeNotices<Notice> notices;

    UsersPage(UserAccounts accounts, ConsolePages pages, ConsoleScope scope, PageRenderer renderer, Clock clock) {
        this.accounts = accounts;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
        this.notices = new OneTimeNotices<>(clock);
    }

    /** The add form as typed, shown again with a refusal. */
    record AddForm(String login, String name, String role, String department) {

        static AddForm blank() {
            return new AddForm("", "", "department", "");
        }
    }

    /** A password made for a user, shown once. */
    public record Issued(User user, String password, boolean added) {
    }

    /** What a POST says on the page it leads to: a password made, or a sentence. */
    record Notice(Issued issued, String text) {
    }

    public void show(Exchange exchange) {
        ConsoleGate.administrator(exchange);
        Notice notice = notices.take(ConsoleGate.session(exchange).id()).orElse(null);
        render(exchange, 200, AddForm.blank(), null, notice);
    }

    public void add(Exchange exchange) {
        User admin = ConsoleGate.administrator(exchange);
        AddForm form = new AddForm(field(exchange, "login"), field(exchange, "display_name"),
                field(exchange, "role"), field(exchange, "department"));
        List<String> problems = new ArrayList<>();
        User user = checked(form, problems);
        if (user != null && accounts.current().find(user.login()).isPresent()) {
            problems.add("ログインID「" + user.login() + "」は既に登録されています。パスワードを忘れた場合は、"
                    + "一覧の「パスワードを再発行」を使ってください。");
        }
        if (!problems.isEmpty()) {
            render(exchange, 400, form, String.join("", problems), null);
            return;
        }
        String password = InitialPassword.generate();
        String hash = accounts.hash(password);
        accounts.change(directory -> {
            if (directory.find(user.login()).isPresent()) { // added meanwhile, by hand or another page
                throw ConsoleDenied.conflict("ログインID「" + user.login() + "」は、この操作の間に登録されました。"
                        + "画面を更新して確認してください。");
            }
            return directory.withUser(user.withPasswordHash(hash));
        }, actor(exchange, admin));
        LOG.info("Console user {} ({}) added by {}", LogText.escape(user.login()), user.role().word(),
                LogText.escape(admin.login()));
        done(exchange, new Notice(new Issued(user, password, true), null), "#issued");
    }

    public void resetPassword(Exchange exchange) {
        User admin = ConsoleGate.administrator(exchange);
        User user = existing(exchange);
        if (User.loginKey(user.login()).equals(User.loginKey(admin.login()))) {
            throw ConsoleDenied.badRequest("ご自身のパスワードは「パスワードの変更」で変更してください。");
        }
        confirmed(exchange, "再発行する", "パスワードを再発行");
        String password = InitialPassword.generate();
        String hash = accounts.hash(password);
        // the user as the file has them now: one removed or changed meanwhile is not put back as it was
        accounts.change(directory -> directory.withUser(directory.find(user.login()).orElseThrow(ConsoleDenied::notFound)
                .withPasswordHash(hash)), actor(exchange, admin));
        LOG.info("Console user {} given a new password by {}", LogText.escape(user.login()), LogText.escape(admin.login()));
        done(exchange, new Notice(new Issued(user, password, false), null), "#issued");
    }

    public void remove(Exchange exchange) {
        User admin = ConsoleGate.administrator(exchange);
        User user = existing(exchange);
        if (User.loginKey(user.login()).equals(User.loginKey(admin.login()))) {
            throw ConsoleDenied.badRequest("ご自身は削除できません。別の" + scope.division() + "の利用者に依頼してください。");
        }
        confirmed(exchange, "削除する", "削除");
        // nobody removes themselves, so the division always keeps the member who did this
        accounts.change(directory -> directory.withoutUser(user.login()), actor(exchange, admin));
        LOG.info("Console user {} removed by {}", LogText.escape(user.login()), LogText.escape(admin.login()));
        done(exchange, new Notice(null, user.displayName() + " さん（ログインID " + user.login() + "）を削除しました。"), "");
    }

    /** Back to the list, which says what was done once: a reload of it neither repeats the POST nor the notice. */
    private void done(Exchange exchange, Notice notice, String anchor) {
        notices.put(ConsoleGate.session(exchange).id(), notice);
        ConsoleHttp.redirect(exchange, "/users" + anchor);
    }

    /** An action that takes a ticked box: the console runs no script to ask "are you sure?". */
    private static void confirmed(Exchange exchange, String box, String button) {
        if (ConsoleHttp.param(exchange, "confirm").filter("yes"::equals).isEmpty()) {
            throw ConsoleDenied.badRequest("「" + box + "」にチェックを入れてから「" + button + "」を押してください。");
        }
    }

    private void render(Exchange exchange, int status, AddForm form, String error, Notice notice) {
        Map<String, Object> model = pages.model(exchange, "users");
        model.put("users", accounts.current().all());
        model.put("departments", scope.master().departments().stream().map(Department::name).toList());
        model.put("roles", roles(scope.division()));
        model.put("addForm", form);
        model.put("usersError", error);
        model.put("issued", notice == null ? null : notice.issued());
        model.put("usersNotice", notice == null ? null : notice.text());
        ConsoleHttp.html(exchange, status, renderer.render("users", model));
    }

    private static Map<String, String> roles(String division) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put(Role.DEPARTMENT.word(), "担当課（自課の状況・提出のみ）");
        roles.put(Role.VIEWER.word(), "閲覧（委員など。全課を閲覧のみ）");
        roles.put(Role.ADMIN.word(), division + "（すべての操作）");
        return roles;
    }

    /** The user to add, every problem of the form said at once; null when there is one. */
    private User checked(AddForm form, List<String> problems) {
        // . and .. are path segments: /users/../password is /password, and the user could be neither reset nor removed
        if (!User.isValidLogin(form.login()) || form.login().equals(".") || form.login().equals("..")) {
            problems.add("ログインIDは、半角の英数字と . _ @ - で64文字以内にしてください（例：zaisei01）。");
        }
        String name = form.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > NAME_CHARS) {
            problems.add("氏名（画面に表示する名前）を" + NAME_CHARS + "字以内で入力してください（例：財政課 佐藤）。");
        }
        Role role = Role.parse(form.role()).orElse(null);
        String department = null;
        if (role == null) {
            problems.add("役割を選んでください。");
        } else if (role == Role.DEPARTMENT) {
            department = scope.master().department(form.department()).map(Department::name).orElse(null);
            if (department == null) {
                problems.add("担当課の利用者には、課を選んでください。");
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new User(form.login(), name, role, department, "");
        } catch (IllegalArgumentException e) {
            problems.add("この内容では利用者を登録できません。入力内容を確認してください。");
            return null;
        }
    }

    private User existing(Exchange exchange) {
        String login = ConsoleHttp.pathParam(exchange, "login").orElseThrow(ConsoleDenied::notFound);
        return accounts.current().find(login).orElseThrow(ConsoleDenied::notFound);
    }

    private static UserChanges.Actor actor(Exchange exchange, User admin) {
        return new UserChanges.Actor(admin.login(), admin.role().word(), ConsoleHttp.remoteAddress(exchange));
    }

    private static String field(Exchange exchange, String name) {
        return ConsoleHttp.param(exchange, name).orElse("");
    }
}
