package jp.reform.collector.console;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.closing.RoundClosing;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.console.auth.SignIn;
import jp.reform.collector.console.auth.SignInThrottle;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.intake.WebUpload;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.notify.MailSettings;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.SendBackNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.template.SubmitTo;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's beans, bound into Camel main for routes/console.camel.yaml, and the settings of Camel's
 * embedded HTTP server it runs on.
 */
public final class WebConsole {

    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    /**
     * The console's settings (http.* in application.properties).
     *
     * @param uploadsDir     where the HTTP server writes an upload while its request lasts
     * @param stagingDir     where an upload waits for the ingest path
     * @param maxUploadBytes the largest file a department may upload
     * @param trustedProxies http.trusted-proxies: the reverse proxies whose X-Forwarded-For names the client
     * @param idleTimeout    http.idle-timeout-seconds: a connection with no traffic for this long is closed
     */
    public record Settings(String host, int port, boolean secureCookies, Duration sessionIdle, Duration sessionMaxAge,
                           String managementHost,
                           int managementPort, Path uploadsDir, Path stagingDir, long maxUploadBytes,
                           String trustedProxies, Duration idleTimeout) {
    }

    /** Room in a request for the form's other fields and the multipart framing around the file. */
    private static final long FORM_OVERHEAD_BYTES = 64 * 1024;

    private WebConsole() {
    }

    /** @param sessions the signed-in sessions, kept by serve across a reload of the master data */
    public static void bind(Main main, Settings settings, Sessions sessions, Database database, MasterData master,
                            List<CollectionRound> rounds, Path configDir, Path inbox, Clock clock,
                            ExceptionReporter exceptionReporter, SubmitTo submitTo, Outbox outbox,
                            MailSettings mail, RoundClosing closing, FolderRefusalRepository refusals) {
        PasswordHasher hasher = new PasswordHasher();
        Path usersFile = configDir.resolve("users.csv");
        AuditLog audit = new AuditLog(database);
        UserChanges userChanges = new UserChanges(database, audit);
        UsersFile users = new UsersFile(usersFile, master, sessions::invalidateAllOf, directory -> {
            try {
                int changes = userChanges.record(directory);
                if (changes > 0) {
                    LOG.info("Console user changes recorded in the audit log: {}", changes);
                }
            } catch (SQLException e) {
                // not recorded now, so recorded at the next reading of the file or the next start
                LOG.warn("Console user changes not recorded in the audit log yet: {}", LogText.cause(e));
            }
        });
        // one count of wrong passwords per login: at sign-in and as the current one on パスワードの変更 (a session left
        // open on a shared PC must not be a way to guess the password without the sign-in's delays)
        SignInThrottle throttle = new SignInThrottle(clock);
        SignIn signIn = new SignIn(users::current, hasher, throttle);
        PageRenderer renderer = new PageRenderer();
        ConsoleFormat format = new ConsoleFormat(clock.getZone(),
                login -> users.current().find(login).map(User::displayName));
        ConsoleQueries queries = new ConsoleQueries(database, clock.getZone());
        ConsoleScope scope = new ConsoleScope(master, rounds, clock);
        ReviewPage review = new ReviewPage(database, scope, audit, outbox, new SendBackNotice(mail),
                new TemplateWorkbook(submitTo), format, HolidayCalendar.inConfig(configDir));
        ConsolePages pages = new ConsolePages(queries, scope, renderer, format, inbox, review,
                new DepartmentContacts(database, scope, audit, configDir));
        main.bind("consoleReview", review);
        main.bind(ConsoleHttp.CLIENT_ADDRESS_BEAN, ClientAddress.trusting(settings.trustedProxies()));
        main.bind("consoleGate", new ConsoleGate(sessions, audit, login -> users.current().find(login),
                name -> master.department(name).map(Department::name).orElse(name)));
        main.bind("consoleSignIn", new SignInPage(signIn, sessions, renderer, settings.secureCookies(), audit));
        main.bind("consoleAudit", new AuditPage(audit, pages, renderer));
        main.bind("consoleUpload", new UploadPage(new WebUpload(settings.stagingDir(), inbox, clock, refusals), queries, audit,
                settings.maxUploadBytes()));
        main.bind("consoleFinalGrade", new FinalGradePage(new GradeOverrides(database, format::person),
                audit, scope));
        main.bind("consolePages", pages);
        main.bind("consoleDownloads", new ConsoleDownloads(database, scope, pages, exceptionReporter, inbox,
                new TemplateWorkbook(submitTo)));
        main.bind("consoleApi", new ConsoleApi(queries, scope, pages, review));
        main.bind("consoleAssets", new ConsoleAssets());
        main.bind("consoleErrors", new ConsoleErrors(renderer));
        UserAccounts accounts = new UserAccounts(users, userChanges, hasher, master);
        main.bind("consoleUsers", new UsersPage(accounts, pages, scope, renderer, clock));
        main.bind("consoleAccount", new AccountPage(accounts, throttle, pages, renderer));
        main.bind("consoleMail", new MailPage(database, audit, pages, renderer, clock));
        main.bind("consoleDepartments", new DepartmentsPage(database, audit, pages, scope, renderer, configDir, clock));
        main.bind("consolePlans", new PlansPage(configDir, pages, scope, renderer, audit, settings.maxUploadBytes(),
                clock));
        main.bind("consoleRounds", new RoundsPage(database, closing, pages, scope, renderer, format, configDir,
                audit));
        // bound as a Camel lifecycle hook: puts its failure handler on the HTTP server's router once started
        main.bind("consoleRefusedRequests", new RefusedRequests(sessions, renderer, settings.maxUploadBytes(),
                settings.port()));
        // bound as a Camel lifecycle hook too: sets the idle timeout of both HTTP servers once they listen
        main.bind("consoleIdleConnections", new IdleConnections(settings.idleTimeout()));
        // and this one empties data/web-uploads before the server listens, and sweeps it while it runs
        main.bind("consoleUploadLeftovers", new UploadLeftovers(settings.uploadsDir(), clock));
    }

    /** Camel main properties for the embedded server (console) and the management server (health, metrics). */
    public static void configure(Properties properties, Settings settings) {
        properties.setProperty("camel.server.enabled", "true");
        properties.setProperty("camel.server.host", settings.host());
        properties.setProperty("camel.server.port", Integer.toString(settings.port()));
        // uploads are written to disk (never held in memory) and removed by the server when the request ends
        properties.setProperty("camel.server.fileUploadEnabled", "true");
        properties.setProperty("camel.server.fileUploadDirectory", settings.uploadsDir().toAbsolutePath().toString());
        properties.setProperty("camel.server.maxBodySize", Long.toString(settings.maxUploadBytes() + FORM_OVERHEAD_BYTES));
        properties.setProperty("camel.rest.component", "platform-http");
        // Camel would drop the responses' Cache-Control (no-store on everything with data)
        properties.setProperty("camel.component.platform-http.headerFilterStrategy",
                "#class:" + ConsoleHeaderFilter.class.getName());
        properties.setProperty("camel.management.enabled", "true");
        properties.setProperty("camel.management.host", settings.managementHost());
        properties.setProperty("camel.management.port", Integer.toString(settings.managementPort()));
        properties.setProperty("camel.management.healthCheckEnabled", "true");
        properties.setProperty("camel.management.metricsEnabled", "true");
        properties.setProperty("camel.metrics.enabled", "true");
        properties.setProperty("camel.metrics.enableRoutePolicy", "true");
        properties.setProperty("camel.health.exposureLevel", "full");
    }
}
