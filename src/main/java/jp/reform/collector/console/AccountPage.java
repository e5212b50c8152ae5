package jp.reform.collector.console;

import java.sql.SQLException;
import java.util.Map;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.PasswordPolicy;
import jp.reform.collector.console.auth.SignInThrottle;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.MasterDataException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * パスワードの変更: every signed-in user replaces their own password, such as the one the division issued on 利用者,
 * by typing the current one and the new one twice. The change is written to config/users.csv and recorded in the
 * audit log as the user's own; every session of the user then ends (this one too), and they sign in again.
 */
public final class AccountPage {

    private static final Logger LOG = LoggerFactory.getLogger(AccountPage.class);

    private final UsersFile users;
    private final UserChanges changes;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final ConsolePages pages;
    private final ConsoleScope scope;
    private final PageRenderer renderer;

    AccountPage(UsersFile users, UserChanges changes, PasswordHasher hasher, SignInThrottle throttle,
                ConsolePages pages, ConsoleScope scope, PageRenderer renderer) {
        this.users = users;
        this.changes = changes;
        this.hasher = hasher;
        this.throttle = throttle;
        this.pages = pages;
        this.scope = scope;
        this.renderer = renderer;
    }

    public void show(Exchange exchange) {
        render(exchange, 200, null);
    }

    public void changePassword(Exchange exchange) throws SQLException {
        User user = ConsoleGate.user(exchange);
        // from the form only, never the address, and read as sign-in reads a password
        String current = ConsoleHttp.formField(exchange, "current").orElse("");
        String fresh = ConsoleHttp.formField(exchange, "password").orElse("");
        String repeated = ConsoleHttp.formField(exchange, "repeat").orElse("");
        // guesses at the current password wait as guesses at sign-in do, and count with them
        String address = ConsoleHttp.remoteAddress(exchange);
        SignInThrottle.Admission admission = throttle.admit(user.login(), address);
        if (!admission.admitted()) {
            throttle.refused(user.login(), address, admission.delay());
            render(exchange, 429, "パスワードの入力に続けて失敗したため、" + SignInThrottle.seconds(admission.delay())
                    + "秒後にもう一度操作してください。パスワードは変更していません。");
            return;
        }
        if (!hasher.verify(current, user.passwordHash())) {
            throttle.failed(user.login(), address, admission);
            render(exchange, 400, "現在のパスワードが違います。パスワードは変更していません。");
            return;
        }
        throttle.succeeded(user.login(), address, admission);
        if (PasswordPolicy.problem(fresh).isPresent()) {
            render(exchange, 400, "新しいパスワードは" + PasswordPolicy.MIN_LENGTH + "文字以上（" + PasswordPolicy.MAX_LENGTH
                    + "文字以内）にしてください。パスワードは変更していません。");
            return;
        }
        if (!fresh.equals(repeated)) {
            render(exchange, 400, "新しいパスワードが、確認のために入力したものと一致しません。パスワードは変更していません。");
            return;
        }
        if (fresh.equals(current)) {
            render(exchange, 400, "新しいパスワードが現在のものと同じです。別のパスワードにしてください。");
            return;
        }
        UserDirectory saved;
        try {
            UserDirectory directory = UserDirectory.loadForEditing(users.file(), scope.master());
            User stored = directory.find(user.login()).orElseThrow(ConsoleDenied::signInRequired);
            saved = directory.withUser(stored.withPasswordHash(hasher.hash(fresh))).save();
        } catch (MasterDataException | IllegalStateException e) {
            LOG.warn("Password of {} not changed: {}", LogText.escape(user.login()), LogText.cause(e));
            render(exchange, 500, "利用者の設定ファイルに書き込めなかったため、パスワードは変更していません。"
                    + "時間をおいてもう一度操作するか、行政経営課にご連絡ください。");
            return;
        }
        try {
            changes.record(saved, new UserChanges.Actor(user.login(), user.role().word(),
                    ConsoleHttp.remoteAddress(exchange)));
        } catch (SQLException e) {
            LOG.warn("Password change of {} not recorded in the audit log yet: {}", LogText.escape(user.login()),
                    LogText.cause(e));
        }
        users.reload(); // every session of the user ends, this one too
        LOG.info("Console user {} changed their password", LogText.escape(user.login()));
        Map<String, Object> model = pages.model(exchange, "account");
        model.put("user", null); // signed out now: no menu
        model.put("changed", true);
        ConsoleHttp.html(exchange, 200, renderer.render("account", model));
    }

    private void render(Exchange exchange, int status, String error) {
        Map<String, Object> model = pages.model(exchange, "account");
        model.put("accountError", error);
        model.put("minLength", PasswordPolicy.MIN_LENGTH);
        ConsoleHttp.html(exchange, status, renderer.render("account", model));
    }
}
